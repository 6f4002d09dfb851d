package dev.weft.perf;

import dev.weft.perf.tools.IperfJson;
import dev.weft.perf.tools.ToolProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bulk transfer with iperf3: {@code streams} parallel TCP streams for the duration, the client sending (up) or
 * receiving ({@code --reverse}, down). With {@code tls}, iperf3 connects to a local socat that wraps each of its
 * connections in TLS to the target's TLS route, so that the proxy terminates TLS and sends plain TCP on to the
 * iperf3 server.
 */
record IperfLoad(int streams, boolean down, boolean tls) implements LoadScenario.Load {

    @Override
    public Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        if (!tls) {
            return measure(target, duration, tools, List.of());
        }
        int port = ListenerPorts.next();
        List<String> socat = tools.placed(List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "OPENSSL:" + Target.hostPort(target) + ",verify=0"));
        Process process = new ProcessBuilder(socat).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Listening.await(port, Duration.ofSeconds(10), process, "socat");
            return measure(new InetSocketAddress("127.0.0.1", port), duration, tools, socat);
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Measurement measure(InetSocketAddress server, Duration duration, ToolRunner tools, List<String> wrapper)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("iperf3", "--client", server.getAddress().getHostAddress(),
                "--port", Integer.toString(server.getPort()), "--time", Long.toString(ToolRunner.seconds(duration)),
                "--parallel", Integer.toString(streams), "--json"));
        if (down) {
            command.add("--reverse");
        }
        ToolProcess process = tools.run(command, duration);
        IperfJson result = IperfJson.parse(process.output());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("gbps", result.gbps());
        figures.put("bytes", (double) result.bytes());
        List<String> shown = new ArrayList<>(wrapper);
        if (!wrapper.isEmpty()) {
            shown.add("&");
        }
        shown.addAll(process.command());
        return new Measurement(figures, result.bytes() / 1e9, shown);
    }
}
