package dev.weft.proxy;

/**
 * One session as {@code bin/weft show sessions} lists it, taken at one instant without stopping it.
 *
 * @param phase    {@code opening} (PROXY header, handshake, ClientHello), {@code connecting}, {@code open} or
 *                 {@code half-closed}
 * @param backend  null until the session knows its backend
 * @param endpoint {@code host:port} of its endpoint, null until connected
 * @param bytesUp  client to endpoint so far; {@code bytesDown} the other way
 */
public record SessionSnapshot(long id, String listener, String client, String phase, String backend,
                              String endpoint, long ageMillis, long idleMillis, long bytesUp, long bytesDown) {
}
