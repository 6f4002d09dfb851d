package dev.weft.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One connected TCP socket, used with blocking calls from one virtual thread per direction: one thread reads while
 * the other writes. Closing from any thread wakes a blocked reader or writer with an exception. Closing and
 * aborting are idempotent and never throw, because the OS reuses descriptor numbers and a second close must not
 * reach someone else's socket.
 */
public interface StreamConnection extends Closeable {

    /** Reads at least one byte, parking until data arrives; -1 at end of stream. */
    int read(ByteBuffer destination) throws IOException;

    /**
     * Parks until a read is worth trying, so that a caller can wait holding no buffer: returns at once unless the
     * transport knows the socket is empty, and then when data, end of stream or an error arrives (or the connection
     * closes, with the exception a read would throw). A transport that cannot wait without reading (the JDK's
     * blocking channels) returns at once, and its read parks instead.
     */
    void awaitReadable() throws IOException;

    /** Writes every remaining byte, parking while the peer's window is full. */
    void write(ByteBuffer source) throws IOException;

    /** Bytes that can be read right now without parking. */
    int available() throws IOException;

    /** Sends FIN: the peer reads end of stream, and this side can still read. Ignored once closed. */
    void shutdownOutput();

    /** Closes with a reset (RST), so the peer sees the connection aborted rather than finished. */
    void abort();

    /** Closes gracefully. */
    @Override
    void close();

    /**
     * An unstarted virtual thread that serves this connection, scheduled where its socket is polled: on its event
     * loop, for the native transport. A session's two pump threads are made here, so that both directions, and
     * the backend connection the first one opens, share one loop by construction.
     */
    Thread newThread(String name, Runnable task);

    /** Whether {@link #detachAt} works: a plain native socket, which another process can take over. */
    default boolean detachable() {
        return false;
    }

    /**
     * From now on, the reader of this connection stops at its next moment with nothing held, in step with the
     * session's other connection ({@link Detach}), with a {@link DetachedException}: a reader waiting now is woken
     * to do so.
     */
    default void detachAt(Detach detach) {
        throw new UnsupportedOperationException("not detachable");
    }

    /**
     * Asks the reader of this connection to give its thread up the next time it would wait for data with none to
     * read, with a {@link DormantException}; false for a connection that cannot (not a plain native socket).
     */
    default boolean requestRest() {
        return false;
    }

    /**
     * Runs {@code task} once, at the next byte, end of stream or error on this connection (at once if one came
     * since the last read), in place of a reader parked waiting; where the connection is polled. Only after a
     * {@link DormantException}.
     */
    default void resumeWhenReadable(Runnable task) {
        throw new UnsupportedOperationException("cannot rest");
    }

    /** Runs at once what {@link #resumeWhenReadable} left waiting, if anything: a move needs the reader back. */
    default void resumeNow() {
    }

    /**
     * Closes this process's descriptor of a socket another process holds too (it was handed over): the connection
     * goes on there, with no FIN and no reset, and this process's event loop forgets it.
     */
    default void closeHandedOver() {
        close();
    }

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();
}
