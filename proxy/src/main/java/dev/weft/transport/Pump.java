package dev.weft.transport;

/** Moves the bytes of one direction of a proxied connection. */
public interface Pump {

    /**
     * Copies from {@code source} to {@code destination} until {@code source} reaches end of stream, in order and
     * without loss. Returns normally at end of stream; the caller then half-closes {@code destination}.
     *
     * @throws PumpException naming the side whose read or write failed
     */
    void run(StreamConnection source, StreamConnection destination, TransferObserver observer)
            throws PumpException;
}
