package dev.weft.control;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import dev.weft.balance.EndpointState;
import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.HostPort;
import dev.weft.files.OwnedFile;
import dev.weft.log.LogText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code control.state-file}: the endpoint states and weights set at runtime, kept across restarts, as HAProxy's
 * {@code server-state-file} does. One JSON document, marked as Weft's:
 * <pre>{"weft-state": 1, "endpoints": [{"backend": "app", "address": "10.0.0.5:5432", "state": "drain"}]}</pre>
 * Written after every change, whole, to a fresh owner-only file beside it that is then renamed over it; a file at
 * the path that is not a Weft state file is never replaced.
 */
public final class StateFile {
    private static final String MARK = "weft-state";
    private static final System.Logger LOG = System.getLogger("weft.control");

    private final Path path;

    private StateFile(Path path) {
        this.path = path;
    }

    /**
     * Reads the file at {@code path} into {@code into}, if there is one: a missing file is an empty state; a file
     * that is not Weft's, or is broken, is an error naming it (nothing is read from it, and it is never replaced).
     */
    public static StateFile open(Path path, RuntimeOverrides into) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return new StateFile(path);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " exists and is not a regular file; Weft replaces no file it did not "
                    + "create (choose another control.state-file)");
        }
        Config document;
        try {
            document = ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.JSON).setAllowMissing(false));
        } catch (ConfigException e) {
            throw new IOException(path + " is not a Weft state file (" + LogText.oneLine(e.getMessage())
                    + "); Weft replaces no file it did not create");
        }
        if (!document.hasPath(MARK)) {
            throw new IOException(path + " is not a Weft state file (no \"" + MARK + "\" key); Weft replaces no file "
                    + "it did not create");
        }
        try {
            for (Config entry : document.getConfigList("endpoints")) {
                EndpointState state = EndpointState.of(entry.getString("state"));
                int weight = entry.hasPath("weight") ? entry.getInt("weight")
                        : RuntimeOverrides.Override.CONFIGURED;
                if (state == null || weight < RuntimeOverrides.Override.CONFIGURED || weight > 1000) {
                    throw new IOException(path + ": bad entry " + LogText.quoted(entry.root().render(
                            ConfigRenderOptions.concise())));
                }
                into.put(entry.getString("backend"), HostPort.parse(entry.getString("address"), false).address(),
                        new RuntimeOverrides.Override(state, weight));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IOException(path + ": " + LogText.oneLine(e.getMessage()));
        }
        return new StateFile(path);
    }

    public Path path() {
        return path;
    }

    /** Writes every entry of {@code overrides}; a failure is logged, and the running state is unaffected. */
    public synchronized void save(RuntimeOverrides overrides) {
        StringBuilder json = new StringBuilder("{\"" + MARK + "\": 1, \"endpoints\": [");
        List<String> entries = new ArrayList<>();
        for (Map.Entry<RuntimeOverrides.Key, RuntimeOverrides.Override> entry : overrides.entries().entrySet()) {
            StringBuilder line = new StringBuilder("\n  {\"backend\": ");
            LogText.json(line, entry.getKey().backend()).append(", \"address\": ");
            LogText.json(line, HostPort.of(entry.getKey().address()).toString()).append(", \"state\": \"")
                    .append(entry.getValue().state().keyword()).append('"');
            if (entry.getValue().weight() != RuntimeOverrides.Override.CONFIGURED) {
                line.append(", \"weight\": ").append(entry.getValue().weight());
            }
            entries.add(line.append('}').toString());
        }
        entries.sort(null);
        json.append(String.join(",", entries)).append(entries.isEmpty() ? "]}\n" : "\n]}\n");
        Path stagedPath = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid()
                + ".new");
        OwnedFile staged = null;
        try {
            staged = OwnedFile.create(stagedPath, json.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(stagedPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the state file " + path + ": " + e.getMessage()
                    + "; the runtime change holds until a restart");
            if (staged != null) {
                staged.delete();
            }
        }
    }
}
