package dev.weft.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code weft} command: its help, and what it does with the arguments after its name. */
interface Command {
    int OK = 0;
    int FAILED = 1;
    int USAGE = 2;

    String name();

    /** One line, for {@code weft help}. */
    String summary();

    /** Everything {@code weft NAME --help} prints: usage first, then what each option does. */
    String help();

    /**
     * @return the exit status: {@link #OK}, {@link #FAILED}
     * @throws UsageException when the arguments are wrong; the caller prints the message and the command's help
     */
    int run(List<String> args, Console console);

    /** Where a command prints: answers to {@code out}, problems to {@code err}. */
    record Console(PrintStream out, PrintStream err) {
    }
}
