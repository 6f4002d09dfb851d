package dev.weft.cli;

import dev.weft.config.ConfigLoader;
import dev.weft.config.HostPort;
import dev.weft.config.InvalidConfigException;
import dev.weft.config.WeftConfig;
import dev.weft.demo.EchoServer;
import dev.weft.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** {@code weft demo}: serves the built-in demo configuration, with its echo backends in the same process. */
final class DemoCommand implements Command {
    private static final String DEMO_CONFIG = "dev/weft/demo/demo.conf";
    private static final int DEMO_LIVE_ENDPOINTS = 2;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "start on a built-in config with in-process echo backends";
    }

    @Override
    public String help() {
        return """
                Usage: weft [-Dkey=value ...] demo
                  A TCP listener on 127.0.0.1:7000 and a TLS one on 127.0.0.1:7443 (a self-signed certificate
                  for localhost), both to a backend of three echo endpoints of which two run in this process,
                  so that health checks take the third out. It prints how to try it; stop it with Ctrl-C.
                """;
    }

    @Override
    public int run(List<String> args, Console console) {
        CliOptions.parse(args, Set.of()).noWords();
        WeftConfig config;
        Properties demoProperties;
        try {
            demoProperties = withDemoCertificate(System.getProperties());
            config = ConfigLoader.fromResource(DEMO_CONFIG, demoProperties);
        } catch (InvalidConfigException e) {
            WeftCli.report(e, console);
            return FAILED;
        } catch (IOException e) {
            console.err().println("weft demo: cannot write the demo certificate: " + e.getMessage());
            return FAILED;
        }
        List<EchoServer> echoes = new ArrayList<>();
        try {
            for (HostPort endpoint : config.backends().get("echo").endpoints().subList(0, DEMO_LIVE_ENDPOINTS)) {
                echoes.add(EchoServer.start(endpoint.address()));
            }
            HostPort dead = config.backends().get("echo").endpoints().get(DEMO_LIVE_ENDPOINTS);
            var listener = config.listeners().get("demo").bind();
            console.out().println("weft demo: echo services on the first two endpoints of backend 'echo', nothing "
                    + "on " + dead + ". Try it: printf 'hello\\n' | nc -q 1 " + listener.host() + " "
                    + listener.port() + "   (without nc: bash -c 'exec 3<>/dev/tcp/" + listener.host() + "/"
                    + listener.port() + "; echo hello >&3; head -n1 <&3')");
            var tls = config.listeners().get("demo-tls").bind();
            console.out().println("weft demo: TLS on " + tls + " with a self-signed certificate for localhost. "
                    + "Try it: openssl s_client -quiet -connect " + tls + " -servername localhost");
            return Serve.serve(config, () -> ConfigLoader.fromResource(DEMO_CONFIG, demoProperties), null, console);
        } catch (IOException e) {
            console.err().println("weft demo: cannot start the demo echo services: " + e.getMessage()
                    + " (are ports 7101-7102 free?)");
            return FAILED;
        } finally {
            for (EchoServer echo : echoes) {
                try {
                    echo.close();
                } catch (IOException ignored) {
                    // The process is ending.
                }
            }
        }
    }

    /**
     * A self-signed certificate for the demo's TLS listener, in a temporary directory removed at exit, named
     * through system-property overrides, as a user could.
     */
    private static Properties withDemoCertificate(Properties base) throws IOException {
        Path directory = Files.createTempDirectory("weft-demo");
        Path cert = directory.resolve("localhost.pem");
        Path key = directory.resolve("localhost.key");
        SelfSignedCertificate.create(SelfSignedCertificate.KeyKind.EC, Duration.ofDays(30), "localhost",
                "127.0.0.1").writePem(cert, key);
        for (Path file : List.of(directory, cert, key)) {
            file.toFile().deleteOnExit();
        }
        Properties properties = new Properties();
        properties.putAll(base);
        properties.setProperty("weft.listeners.demo-tls.tls.certificates.0.cert", cert.toString());
        properties.setProperty("weft.listeners.demo-tls.tls.certificates.0.key", key.toString());
        return properties;
    }
}
