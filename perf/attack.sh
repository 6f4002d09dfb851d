#!/usr/bin/env bash
# Weft under three attacks, each with a good client measured before and during it (docs: perf/README.md):
#   source flood:    100,000 distinct sources, 5 connections in a row each, against a per-client limit of one
#                    new connection a second; good: rr over a keep-alive connection
#   slowloris:       2,000 clients trickling a ClientHello (and a PROXY header); good: TLS handshakes
#   handshake flood: full handshakes from 8 sources against a per-client handshake limit; good: rr on a plain
#                    listener of the same process
# Loopback only. Results go to perf/results/attack-<time>/report.md.
#
# PIN=1 (the default with 2 cores or more): the attack tools run on the last CPU, and everything defending (the
# proxy with one thread, the echo backend, the good clients) on the others, as if the attack came from elsewhere:
# what is measured is then what the attack costs the proxy's other clients, not what the attacking tools cost a
# shared machine. PIN=0: everything shares every CPU, and Weft runs with its defaults.
# ATTACKS picks the attacks (default: all four); PEERS=0 skips HAProxy's run of the source flood.
set -euo pipefail
cd "$(dirname "$0")/.."
out="perf/results/attack-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
weft=bin/weft
cpus=$(nproc)
pin=${PIN:-$([ "$cpus" -ge 2 ] && echo 1 || echo 0)}
if [ "$pin" = 1 ]; then
    on_defender="taskset -c 0-$((cpus - 2))"
    on_attacker="taskset -c $((cpus - 1))"
    threads=1
    weft_threads="-Dweft.io.pollers=1 -Djdk.virtualThreadScheduler.parallelism=1"
else
    on_defender=""
    on_attacker=""
    threads=$cpus
    weft_threads=""
