package dev.weft.admission;

import dev.weft.config.AccessConfig;
import dev.weft.config.CidrBlock;
import dev.weft.config.LimitsConfig;
import dev.weft.config.RateLimit;
import java.net.InetAddress;

/**
 * Whether a listener serves a new client, decided on its real address (after a PROXY header) before any TLS
 * handshake or backend connect: the access list, then the client's own limits (open connections, new connections
 * a second, handshakes a second), then the listener's rates. The client's own limits come first, so that one
 * client's flood is refused by them and does not spend the listener-wide rate that others need. Made per
 * configuration; the table of clients is kept across reloads that leave its size alone.
 */
public final class Admission {
    /** Admits everyone: a listener without access or limits blocks. */
    public static final Admission OPEN = new Admission(AccessConfig.OPEN, LimitsConfig.NONE, null);

    private final AccessList access;
    private final LimitsConfig limits;
    private final RateGate connections;
    private final RateGate handshakes;
    private final ClientTable clients;
    private final long clientRateInterval;
    private final long clientRateTolerance;
    private final long clientHandshakeInterval;
    private final long clientHandshakeTolerance;

    /** @param previous the admission this one replaces, whose table of clients it keeps if it can; or null */
    public Admission(AccessConfig access, LimitsConfig limits, Admission previous) {
        this.access = access.open() ? null : new AccessList(access);
        this.limits = limits;
        this.connections = limits.connections().off() ? null : new RateGate(limits.connections());
        this.handshakes = limits.handshakes().off() ? null : new RateGate(limits.handshakes());
        ClientTable kept = previous == null ? null : previous.clients;
        this.clients = !limits.perClient() ? null : kept != null && kept.capacity() == limits.trackedClients()
                && kept.ipv6Prefix() == limits.ipv6Prefix() ? kept
                : new ClientTable(limits.trackedClients(), limits.ipv6Prefix());
        this.clientRateInterval = interval(limits.clientRate());
        this.clientRateTolerance = tolerance(limits.clientRate());
        this.clientHandshakeInterval = interval(limits.clientHandshakes());
        this.clientHandshakeTolerance = tolerance(limits.clientHandshakes());
    }

    private static long interval(RateLimit limit) {
        return limit.off() ? 0 : RateGate.interval(limit);
    }

    private static long tolerance(RateLimit limit) {
        return limit.off() ? 0 : RateGate.tolerance(limit);
    }

    /** No access list and no limit: every client is admitted, and its address need not even be looked at. */
    public boolean admitsEveryone() {
        return access == null && clients == null && connections == null && handshakes == null;
    }

    /** Clients the per-client limits track now; 0 without them. */
    public int trackedClients() {
        return clients == null ? 0 : clients.size();
    }

    /**
     * @param handshake the listener terminates TLS, so this connection is also a handshake
     * @return the verdict; an admitted ticket must be {@linkplain Ticket#release released} when the connection ends
     */
    public Ticket admit(InetAddress address, boolean handshake) {
        if (admitsEveryone()) {
            return Ticket.UNCOUNTED;
        }
        CidrBlock client = CidrBlock.of(address, 128);
        if (access != null && !access.allows(client)) {
            return Ticket.refused(Refusal.DENIED);
        }
        long now = System.nanoTime();
        Ticket ticket = clients == null ? Ticket.UNCOUNTED
                : clients.decide(key(client), entry -> perClient(entry, handshake, now));
        if (ticket.refusal() != null) {
            return ticket;
        }
        Refusal listenerWide = connections != null && !connections.tryPass(now) ? Refusal.LISTENER_RATE
                : handshake && handshakes != null && !handshakes.tryPass(now) ? Refusal.LISTENER_HANDSHAKES : null;
        if (listenerWide != null) {
            ticket.release();
            return Ticket.refused(listenerWide);
        }
        return ticket;
    }

    /**
     * A connection the process before this one accepted and handed over: already served, so it is refused nothing
     * and spends no rate, but it counts among its client's open connections, as it did there.
     *
     * @return the ticket to release when the connection ends
     */
    public Ticket adopt(InetAddress address) {
        if (clients == null || address == null) {
            return Ticket.UNCOUNTED;
        }
        return clients.decide(key(CidrBlock.of(address, 128)), entry -> {
            entry.connections++;
            return entry;
        });
    }

    private Ticket perClient(ClientTable.Client entry, boolean handshake, long now) {
        if (limits.clientConnections() > 0 && entry.connections >= limits.clientConnections()) {
            return Ticket.refused(Refusal.CLIENT_CONNECTIONS);
        }
        if (clientRateInterval > 0) {
            long due = RateGate.passing(entry.rateDue, now, clientRateInterval, clientRateTolerance);
            if (due == RateGate.REFUSED) {
                return Ticket.refused(Refusal.CLIENT_RATE);
            }
            entry.rateDue = due;
        }
        if (handshake && clientHandshakeInterval > 0) {
            long due = RateGate.passing(entry.handshakesDue, now, clientHandshakeInterval, clientHandshakeTolerance);
            if (due == RateGate.REFUSED) {
                return Ticket.refused(Refusal.CLIENT_HANDSHAKES);
            }
            entry.handshakesDue = due;
        }
        entry.connections++;
        return entry;
    }

    /** An IPv4 client by its address; an IPv6 one by its first {@code ipv6-prefix} bits. */
    private long key(CidrBlock client) {
        if (client.ipv4()) {
            // In ff00::/8, multicast, which no client's source is, so it never meets an IPv6 key.
            return 0xffffffff00000000L | client.low();
        }
        int prefix = clients.ipv6Prefix();
        return prefix >= 64 ? client.high() : client.high() & (-1L << (64 - prefix));
    }
}
