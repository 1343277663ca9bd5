#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's postgresql package) on 127.0.0.1:55432 for the tests,
# installing it first when it is missing. Prints the connection URL on stdout.
# Trust authentication on loopback only: this cluster holds nothing but test data.
set -euo pipefail
PORT=${PIPEWRIGHT_TEST_PG_PORT:-55432}
DATA=${PIPEWRIGHT_TEST_PG_DATA:-/tmp/pipewright-test-pg}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bin_dir)" ]; then
  echo "start-test-postgres: installing Debian's postgresql" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN=$(bin_dir)
# initdb and postgres refuse to run as root; run them as the postgres user when we are root.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if ! run_pg "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_root mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    run_pg "$BIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
  fi
  run_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
fi
run_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'pipewright_test'" | grep -q 1 ||
  run_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres pipewright_test
echo "postgres://postgres@127.0.0.1:$PORT/pipewright_test"
