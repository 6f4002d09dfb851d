package dev.weft.transport.epoll;

import java.nio.channels.AsynchronousCloseException;

/**
 * The socket was closed under a thread using it: how every session's second pump learns that the first one ended
 * it, so once per connection. It carries no stack trace, which would cost a walk of a virtual thread's stack each
 * time and say nothing the session does not already know.
 */
final class ClosedWhileWaitingException extends AsynchronousCloseException {
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
