package dev.weft.transport;

import java.io.IOException;

/**
 * A connection whose socket a native library reads and writes by itself (OpenSSL, given the fd with
 * {@code SSL_set_fd}), while the transport still does the waiting. The readiness protocol is the transport's own:
 * call {@link #beforeRead} (or {@link #beforeWrite}) before each native call that may touch the socket, and when
 * that call would have blocked, {@link #parkUntilReadable} (or {@link #parkUntilWritable}); an edge that came in
 * between is never lost. The fd is held across the call so that a concurrent close cannot hand its number to
 * another connection mid-call.
 */
public interface SocketAccess {

    /** The socket's fd, held open until {@link #releaseDescriptor}; throws once the connection is closed. */
    int acquireDescriptor() throws IOException;

    void releaseDescriptor();

    /** Forgets past readability: an edge from now on is seen by the next {@link #parkUntilReadable}. */
    void beforeRead();

    /** As {@link #beforeRead}, for writability. */
    void beforeWrite();

    /** Parks until an edge came since {@link #beforeRead}; throws if the connection is closed meanwhile. */
    void parkUntilReadable() throws IOException;

    /**
     * As {@link #parkUntilReadable}, for a reader that holds nothing: when the connection was asked to rest
     * ({@link StreamConnection#requestRest}), gives the thread up instead, with a {@link DormantException}.
     */
    void parkUntilReadableOrRest() throws IOException;

    /** As {@link #parkUntilReadable}, for writability. */
    void parkUntilWritable() throws IOException;
}
