package dev.weft;

import dev.weft.cli.WeftCli;

/** Entry point of {@code weft.jar}; see {@link WeftCli} for the commands. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // One line per record: time, level, logger, message. Set before the first logger exists.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
        System.exit(new WeftCli(System.out, System.err).execute(args));
    }
}
