package dev.weft.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts this Weft again, for {@code bin/weft upgrade}: the launcher this process came from
 * ({@code WEFT_LAUNCHER}, which {@code bin/weft} sets; a new version behind the same path is what starts), this
 * process's {@code -D} settings, and its command. Without a launcher, this JVM's own command line.
 */
final class Relaunch {
    private Relaunch() {
    }

    static List<String> command(List<String> weftArguments) {
        List<String> properties = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("-D")).toList();
        List<String> command = new ArrayList<>();
        String launcher = System.getenv("WEFT_LAUNCHER");
        if (launcher != null && !launcher.isEmpty()) {
            command.add(launcher);
            command.addAll(properties);
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.weft.Main");
        }
        command.addAll(weftArguments);
        return command;
    }
}
