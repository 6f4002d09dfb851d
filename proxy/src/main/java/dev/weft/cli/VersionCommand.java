package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
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
        console.out().println("weft " + version() + " (Java " + Runtime.version() + ")");
        return OK;
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/weft/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
