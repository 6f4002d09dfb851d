package dev.weft.cli;

import dev.weft.config.ConfigLoader;
import dev.weft.config.InvalidConfigException;
import dev.weft.config.WeftConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code weft run}: serves a configuration file until SIGTERM or SIGINT has drained it. */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "start Weft with the HOCON configuration in FILE";
    }

    @Override
    public String help() {
        return """
                Usage: weft [-Dkey=value ...] run --config FILE
                  Serves FILE until SIGTERM or SIGINT: /healthz fails at once, new connections are taken for
                  shutdown.grace, then open ones finish for up to shutdown.drain-timeout (a second signal closes
                  them at once). SIGHUP or bin/weft reload reads FILE again; SIGUSR1 reopens the access log.
                  Under systemd (Type=notify) it reports READY, RELOADING and STOPPING.
                """;
    }

    @Override
    public int run(List<String> args, Console console) {
        Path file = CliOptions.parse(args, Set.of("--config")).noWords().configFile();
        WeftConfig config;
        try {
            config = ConfigLoader.fromFile(file, System.getProperties());
        } catch (InvalidConfigException e) {
            WeftCli.report(e, console);
            return FAILED;
        }
        return Serve.serve(config, () -> ConfigLoader.fromFile(file, System.getProperties()),
                Relaunch.command(List.of("run", "--config", file.toAbsolutePath().toString())), console);
    }
}
