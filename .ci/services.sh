#!/usr/bin/env bash
# Makes sure the database servers of the compat matrix answer: PostgreSQL on 127.0.0.1:5432 (trust auth,
# user postgres, db test) and MariaDB on 127.0.0.1:3306 (user root, empty password, db test). Starts the
# ones that do not answer, waits up to ~30s each, and exits non-zero (loudly) if one stays unreachable.
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
exit "$status"
