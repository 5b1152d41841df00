#!/usr/bin/env bash
# Makes sure the database servers of the compat matrix answer: PostgreSQL on 127.0.0.1:5432 (trust auth,
# user postgres, db test) and MariaDB on 127.0.0.1:3306 (user root, empty password, db test). Starts the
# ones that do not answer, waits up to ~30s each, and exits non-zero (loudly) if one stays unreachable.
# Also makes sure Debian's prometheus package (prometheus, promtool) is installed, for the alert-rule
# tests; the tests start their own Prometheus on 127.0.0.1, so the package's own daemon is stopped. And
# Debian's chromium package, for the test that renders the demo's incident report in a headless browser.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
maria_up() { mariadb -h127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; }

wait_for() { # name check
  for _ in $(seq 1 30); do
    if "$2"; then echo "services: $1 is up"; return 0; fi
    sleep 1
  done
  echo "services: ERROR: $1 did not come up within 30s" >&2
  return 1
}

status=0
prom_status=0

# Prometheus: install once (root, apt), without the recommended node exporter; never leave the package's
# daemon (0.0.0.0:9090) running. Idempotent: does nothing when both binaries are there and nothing runs.
prometheus_missing() { # why: an error under CONNTRACK_REQUIRE_SERVERS (CI), else a warning (the tests skip)
  if [ -n "${CONNTRACK_REQUIRE_SERVERS:-}" ]; then
    echo "services: ERROR: $1; the Prometheus tests will fail (CONNTRACK_REQUIRE_SERVERS is set)" >&2
    prom_status=1
  else
    echo "services: WARNING: $1; the Prometheus tests will be skipped" >&2
  fi
}
prometheus_installed() { command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; }
stop_packaged_prometheus() { # the package's daemon, by its pid file (/run/prometheus/prometheus.pid)
  local pidfile=/run/prometheus/prometheus.pid
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] && systemctl is-active -q prometheus 2>/dev/null; then
    echo "services: stopping and disabling the prometheus package's own service (the tests start their own)"
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "services: stopping the prometheus package's own daemon (the tests start their own)"
    start-stop-daemon --stop --quiet --oknodo --retry 5 --pidfile "$pidfile" --exec /usr/bin/prometheus --remove-pidfile || true
  fi
}
if prometheus_installed; then
  echo "services: prometheus $(prometheus --version 2>&1 | head -n1 | awk '{print $3}') is installed"
elif [ "$(id -u)" -ne 0 ]; then
  prometheus_missing "prometheus/promtool missing and not root to install them (apt-get install prometheus)"
else
  echo "services: installing Debian's prometheus package"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/tmp/conntrack-apt.log 2>&1 \
         || { apt-get update -q >>/tmp/conntrack-apt.log 2>&1 \
              && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >>/tmp/conntrack-apt.log 2>&1; }; }; then
    prometheus_missing "apt-get install prometheus failed; see /tmp/conntrack-apt.log"
  fi
fi
stop_packaged_prometheus

# Chromium: install once (root, apt), without recommended packages. The test starts it headless itself.
chromium_status=0
chromium_missing() { # why: an error under CONNTRACK_REQUIRE_SERVERS (CI), else a warning (the test skips)
  if [ -n "${CONNTRACK_REQUIRE_SERVERS:-}" ]; then
    echo "services: ERROR: $1; the incident report's browser test will fail (CONNTRACK_REQUIRE_SERVERS is set)" >&2
    chromium_status=1
  else
    echo "services: WARNING: $1; the incident report's browser test will be skipped" >&2
  fi
}
if [ -x /usr/bin/chromium ]; then
  echo "services: $(/usr/bin/chromium --version 2>/dev/null | head -n1) is installed"
elif [ "$(id -u)" -ne 0 ]; then
  chromium_missing "/usr/bin/chromium missing and not root to install it (apt-get install chromium)"
else
  echo "services: installing Debian's chromium package"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/tmp/conntrack-apt-chromium.log 2>&1 \
         || { apt-get update -q >>/tmp/conntrack-apt-chromium.log 2>&1 \
              && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >>/tmp/conntrack-apt-chromium.log 2>&1; }; }; then
    chromium_missing "apt-get install chromium failed; see /tmp/conntrack-apt-chromium.log"
  fi
fi

if pg_up; then
  echo "services: PostgreSQL is up"
else
  echo "services: starting PostgreSQL"
  version=$(ls /etc/postgresql 2>/dev/null | head -n1)
  if [ -z "$version" ]; then
    echo "services: ERROR: no cluster under /etc/postgresql" >&2
    status=1
  else
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for PostgreSQL pg_up || status=1
  fi
fi

if maria_up; then
  echo "services: MariaDB is up"
else
  echo "services: starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql || true
  wait_for MariaDB maria_up || status=1
fi

if [ "$status" -ne 0 ]; then
  echo "services: ERROR: a database server is unreachable; the compat tests that need it will fail" \
       "when CONNTRACK_REQUIRE_SERVERS is set" >&2
fi
exit $((status | prom_status | chromium_status))
