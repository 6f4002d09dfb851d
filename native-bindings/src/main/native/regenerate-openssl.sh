#!/bin/sh
# Regenerates the OpenSSL FFM bindings from weft_openssl.h with jextract, where jextract and OpenSSL's headers
# (Debian's libssl-dev) are installed. jextract emits one header class; Weft splits it in four by the header's
# groups (LibCrypto, LibSslContext, LibSslVerify, LibSsl), looks symbols up in libssl.so.3 and libcrypto.so.3 through
# OpenSslLinker, and captures errno in the same call for the four calls that do I/O on the socket
# (SSL_do_handshake, SSL_peek, SSL_shutdown, SSL_read/SSL_write), whose methods take the capture segment first.
# After regenerating, carry those differences over, then compare with the committed classes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../../../target/jextract-openssl"}
command -v jextract >/dev/null 2>&1 || { echo "jextract not found on PATH" >&2; exit 1; }
mkdir -p "$out"
functions="\
    OpenSSL_version_num ERR_get_error ERR_clear_error ERR_reason_error_string ERR_error_string_n \
    d2i_X509 X509_free d2i_AutoPrivateKey EVP_PKEY_free BIO_s_mem BIO_new BIO_new_socket BIO_write \
    BIO_up_ref BIO_free OPENSSL_sk_num OPENSSL_sk_value X509_verify_cert_error_string \
    TLS_server_method TLS_client_method SSL_CTX_new SSL_CTX_free SSL_CTX_ctrl SSL_CTX_callback_ctrl \
    SSL_CTX_set_options SSL_CTX_set_cipher_list SSL_CTX_set_ciphersuites SSL_CTX_get_ciphers \
    SSL_CTX_use_certificate SSL_CTX_use_PrivateKey SSL_CTX_check_private_key \
    SSL_CTX_set_alpn_select_cb SSL_CTX_set_timeout SSL_CTX_set_session_id_context \
    SSL_CTX_set_num_tickets SSL_CIPHER_get_name SSL_CIPHER_standard_name SSL_select_next_proto \
    SSL_CTX_set_verify SSL_CTX_set_verify_depth SSL_CTX_load_verify_locations \
    SSL_CTX_set_default_verify_paths SSL_new SSL_free SSL_set_fd SSL_set0_rbio SSL_set0_wbio \
    SSL_set_accept_state SSL_set_connect_state SSL_do_handshake SSL_readAddress SSL_writeAddress \
    SSL_peek SSL_shutdown SSL_get_error SSL_pending SSL_has_pending SSL_get_servername \
    SSL_get0_alpn_selected SSL_get_version SSL_get_current_cipher SSL_session_reused SSL_ctrl \
    SSL_set1_host SSL_get_verify_result SSL_get1_peer_certificate SSL_set_SSL_CTX \
    SSL_CTX_set_default_read_buffer_len \
    SSL_free_buffers \
    SSL_load_client_CA_file SSL_CTX_set_client_CA_list SSL_CTX_get_cert_store \
    X509_STORE_set_flags i2d_X509 \
    SSL_CTX_set_tlsext_ticket_key_evp_cb \
    EVP_aes_128_cbc EVP_aes_256_cbc EVP_EncryptInit_ex EVP_DecryptInit_ex EVP_MAC_CTX_set_params RAND_bytes \
    SSL_get0_param SSL_set_session SSL_SESSION_free \
    SSL_CTX_sess_set_new_cb \
    X509_VERIFY_PARAM_set1_ip_asc \
"
args=""
for f in $functions; do args="$args --include-function $f"; done
# shellcheck disable=SC2086
jextract --output "$out" --target-package dev.weft.openssl --header-class-name LibSslAll \
    --library :libssl.so.3 --library :libcrypto.so.3 $args "$here/weft_openssl.h"
echo "generated into $out; split and diff it against src/main/java/dev/weft/openssl/"