fi
good_seconds=${GOOD_SECONDS:-10}
# Each good-client measurement is a fresh JVM: it first runs this long unmeasured, so that its own JIT, on the
# same CPU as the proxy when pinned, is not what the figures measure.
warm_seconds=${WARM_SECONDS:-5}
attacks=" ${ATTACKS:-flood slowloris slowloris-proxy handshake-flood} "
wanted() { [[ "$attacks" == *" $1 "* ]]; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$out/key.pem" \
    -out "$out/cert.pem" -days 1 -subj /CN=perf.weft.test -addext subjectAltName=DNS:perf.weft.test 2>/dev/null
cat > "$out/weft.conf" <<CONF
weft {
  listeners {
    plain { bind = "127.0.0.1:17000", backend = echo,
            limits { per-client { connections = 2, new-connections-per-second = 1 }, tracked-clients = 100000 } }
    secure { bind = "127.0.0.1:17443", backend = echo, protocol = tls,
             tls { certificates = [{ cert = "cert.pem", key = "key.pem" }], handshake-timeout = 5s } }
    behind { bind = "127.0.0.1:17444", backend = echo, protocol = tls, accept-proxy-protocol = true,
             proxy-protocol-timeout = 5s,
             tls { certificates = [{ cert = "cert.pem", key = "key.pem" }], handshake-timeout = 5s } }
    limited { bind = "127.0.0.1:17445", backend = echo, protocol = tls,
              tls { certificates = [{ cert = "cert.pem", key = "key.pem" }] },
              limits.per-client { handshakes-per-second = 10 } }
    other { bind = "127.0.0.1:17001", backend = echo }
  }
  backends.echo { endpoints = ["127.0.0.1:17900"], health-check.enabled = false }
  admin { bind = "127.0.0.1:17901" }
}
CONF

cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
$on_defender $weft perf serve echo --bind 127.0.0.1:17900 > "$out/echo.log" 2>&1 &
$on_defender $weft $weft_threads run --config "$out/weft.conf" > "$out/weft.log" 2>&1 &
for _ in $(seq 1 100); do curl -sf 127.0.0.1:17901/healthz >/dev/null && break; sleep 0.2; done
pid=$(pgrep -f "weft.jar run --config $out/weft.conf" | head -1)

metric() { curl -s 127.0.0.1:17901/metrics | awk -v k="$1" 'index($0, k) == 1 { print $2 }' | head -1; }
rss_kib() { awk '/VmRSS/ { print $2 }' /proc/$pid/status; }
cpu_ticks() { awk '{ print $14 + $15 }' /proc/$1/stat; }
user_ticks() { awk '{ print $14 }' /proc/$1/stat; }
perf_line() { $on_defender $weft perf "$@" 2>/dev/null | grep " via " | tail -1; }
# HAProxy with the frontends given on stdin, between the same global, defaults and backend sections each time:
# writes $out/$1, starts it on the defending CPUs, and leaves its pid in $hap.
start_haproxy() {
    {
        cat <<HAP
global
  maxconn 9000
  nbthread $threads
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
HAP
        cat
        printf 'backend echo\n  server e1 127.0.0.1:17900\n'
    } > "$out/$1"
    $on_defender haproxy -f "$out/$1" > "$out/${1%.cfg}.log" 2>&1 &
    hap=$!
    sleep 1
}

{
echo "# Weft under attack, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
echo
if [ "$pin" = 1 ]; then
echo "Machine: $cpus cores. Pinned (PIN=1): the attack tools on CPU $((cpus - 1)); the proxy (one thread: Weft with"
echo "one event loop and one carrier thread, HAProxy nbthread 1), the echo backend and the good clients on"
echo "CPU 0-$((cpus - 2)). The kernel's share of each attempt falls where the kernel runs it: the attacker's own"
echo "sends on its CPU, the proxy's accepts, closes and resets on the proxy's. Each figure is a ratio within this run."
else
echo "Machine: $cpus cores. Weft with its defaults ($cpus event loops); the attackers and good clients"
echo "share the same cores, so each figure is a ratio within this run."
fi
echo
if wanted flood; then
echo "## Source flood"
echo
echo "Weft and HAProxy (a stick table: \`tcp-request connection reject if { sc0_conn_rate gt 1 }\`), both with"
echo "$threads thread(s), one after the other, each with the same flood and good client; CPU per attempt from"
echo "/proc/PID/stat over the flood."
echo
flood_case() { # label port pid
    # Warmed on another listener (Weft) or the same one (HAProxy): the good client's one connection is all
    # its bucket holds.
    local before during t0 t1 u0 u1
    before=$(perf_line rr --target 127.0.0.1:$2 --connections 1 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
    t0=$(cpu_ticks $3)
    u0=$(user_ticks $3)
    # Five in a row from each source: the first passes its bucket, the other four are refused.
    $on_attacker $weft perf flood --target 127.0.0.1:$2 --sources 100000 --per-source 5 --rate 5000 > "$out/flood-$1.log" 2>&1 &
    local flood=$!
    sleep 5
    during=$(perf_line rr --target 127.0.0.1:$2 --connections 1 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
    wait $flood || true
    t1=$(cpu_ticks $3)
    u1=$(user_ticks $3)
    echo "- $1, good client unloaded: \`$before\`"
    echo "- $1, good client during the flood: \`$during\`"
    echo "- $1, flood: \`$(grep ' via ' "$out/flood-$1.log" | tail -1)\`"
    echo "- $1, CPU: $(( (t1 - t0) * 10 )) ms over 500,000 attempts, $(( (t1 - t0) * 10000 / 500000 )) µs an attempt, of which $(( (u1 - u0) * 10000 / 500000 )) µs in user space"
}
perf_line rr --target 127.0.0.1:17001 --connections 1 --duration 2s > /dev/null
rss_before=$(rss_kib)
flood_case weft 17000 "$pid"
echo "- weft, tracked clients after it: $(metric 'weft_listener_tracked_clients{listener="plain"}'); refused by reason:"
curl -s 127.0.0.1:17901/metrics | grep '^weft_listener_connections_limited_total{listener="plain"' | sed 's/^/  - /'
echo "- weft, RSS: $rss_before KiB before, $(rss_kib) KiB after (the table itself: about 12 MB of heap for"
echo "  100,000 clients, see docs/CONFIG.md; the rest is the heap G1 grew under the flood's garbage)"
if [ "${PEERS:-1}" = 1 ] && command -v haproxy >/dev/null; then
    start_haproxy haproxy.cfg <<HAP
frontend plain
  bind 127.0.0.1:18000
  stick-table type ip size 100k expire 30s store conn_rate(1s)
  tcp-request connection track-sc0 src
  tcp-request connection reject if { sc0_conn_rate gt 1 }
  default_backend echo
HAP
    sleep 2 # one second's bucket for the good client after the warm-up's
    flood_case haproxy 18000 "$hap"
    kill $hap
fi
echo
fi
if wanted slowloris; then
echo "## Slowloris against a TLS listener"
perf_line tls-handshake --target 127.0.0.1:17443 --connections 2 --duration 2s > /dev/null
before=$(perf_line tls-handshake --target 127.0.0.1:17443 --connections 2 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
$on_attacker $weft perf slowloris --target 127.0.0.1:17443 --clients 2000 --interval 3s --duration $((good_seconds + warm_seconds + 20))s \
    > "$out/slowloris.log" 2>&1 &
attack=$!
sleep 10
during=$(perf_line tls-handshake --target 127.0.0.1:17443 --connections 2 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
wait $attack || true
echo "- good client unloaded: \`$before\`"
echo "- good client during 2,000 slow clients: \`$during\`"
echo "- attack: \`$(grep ' via ' "$out/slowloris.log" | tail -1)\`"
echo
fi
if wanted slowloris-proxy; then
echo "## Slowloris against accept-proxy-protocol (a TLS listener behind a balancer)"
perf_line tls-handshake --proxy --target 127.0.0.1:17444 --connections 2 --duration 2s > /dev/null
before=$(perf_line tls-handshake --proxy --target 127.0.0.1:17444 --connections 2 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
$on_attacker $weft perf slowloris --proxy --target 127.0.0.1:17444 --clients 2000 --interval 3s \
    --duration $((good_seconds + warm_seconds + 20))s > "$out/slowloris-proxy.log" 2>&1 &
attack=$!
sleep 10
during=$(perf_line tls-handshake --proxy --target 127.0.0.1:17444 --connections 2 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
wait $attack || true
echo "- good client unloaded: \`$before\`"
echo "- good client during 2,000 slow clients: \`$during\`"
echo "- attack: \`$(grep ' via ' "$out/slowloris-proxy.log" | tail -1)\`"
echo
fi
if wanted handshake-flood; then
echo "## Handshake flood against a per-client handshake limit"
echo
echo "Full TLS 1.3 handshakes, as fast as the attacking CPU makes them, from 8 sources in turn (20,000 each, so the"
echo "measured window sees the first) against a TLS listener that admits 10 a second from each; the good"
echo "client is rr on a plain listener of the same process. HAProxy: the same with a stick table on the TLS"
echo "frontend that counts admitted connections only (the reject rule looks the source up before tracking it),"
echo "so that it admits 10 a second too: \`tcp-request connection reject if { src_conn_rate(limited) ge 10 }\`."
echo
handshake_case() { # label plain-port tls-port
    local before during flood
    perf_line rr --target 127.0.0.1:$2 --connections 1 --duration 2s > /dev/null # warm-up
    before=$(perf_line rr --target 127.0.0.1:$2 --connections 1 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
    $on_attacker $weft perf flood --tls --target 127.0.0.1:$3 --sources 8 --per-source 20000 --rate 3000 \
        > "$out/handshake-flood-$1.log" 2>&1 &
    flood=$!
    sleep 5
    during=$(perf_line rr --target 127.0.0.1:$2 --connections 1 --duration ${good_seconds}s --warm-up ${warm_seconds}s)
    kill $flood 2>/dev/null || true
    wait $flood 2>/dev/null || true
    echo "- $1, plain listener's good client unloaded: \`$before\`"
    echo "- $1, the same during the flood: \`$during\`"
}
handshake_case weft 17001 17445
curl -s 127.0.0.1:17901/metrics | grep '^weft_listener_connections_limited_total{listener="limited"\|^weft_listener_handshakes_total{listener="limited"' | sed 's/^/  - /'
if [ "${PEERS:-1}" = 1 ] && command -v haproxy >/dev/null; then
    cat "$out/cert.pem" "$out/key.pem" > "$out/haproxy.pem"
    start_haproxy haproxy-tls.cfg <<HAP
frontend limited
  bind 127.0.0.1:18445 ssl crt $out/haproxy.pem
  stick-table type ip size 100k expire 30s store conn_rate(1s)
  tcp-request connection reject if { src_conn_rate(limited) ge 10 }
  tcp-request connection track-sc0 src
  default_backend echo
frontend other
  bind 127.0.0.1:18001
  default_backend echo
HAP
    handshake_case haproxy 18001 18445
    kill $hap
fi
fi
} | tee "$out/report.md"
echo "report: $out/report.md"
