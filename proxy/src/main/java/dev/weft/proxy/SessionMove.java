package dev.weft.proxy;

/** Sends a session, stopped for a move, to the new process ({@link ProxySession#requestMove}). */
@FunctionalInterface
public interface SessionMove {
    /** @return true once the new process holds both of the session's sockets; the session then lets go of them */
    boolean move(ProxySession session);
}
