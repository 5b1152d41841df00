#!/usr/bin/env bash
# The Widgetify outage, reproduced and caught: builds the agent and the demo service, runs the service
# in its own JVM with ConnTrack, drives load at it until its pool runs dry, and prints what an
# operator sees: ConnTrack's warnings, the callsites its dumps blame, and when the 503s started.
#
#   test-app/demo.sh               with the agent (15 s of load)
#   test-app/demo.sh --no-agent    the same outage, with nothing to explain it
#   test-app/demo.sh --seconds 30  a longer or shorter run (5 to 120 s)
#
# Files: test-app/target/demo/ (service.log, dumps/). Walkthrough: docs/demo.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build_log=$(mktemp)
if ! mvn -q -B -ntp -DskipTests package -pl test-app -am >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  echo "demo.sh: the build failed" >&2
  exit 1
fi
rm -f "$build_log"
exec java -cp "test-app/target/classes:test-app/target/lib/*" com.widgetify.demo.DemoRunner "$@"
