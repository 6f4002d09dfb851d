package dev.weft.cli;

import dev.weft.config.ConfigProblem;
import dev.weft.config.InvalidConfigException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code weft} command line: finds the command, runs it, and turns a wrong command line into its usage. Each
 * command is its own {@link Command}; {@code weft COMMAND --help} prints its help. {@code -Dkey=value} settings
 * reach here as JVM system properties, put there by the launcher, and override the config file.
 */
public final class WeftCli {
    private final Command.Console console;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public WeftCli(PrintStream out, PrintStream err) {
        this.console = new Command.Console(out, err);
        List<Command> all = new ArrayList<>(List.of(new RunCommand(), new CheckCommand(), new DemoCommand()));
        all.addAll(ControlCommand.all());
        all.add(new StatCommand());
        all.add(new VersionCommand());
        all.forEach(command -> commands.put(command.name(), command));
    }

    public int execute(String[] args) {
        if (args.length == 0) {
            console.err().print(usage());
            return Command.USAGE;
        }
        String name = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        switch (name) {
            case "help", "--help", "-h" -> {
                Command about = rest.isEmpty() ? null : commands.get(rest.getFirst());
                console.out().print(about != null ? about.help() : usage());
                return Command.OK;
            }
            case "--version" -> name = "version";
            default -> {
                // Below.
            }
        }
        Command command = commands.get(name);
        if (command == null) {
            console.err().println("weft: unknown command '" + name + "'");
            console.err().print(usage());
            return Command.USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            console.out().print(command.help());
            return Command.OK;
        }
        try {
            return command.run(rest, console);
        } catch (UsageException e) {
            console.err().println("weft " + name + ": " + e.getMessage());
            console.err().print(command.help());
            return Command.USAGE;
        } catch (RuntimeException | StackOverflowError e) {
            // A defect, not the user's input: still one line, never a stack trace.
            console.err().println("weft " + name + ": internal error: " + e + " (please report it)");
            return Command.FAILED;
        }
    }

    /** Prints every problem of a configuration, one a line, and how many there were. */
    static void report(InvalidConfigException e, Command.Console console) {
        for (ConfigProblem problem : e.problems()) {
            console.err().println(problem);
        }
        console.err().println(e.problems().size() + " problem(s) found");
    }

    private String usage() {
        StringBuilder text = new StringBuilder("Usage: weft [-Dkey=value ...] COMMAND [options]\n\nCommands:\n");
        commands.values().forEach(command -> text.append(String.format("  %-10s%s%n", command.name(),
                command.summary())));
        text.append(String.format("  %-10s%s%n", "help", "print this help; weft help COMMAND, or weft COMMAND "
                + "--help, for one command's"));
        text.append("""
                
                Any -Dweft.<key>=<value> overrides that key of the configuration, for example
                  weft -Dweft.backends.app.connect-timeout=1s run --config weft.conf
                Keys are documented in docs/CONFIG.md.
                """);
        return text.toString();
    }
}
