package dev.weft;

import dev.weft.cli.WeftCli;
import dev.weft.log.LogLines;

/** Entry point of {@code weft.jar}; see {@link WeftCli} for the commands. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // One line per record, in UTC, on standard output: before the first record.
        LogLines.install(System.out);
        System.exit(new WeftCli(System.out, System.err).execute(args));
    }
}
