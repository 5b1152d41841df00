#!/usr/bin/env bash
# Runs every ConnTrack test on this machine: the whole build and test suite on the default JDK (17),
# the agent's tests again on JDK 25, and the benchmark smoke check. Starts PostgreSQL and MariaDB
# when they are not answering. Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

JDK25=${CONNTRACK_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
MVN="mvn -B -ntp"

if [ -f .ci/services.sh ]; then
  bash .ci/services.sh
fi

echo "== Build and all tests on the default JDK ($(java -version 2>&1 | head -1))"
$MVN verify

if [ -x "$JDK25/bin/java" ]; then
  echo "== Agent and JUnit extension tests on JDK 25 ($JDK25)"
  JAVA_HOME="$JDK25" $MVN -pl agent,junit -am verify
else
  echo "== JDK 25 not found at $JDK25: set CONNTRACK_JDK25 to run the agent tests on it" >&2
  exit 1
fi

if [ -x bench/run.sh ]; then
  echo "== Benchmark smoke check (runs and produces numbers; no thresholds)"
  bench/run.sh quick
fi
echo "== All tests passed"
