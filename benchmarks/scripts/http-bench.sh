#!/usr/bin/env bash
# Starts a fresh order service (embedded store, fsync on, empty data directory in /tmp) on port
# 18080, runs `bench http` against it twice (a cold JVM, then warm), stops it, and prints the two
# JSON lines, each after the CPU seconds the service spent on it. For A/B comparisons run it
# alternately with two service jars in the same window: the host's speed drifts, so only figures
# taken back to back compare.
#
#   benchmarks/scripts/http-bench.sh [SERVICE_JAR] [BENCH_JAR] [LABEL]
#
# Environment: JAVA (default: a JDK >= 21 under /usr/lib/jvm), SVC_OPTS and BENCH_OPTS (JVM
# options), BENCH_ARGS (default: --connections 32 --orders 10000 --queries 60000).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
service_jar="${1:-$root/examples/order-service/target/annals-service.jar}"
bench_jar="${2:-$root/benchmarks/target/annals-bench.jar}"
label="${3:-$(basename "$service_jar")}"
if [[ -z "${JAVA:-}" ]]; then
    for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V); do
        version="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' || true)"
        if [[ "${version:-0}" -ge 21 ]]; then JAVA="$jdk/bin/java"; fi
    done
fi
java="${JAVA:?no JDK >= 21 under /usr/lib/jvm: set JAVA}"
args="${BENCH_ARGS:---connections 32 --orders 10000 --queries 60000}"
data="$(mktemp -d /tmp/annals-http-bench.XXXXXX)"
token="bench-$(date +%s%N)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
ANNALS_ADMIN_TOKEN="$token" "$java" ${SVC_OPTS:-} -jar "$service_jar" --port 18080 --data "$data" \
    > "$data.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -sf -o /dev/null http://127.0.0.1:18080/health/live && break
    sleep 0.2
done
# CPU seconds the service has used (utime + stime): the same fixed workload costs about the same CPU
# whatever the host's speed does, so serviceCpuSeconds compares two jars far more steadily than
# the throughput figures.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat"; }
for phase in cold warm; do
    before="$(cpu)"
    line="$("$java" ${BENCH_OPTS:-} -jar "$bench_jar" http --url http://127.0.0.1:18080 --token "$token" $args | tail -1)"
    used="$(awk -v a="$before" -v b="$(cpu)" 'BEGIN { printf "%.2f", b - a }')"
    echo "$label $phase $(date +%H:%M:%S) serviceCpuSeconds=$used $line"
done
rm -f "$data.log"
