package dev.weft.config;

/**
 * {@code weft.io}: the transport and its buffers.
 *
 * @param bufferSize      the pooled off-heap buffer a direction borrows while a burst of data streams through
 * @param smallBufferSize the buffer a direction holds while it waits for data; the first read of every burst
 *                        lands here, so an idle connection pins only two of these
 * @param pipeSize        bytes per splice pipe, capped by /proc/sys/fs/pipe-max-size
 * @param pollers         native transport event loops: threads that poll their connections' sockets and run them
 */
public record IoConfig(TransportChoice transport, SpliceChoice splice, int bufferSize, int smallBufferSize,
                       int pipeSize, int pollers) {
}
