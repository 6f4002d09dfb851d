package dev.weft.cli;

import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.BackendConfig;
import dev.weft.config.ConfigLoader;
import dev.weft.config.InvalidConfigException;
import dev.weft.config.ListenerConfig;
import dev.weft.config.WeftConfig;
import dev.weft.control.ControlSocket;
import dev.weft.control.StateFile;
import dev.weft.metrics.CountersFile;
import dev.weft.server.TlsEngines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code weft check}: validates a configuration as starting would, without binding or starting anything. */
final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "validate a configuration file and print every problem; binds nothing";
    }

    @Override
    public String help() {
        return """
                Usage: weft [-Dkey=value ...] check --config FILE
                  Reads FILE with the -Dweft.* overrides, as run would, and prints every problem, one a line:
                  unknown keys (with the nearest valid one), bad values, certificates and keys that do not load
                  or match, and files Weft would have to replace (counters file, control socket, state file).
                  An expired certificate is a warning. Exit status 0 when the file can be run, 1 otherwise.
                """;
    }

    @Override
    public int run(List<String> args, Console console) {
        Path file = CliOptions.parse(args, Set.of("--config")).noWords().configFile();
        try {
            WeftConfig config = ConfigLoader.fromFile(file, System.getProperties());
            if (!certificatesUsable(file, config, console) | !filesReplaceable(file, config, console)) {
                return FAILED;
            }
            console.out().println(file + ": OK (" + config.listeners().size() + " listener(s), "
                    + config.backends().size() + " backend(s))");
            return OK;
        } catch (InvalidConfigException e) {
            WeftCli.report(e, console);
            return FAILED;
        }
    }

    /** The files a config names must be absent, or what a stopped Weft left. */
    private static boolean filesReplaceable(Path file, WeftConfig config, Console console) {
        try {
            if (!config.control().socket().isEmpty()) {
                ControlSocket.checkReplaceable(Path.of(config.control().socket()));
            }
            if (config.control().stateFile() != null) {
                StateFile.open(config.control().stateFile(), new RuntimeOverrides());
            }
            if (config.metrics().enabled() && !config.metrics().countersFile().isEmpty()) {
                CountersFile.checkReplaceable(Path.of(config.metrics().countersFile()));
            }
            return true;
        } catch (IOException e) {
            console.err().println(file + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Loads every certificate and key the config names, as starting would: a key that does not match its
     * certificate, or a file that is not what it should be, is an error; an expired certificate is a warning.
     */
    private static boolean certificatesUsable(Path file, WeftConfig config, Console console) {
        boolean usable = true;
        for (ListenerConfig listener : config.listeners().values()) {
            if (listener.tls() == null) {
                continue;
            }
            try {
                TlsEngines.checkListener(listener.name(), listener.tls(), config.io(), warning -> console.out()
                        .println(file + ": warning: listener '" + listener.name() + "': " + warning));
            } catch (IOException e) {
                console.err().println(file + ": listener '" + listener.name() + "': " + e.getMessage());
                usable = false;
            }
        }
        for (BackendConfig backend : config.backends().values()) {
            if (backend.tls() == null) {
                continue;
            }
            try {
                TlsEngines.checkBackend(backend.name(), backend.tls(), config.io());
            } catch (IOException e) {
                console.err().println(file + ": " + e.getMessage());
                usable = false;
            }
        }
        return usable;
    }
}
