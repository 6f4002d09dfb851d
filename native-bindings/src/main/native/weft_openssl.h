/*
 * The OpenSSL 3 functions Weft's TLS engine calls through FFM, in four groups, one binding class each:
 * libcrypto (dev.weft.openssl.LibCrypto), SSL_CTX and its methods (dev.weft.openssl.LibSslContext), the
 * verification of peers' certificates (dev.weft.openssl.LibSslVerify), and one connection's SSL
 * (dev.weft.openssl.LibSsl). The classes are written by hand in the shape jextract generates
 * (see regenerate-openssl.sh beside it); keep them in step with this header.
 *
 * Macros such as SSL_CTX_set_mode or SSL_CTX_set_min_proto_version are not functions: the bindings call the
 * SSL_CTX_ctrl and SSL_ctrl they expand to, with the command numbers from ssl.h that LibSslContext names.
 */
#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/x509.h>

/* libcrypto */
unsigned long OpenSSL_version_num(void);
unsigned long ERR_get_error(void);
void ERR_clear_error(void);
const char *ERR_reason_error_string(unsigned long e);
void ERR_error_string_n(unsigned long e, char *buf, size_t len);
X509 *d2i_X509(X509 **a, const unsigned char **pp, long length);
void X509_free(X509 *a);
EVP_PKEY *d2i_AutoPrivateKey(EVP_PKEY **a, const unsigned char **pp, long length);
void EVP_PKEY_free(EVP_PKEY *pkey);
const BIO_METHOD *BIO_s_mem(void);
BIO *BIO_new(const BIO_METHOD *type);
BIO *BIO_new_socket(int sock, int close_flag);
int BIO_write(BIO *b, const void *data, int dlen);
int BIO_up_ref(BIO *a);
int BIO_free(BIO *a);
int OPENSSL_sk_num(const OPENSSL_STACK *st);
void *OPENSSL_sk_value(const OPENSSL_STACK *st, int i);
const char *X509_verify_cert_error_string(long n);
int X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *param, const char *ipasc);
const EVP_CIPHER *EVP_aes_128_cbc(void);
const EVP_CIPHER *EVP_aes_256_cbc(void);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl, const unsigned char *key,
                       const unsigned char *iv);
int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl, const unsigned char *key,
                       const unsigned char *iv);
int EVP_MAC_CTX_set_params(EVP_MAC_CTX *ctx, const OSSL_PARAM params[]);
int RAND_bytes(unsigned char *buf, int num);
int X509_STORE_set_flags(X509_STORE *ctx, unsigned long flags);
int i2d_X509(const X509 *a, unsigned char **out);

/* libssl: contexts */
const SSL_METHOD *TLS_server_method(void);
const SSL_METHOD *TLS_client_method(void);
SSL_CTX *SSL_CTX_new(const SSL_METHOD *method);
void SSL_CTX_free(SSL_CTX *ctx);
long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
long SSL_CTX_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void));
uint64_t SSL_CTX_set_options(SSL_CTX *ctx, uint64_t options);
int SSL_CTX_set_cipher_list(SSL_CTX *ctx, const char *str);
int SSL_CTX_set_ciphersuites(SSL_CTX *ctx, const char *str);
STACK_OF(SSL_CIPHER) *SSL_CTX_get_ciphers(const SSL_CTX *ctx);
int SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x);
int SSL_CTX_use_PrivateKey(SSL_CTX *ctx, EVP_PKEY *pkey);
int SSL_CTX_check_private_key(const SSL_CTX *ctx);
void SSL_CTX_set_alpn_select_cb(SSL_CTX *ctx, SSL_CTX_alpn_select_cb_func cb, void *arg);
long SSL_CTX_set_timeout(SSL_CTX *ctx, long t);
int SSL_CTX_set_session_id_context(SSL_CTX *ctx, const unsigned char *sid_ctx, unsigned int sid_ctx_len);
int SSL_CTX_set_num_tickets(SSL_CTX *ctx, size_t num_tickets);
void SSL_CTX_set_default_read_buffer_len(SSL_CTX *ctx, size_t len);
void SSL_CTX_sess_set_new_cb(SSL_CTX *ctx, int (*new_session_cb)(SSL *, SSL_SESSION *));
int SSL_CTX_set_tlsext_ticket_key_evp_cb(SSL_CTX *ctx, int (*fp)(SSL *, unsigned char *, unsigned char *,
                                        EVP_CIPHER_CTX *, EVP_MAC_CTX *, int));
const char *SSL_CIPHER_get_name(const SSL_CIPHER *c);
const char *SSL_CIPHER_standard_name(const SSL_CIPHER *c);
int SSL_select_next_proto(unsigned char **out, unsigned char *outlen, const unsigned char *server,
                          unsigned int server_len, const unsigned char *client, unsigned int client_len);

/* libssl: verification */
void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, SSL_verify_cb callback);
void SSL_CTX_set_verify_depth(SSL_CTX *ctx, int depth);
int SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *CAfile, const char *CApath);
int SSL_CTX_set_default_verify_paths(SSL_CTX *ctx);
STACK_OF(X509_NAME) *SSL_load_client_CA_file(const char *file);
void SSL_CTX_set_client_CA_list(SSL_CTX *ctx, STACK_OF(X509_NAME) *name_list);
X509_STORE *SSL_CTX_get_cert_store(const SSL_CTX *ctx);
int SSL_set1_host(SSL *s, const char *hostname);
long SSL_get_verify_result(const SSL *ssl);
X509 *SSL_get1_peer_certificate(const SSL *s);
X509_VERIFY_PARAM *SSL_get0_param(SSL *ssl);

/* libssl: connections */
SSL *SSL_new(SSL_CTX *ctx);
void SSL_free(SSL *ssl);
int SSL_set_fd(SSL *ssl, int fd);
void SSL_set0_rbio(SSL *s, BIO *rbio);
void SSL_set0_wbio(SSL *s, BIO *wbio);
void SSL_set_accept_state(SSL *ssl);
void SSL_set_connect_state(SSL *ssl);
int SSL_do_handshake(SSL *ssl);
int SSL_peek(SSL *ssl, void *buf, int num);
int SSL_shutdown(SSL *ssl);
int SSL_get_error(const SSL *ssl, int ret);
int SSL_pending(const SSL *ssl);
int SSL_has_pending(const SSL *ssl);
SSL_CTX *SSL_set_SSL_CTX(SSL *ssl, SSL_CTX *ctx);
const char *SSL_get_servername(const SSL *s, const int type);
void SSL_get0_alpn_selected(const SSL *ssl, const unsigned char **data, unsigned int *len);
const char *SSL_get_version(const SSL *ssl);
const SSL_CIPHER *SSL_get_current_cipher(const SSL *ssl);
int SSL_session_reused(const SSL *s);
long SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg);
int SSL_set_session(SSL *to, SSL_SESSION *session);
void SSL_SESSION_free(SSL_SESSION *session);
int SSL_free_buffers(SSL *ssl);

/*
 * SSL_read and SSL_write again, taking the buffer as an integer address so that a call on part of a direct buffer
 * needs no new MemorySegment (as readAddress and writeAddress do in weft_linux.h).
 */
int SSL_readAddress(SSL *ssl, uintptr_t buf, int num) __asm__("SSL_read");
int SSL_writeAddress(SSL *ssl, uintptr_t buf, int num) __asm__("SSL_write");
