package dev.weft.config;

import java.time.Duration;

/**
 * {@code weft.io}: the transport and its buffers.
 *
 * @param bufferSize      the pooled off-heap buffer a direction borrows while a burst of data streams through
 * @param smallBufferSize the buffer a direction holds while it waits for data; the first read of every burst
 *                        lands here, so an idle connection pins only two of these
 * @param pipeSize        bytes per splice pipe, capped by /proc/sys/fs/pipe-max-size
 * @param pollers         native transport event loops: threads that poll their connections' sockets and run them
 * @param restAfter       how long a proxied connection may be quiet before its pump threads end, to be started
 *                        again by the next byte (native transport); zero keeps them parked
 */
public record IoConfig(TransportChoice transport, SpliceChoice splice, int bufferSize, int smallBufferSize,
                       int pipeSize, int pollers, Duration restAfter) {
}
