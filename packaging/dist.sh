#!/bin/sh
# Builds the deployable archive weft-<version>-linux-<arch>.tar.gz from a built proxy/target/weft.jar:
# a jlink runtime with only the modules Weft needs, the launcher, a sample config, the systemd unit and the docs.
#
#   packaging/dist.sh JDK_HOME VERSION OUT_DIR
#
# `mvn -Pdist package` runs it; so does DistIT, which unpacks and runs the result.
set -eu

JDK=$1
VERSION=$2
OUT=$3
HOME_DIR=$(cd "$(dirname "$0")/.." && pwd)
JAR="$HOME_DIR/proxy/target/weft.jar"
[ -f "$JAR" ] || { echo "dist: $JAR is missing; build it first (mvn package)" >&2; exit 1; }
[ -x "$JDK/bin/jlink" ] || { echo "dist: no jlink in $JDK" >&2; exit 1; }

case "$(uname -m)" in
    x86_64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=aarch64 ;;
    *) ARCH=$(uname -m) ;;
esac
NAME="weft-$VERSION-linux-$ARCH"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/$NAME"
mkdir -p "$ROOT/bin" "$ROOT/lib" "$ROOT/conf" "$ROOT/packaging/prometheus" "$ROOT/packaging/grafana" "$ROOT/docs"

# The modules Weft uses (jdeps --print-module-deps, less java.desktop and java.compiler, which only classes Weft
# never loads refer to), java.logging, which System.Logger writes through, and jdk.management, whose bean gives
# the process CPU time for /metrics.
"$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.sql,jdk.httpserver,jdk.management,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$ROOT/runtime"

cp "$JAR" "$ROOT/lib/weft.jar"
cp "$HOME_DIR/bin/weft" "$ROOT/bin/weft"
cp "$HOME_DIR/packaging/weft.conf" "$ROOT/conf/weft.conf"
cp "$HOME_DIR/packaging/weft.service" "$HOME_DIR/packaging/weft.logrotate" "$HOME_DIR/packaging/Dockerfile" \
    "$ROOT/packaging/"
cp "$HOME_DIR/packaging/prometheus/weft-alerts.yml" "$ROOT/packaging/prometheus/"
cp "$HOME_DIR/packaging/grafana/weft-dashboard.json" "$ROOT/packaging/grafana/"
cp "$HOME_DIR/LICENSE" "$ROOT/LICENSE"
cp "$HOME_DIR/README.md" "$ROOT/README.md"
cp "$HOME_DIR/docs/"*.md "$ROOT/docs/"
mkdir -p "$OUT"
tar -C "$WORK" -czf "$OUT/$NAME.tar.gz" "$NAME"
echo "$OUT/$NAME.tar.gz"
