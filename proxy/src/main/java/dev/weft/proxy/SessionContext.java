package dev.weft.proxy;

import dev.weft.admission.Admission;
import dev.weft.metrics.AccessLog;
import dev.weft.metrics.ListenerCounters;
import dev.weft.transport.Pump;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What every session of one listener shares.
 *
 * @param handshakes permits for TLS handshakes computing: a session holds one only while its handshake works
 *                   on bytes the client sent, never while it waits for them (a {@link HandshakePermit})
 * @param admission  who is served: the access list and limits, judged on the client's real address
 * @param counters   the listener's counters, which its sessions add to
 * @param accessLog  where a record of each closed connection goes; null when the access log is off
 * @param awake      the listener's sessions with a pump thread running, which the sweeper asks to rest between
 *                   its full sweeps: a session that rests on both sides leaves it, one woken joins it again
 */
public record SessionContext(String listener, Frontend frontend, Pump pump, Semaphore handshakes,
                             Admission admission, ListenerCounters counters, AccessLog accessLog,
                             Set<ProxySession> awake, String upstreamThreadName, String downstreamThreadName) {

    public SessionContext(String listener, Frontend frontend, Pump pump, Semaphore handshakes, Admission admission,
                          ListenerCounters counters, AccessLog accessLog, Set<ProxySession> awake) {
        // Made once per listener: a name made per session would be two more objects on every idle connection.
        this(listener, frontend, pump, handshakes, admission, counters, accessLog, awake, "weft-" + listener + "-up",
                "weft-" + listener + "-down");
    }
}
