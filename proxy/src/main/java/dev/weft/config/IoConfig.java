package dev.weft.config;

/**
 * {@code weft.io}: buffer sizes of the copy pump.
 *
 * @param bufferSize      the pooled off-heap buffer a direction borrows while a burst of data streams through
 * @param smallBufferSize the buffer a direction holds while it waits for data; the first read of every burst
 *                        lands here, so an idle connection pins only two of these
 */
public record IoConfig(int bufferSize, int smallBufferSize) {
}
