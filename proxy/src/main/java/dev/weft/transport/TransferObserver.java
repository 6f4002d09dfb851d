package dev.weft.transport;

/** Told of every chunk a pump moves, on the pump's own thread; must not block or allocate. */
@FunctionalInterface
public interface TransferObserver {
    void transferred(int bytes);
}
