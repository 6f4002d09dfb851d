package dev.weft.cli;

import dev.weft.config.ConfigLoader;
import dev.weft.config.ControlConfig;
import dev.weft.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Where the Weft of a process id keeps its control socket, for {@code --pid P}: wherever its configuration put it.
 * The process's own command line says (from {@code /proc/P/cmdline}): its {@code -Dweft.*} overrides, such as the
 * systemd unit's {@code -Dweft.control.socket=/run/weft/weft.sock}, and its {@code --config} file, read again,
 * relative to its working directory. Without them, or when they cannot be read, the default path.
 */
final class ControlSocketLocator {
    private ControlSocketLocator() {
    }

    static Path socketOf(long pid) {
        try {
            List<String> args = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid),
                    "cmdline")), StandardCharsets.UTF_8).split("\0"));
            return socketOf(pid, args, Path.of("/proc", Long.toString(pid), "cwd").toRealPath());
        } catch (IOException | InvalidPathException e) {
            return ControlConfig.defaultPath(pid);
        }
    }

    /** @param args the process's command line, JVM options first */
    static Path socketOf(long pid, List<String> args, Path workingDirectory) {
        Properties overrides = new Properties();
        Path config = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("-Dweft.") && arg.indexOf('=') > 0) {
                overrides.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.equals("--config") && i + 1 < args.size()) {
                config = workingDirectory.resolve(args.get(++i));
            } else if (arg.startsWith("--config=")) {
                config = workingDirectory.resolve(arg.substring("--config=".length()));
            }
        }
        if (config != null) {
            try {
                return ConfigLoader.fromFile(config, overrides).control().socketPath(pid);
            } catch (InvalidConfigException | RuntimeException e) {
                // Changed since it started, and broken: the overrides may still say.
            }
        }
        String socket = overrides.getProperty("weft.control.socket");
        return socket != null && !socket.isEmpty() ? Path.of(socket) : ControlConfig.defaultPath(pid);
    }
}
