#!/usr/bin/env bash
# Runs the isolationtester specs of tests/isolation/specs/ against a fresh,
# migrated throwaway PostgreSQL 15 cluster and compares each output with
# tests/isolation/expected/ (PostgreSQL's pg_isolation_regress, shipped with
# isolationtester in postgresql-client-15).
#
#   tests/isolation/run.sh <poles-server binary> <output folder> [spec...]
set -euo pipefail
server=$1
out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
pgxs=/usr/lib/postgresql/15/lib/pgxs/src/test/isolation
bin=/usr/lib/postgresql/15/bin
specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
  for f in "$here"/specs/*.spec; do specs+=("$(basename "$f" .spec)"); done
fi

data=$(mktemp -d /tmp/poles-isolation-XXXXXX)
as_cluster=()
[ "$(id -u)" = 0 ] && as_cluster=(runuser -u postgres --)
cleanup() {
  "${as_cluster[@]}" "$bin/pg_ctl" -D "$data/pgdata" -m immediate -w stop \
    >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

# A migrated cluster: poles-server creates it, migrates and stops it.
"$server" --data-dir "$data" --migrate-only --log-level warn
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_cluster[@]}" "$bin/pg_ctl" -D "$data/pgdata" -l "$data/pgdata/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off" \
  start >/dev/null

mkdir -p "$out"
export PGPASSWORD
PGPASSWORD=$(cat "$data/superuser.password")
"$pgxs/pg_isolation_regress" --use-existing --host=127.0.0.1 --port="$port" \
  --user=poles_super --dbname=poles --inputdir="$here" --outputdir="$out" \
  "${specs[@]}"
