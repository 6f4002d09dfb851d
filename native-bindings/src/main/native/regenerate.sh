#!/bin/sh
# Regenerates the FFM bindings from weft_linux.h with jextract, where jextract is installed (it is not served by
# the package registries Weft's build machines reach, so the committed bindings are written by hand to match).
#
# jextract emits plain downcall handles. Weft's handles add Linker.Option.captureCallState("errno") (and
# firstVariadicArg(2) for fcntl and ioctl), and each method takes the capture segment first; readAddress and
# writeAddress look up "read" and "write" (their asm labels), and strerrorname_np is optional (glibc 2.32+).
# After regenerating, carry those differences over, then compare with the committed LinuxLibc.java.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../../../target/jextract"}
command -v jextract >/dev/null 2>&1 || { echo "jextract not found on PATH" >&2; exit 1; }
mkdir -p "$out"
jextract --output "$out" --target-package dev.weft.linux --header-class-name LinuxLibc \
    --include-function socket --include-function setsockopt --include-function getsockopt \
    --include-function bind --include-function listen --include-function accept4 --include-function connect \
    --include-function getsockname --include-function getpeername \
    --include-function read --include-function write --include-function shutdown --include-function sendto --include-function sendmsg --include-function recvmsg --include-function close \
    --include-function pipe2 --include-function splice --include-function fcntl \
    --include-function epoll_create1 --include-function epoll_ctl --include-function epoll_wait \
    --include-function eventfd --include-function ioctl \
    --include-function strerror --include-function strerrorname_np \
    --include-function readAddress --include-function writeAddress \
    --include-struct sockaddr_in --include-struct sockaddr_in6 --include-struct sockaddr_un --include-struct msghdr --include-struct iovec --include-struct cmsghdr --include-struct epoll_event \
    "$here/weft_linux.h"
echo "generated into $out; diff it against src/main/java/dev/weft/linux/LinuxLibc.java"
