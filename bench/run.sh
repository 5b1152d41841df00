#!/usr/bin/env bash
# Runs every ConnTrack benchmark in every variant (no agent, agent modes, HikariCP leak detection) in one go.
#   bench/run.sh          full run (< 15 min on 2 cores): numbers for docs/performance.md
#   bench/run.sh quick    smoke check (< 3 min idle; 3.7 min at load 10): every benchmark runs and yields numbers; no thresholds
# Extra arguments go to the runner, e.g. `bench/run.sh full --only 1,2`.
# Environment: AGENT_JAR (default agent/target/conntrack-agent.jar, built if missing), JAVA_HOME, OUT.
# Writes bench/target/results/results.md and one JMH JSON file per benchmark and variant.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE="${1:-full}"
[ $# -gt 0 ] && shift
case "$MODE" in quick|full) ;; *) echo "usage: $0 [quick|full] [--only 1,2,...]" >&2; exit 2 ;; esac
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
AGENT_JAR="${AGENT_JAR:-$ROOT/agent/target/conntrack-agent.jar}"
OUT="${OUT:-$ROOT/bench/target/results}"

cd "$ROOT"
if [ ! -f "$AGENT_JAR" ]; then
  echo "[bench] building the agent ($AGENT_JAR)"
  mvn -q -B package -DskipTests -pl agent -am
fi
echo "[bench] building bench/target/benchmarks.jar and bench-spring/target/bench-spring.jar (benchmark 7's application)"
mvn -q -B package -DskipTests -pl bench,bench-spring
rm -rf "$OUT"
mkdir -p "$OUT"
"$JAVA" -cp bench/target/benchmarks.jar io.conntrack.bench.BenchRunner "$MODE" --agent "$AGENT_JAR" --out "$OUT" "$@" \
  2>&1 | tee "$OUT/run.log"
echo "[bench] results: $OUT/results.md"
