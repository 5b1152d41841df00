#!/usr/bin/env bash
# Long soak of the agent: a steady stream of correct borrows (5,000/s) and leaks (200/s) for
# SOAK_MINUTES (default 10); asserts heap after GC, open records and callsites stay flat and every
# leak is counted. The suite runs the same test for 35 s. Usage: agent/soak.sh [minutes]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-${SOAK_MINUTES:-10}}"
mvn -q verify -pl agent -am -Dit.test=SoakIT -Dsoak.minutes="$minutes" \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
