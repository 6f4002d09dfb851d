package dev.weft.cli;

import dev.weft.metrics.ProcessMetrics;
import java.util.List;
import java.util.Set;

/** {@code weft version}. */
final class VersionCommand implements Command {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the version";
    }

    @Override
    public String help() {
        return "Usage: weft version\n  Prints Weft's version and the Java runtime's.\n";
    }

    @Override
    public int run(List<String> args, Console console) {
        CliOptions.parse(args, Set.of()).noWords();
        console.out().println("weft " + ProcessMetrics.version() + " (Java " + Runtime.version() + ")");
        return OK;
    }
}
