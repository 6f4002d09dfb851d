/*
 * The libc functions, constants and structs Weft's native transport calls through FFM.
 * dev.weft.linux.LinuxLibc is written by hand in the shape jextract generates from this header
 * (see regenerate.sh beside it); keep the two in step.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <stdint.h>
#include <string.h>

int socket(int domain, int type, int protocol);
int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);
int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);
int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
int listen(int sockfd, int backlog);
int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int shutdown(int sockfd, int how);
ssize_t sendto(int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *dest_addr,
               socklen_t addrlen);
ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);
int close(int fd);

int pipe2(int pipefd[2], int flags);
ssize_t splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned int flags);
int fcntl(int fd, int cmd, ...);

int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
int eventfd(unsigned int initval, int flags);
int ioctl(int fd, unsigned long request, ...);

char *strerror(int errnum);
const char *strerrorname_np(int errnum);

/*
 * read and write again, taking the buffer as an integer address so that a call on part of a direct buffer needs
 * no new MemorySegment. The asm labels bind them to the read and write symbols; jextract names the bindings after
 * the declarations and maps uintptr_t to long, which is what LinuxLibc.readAddress and writeAddress are.
 */
ssize_t readAddress(int fd, uintptr_t buf, size_t count) __asm__("read");
ssize_t writeAddress(int fd, uintptr_t buf, size_t count) __asm__("write");
