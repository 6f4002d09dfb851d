package dev.weft.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful drain; a second one closes what is left at once. Handled as signals rather
 * than in a shutdown hook so that a completed drain ends the process with status 0, as service managers expect.
 * SIGHUP reloads the configuration; SIGUSR1 reopens the access log file, for logrotate.
 */
final class ShutdownSignals {
    private ShutdownSignals() {
    }

    static void install(Runnable first, Runnable second, Runnable reload, Runnable reopenLogs) {
        SignalCounter counter = new SignalCounter(first, second);
        Signal.handle(new Signal("TERM"), counter::received);
        Signal.handle(new Signal("INT"), counter::received);
        Signal.handle(new Signal("HUP"), signal -> {
            System.getLogger("weft.server").log(System.Logger.Level.INFO, "received SIGHUP: reloading");
            reload.run();
        });
        Signal.handle(new Signal("USR1"), signal -> reopenLogs.run());
    }

    private static final class SignalCounter {
        private final Runnable first;
        private final Runnable second;
        private int received;

        SignalCounter(Runnable first, Runnable second) {
            this.first = first;
            this.second = second;
        }

        synchronized void received(Signal signal) {
            System.getLogger("weft.server").log(System.Logger.Level.INFO, "received SIG" + signal.getName());
            (received++ == 0 ? first : second).run();
        }
    }
}
