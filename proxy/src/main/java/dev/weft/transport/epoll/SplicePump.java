package dev.weft.transport.epoll;

import dev.weft.linux.Errors;
import dev.weft.transport.BufferPool;
import dev.weft.transport.CopyPump;
import dev.weft.transport.Pump;
import dev.weft.transport.PumpException;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.TransferObserver;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Moves bytes socket → pipe → socket with splice(2), so bulk data never enters user space. Splicing pays off for
 * streams, not for small messages: a pipe and two syscalls cost more than one read and one write. So a direction
 * waits with a small buffer as the copy pump does and forwards short messages with read and write; when a read
 * fills that buffer, a stream is flowing, and it takes a pipe and splices until the socket has nothing waiting,
 * then gives the (empty) pipe back and returns to small reads.
 * <p>
 * Only two native sockets can splice. When either side is something else (TLS over a socket, whose bytes must be
 * decrypted or encrypted in user space), the pump copies instead.
 */
final class SplicePump implements Pump {
    private final PipePool pipes;
    private final CopyPump copyPump;
    private final LongAdder splicedBytes = new LongAdder();
    /** Made once: a lambda made per run would sit on every parked pump thread's stack. */
    private final CopyPump.Burst splice = (source, destination, observer) ->
            spliceWhileWaiting((NativeConnection) source, (NativeConnection) destination, observer);

    SplicePump(BufferPool smallBuffers, BufferPool bulkBuffers, PipePool pipes) {
        this.pipes = pipes;
        this.copyPump = new CopyPump(smallBuffers, bulkBuffers);
    }

    /** Bytes moved by splice so far, over every connection. */
    long splicedBytes() {
        return splicedBytes.sum();
    }

    @Override
    public void run(StreamConnection source, StreamConnection destination, TransferObserver observer)
            throws PumpException {
        if (source instanceof NativeConnection && destination instanceof NativeConnection) {
            copyPump.run(source, destination, observer, splice);
        } else {
            copyPump.run(source, destination, observer);
        }
    }

    /**
     * Splices until the source has nothing waiting; false at its end of stream. Without a pipe (the fd table is
     * full, say) it copies the burst instead: a local shortage must not cost the connection.
     */
    private boolean spliceWhileWaiting(NativeConnection from, NativeConnection to, TransferObserver observer)
            throws PumpException {
        PipePool.Pipe pipe = pipes.acquire();
        if (pipe == null) {
            return copyPump.copyWhileWaiting(from, to, observer);
        }
        boolean empty = true;
        try {
            while (true) {
                long in;
                try {
                    in = from.spliceTo(pipe.writeFd(), pipes.size());
                } catch (IOException e) {
                    throw PumpException.reading(e);
                }
                if (in == Errors.WOULD_BLOCK) {
                    return true;
                }
                if (in == 0) {
                    return false;
                }
                empty = false;
                observer.transferred((int) in);
                try {
                    to.spliceFrom(pipe.readFd(), in);
                } catch (IOException e) {
                    throw PumpException.writing(e);
                }
                empty = true;
                splicedBytes.add(in);
            }
        } finally {
            if (empty) {
                pipes.release(pipe);
            } else {
                pipes.discard(pipe);
            }
        }
    }
}
