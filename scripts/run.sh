#!/usr/bin/env bash
# Runs the platform on this machine with its embedded default: installs what
# is missing (Debian 12), builds, starts a private PostgreSQL 15 in
# .poles-data/ (as the 'postgres' OS user when run as root), migrates, loads
# the three seed Pôles as demo tenants with their plans, and serves gRPC on
# 127.0.0.1:50051 until Ctrl-C.
#
#   scripts/run.sh                       # embedded PostgreSQL in .poles-data
#   POLES_DATABASE_URL=... POLES_OWNER_DATABASE_URL=... scripts/run.sh
#                                        # an existing PostgreSQL instead
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=${POLES_DATA_DIR:-$PWD/.poles-data}
LISTEN=${POLES_LISTEN:-127.0.0.1:50051}
BUILD_DIR=${POLES_BUILD_DIR:-build}

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Dépendances (Debian 12)"
bash scripts/install-deps.sh

step "Compilation (Ninja, ccache) dans $BUILD_DIR/"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$BUILD_DIR" poles-server polesctl

METRICS_LISTEN=${POLES_METRICS_LISTEN:-127.0.0.1:9464}
SERVER=(./"$BUILD_DIR"/server/poles-server --listen "$LISTEN" --metrics-listen "$METRICS_LISTEN")
if [ -n "${POLES_DATABASE_URL:-}" ]; then
  mkdir -p "$DATA_DIR"
  SERVER+=(--admin-key-file "$DATA_DIR/keys/admin.key")
  : "${POLES_PAGE_TOKEN_SECRET:=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  export POLES_PAGE_TOKEN_SECRET
else
  SERVER+=(--data-dir "$DATA_DIR")
fi

step "Démarrage du serveur (données : $DATA_DIR)"
"${SERVER[@]}" &
SERVER_PID=$!
stop() {
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap stop EXIT INT TERM

POLESCTL=(./"$BUILD_DIR"/cli/polesctl --server "$LISTEN")
for i in $(seq 1 120); do
  if [ -f "$DATA_DIR/keys/admin.key" ] &&
     "${POLESCTL[@]}" --key-file "$DATA_DIR/keys/admin.key" tenants list >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "le serveur s'est arrêté ; voir les messages ci-dessus" >&2
    exit 1
  fi
  sleep 0.5
done

step "Pôles de démonstration, leurs plans et événements (documents sources)"
"${POLESCTL[@]}" --key-file "$DATA_DIR/keys/admin.key" demo load \
  --data-dir "$DATA_DIR" --seeds data/seeds

step "Pôles"
"${POLESCTL[@]}" --key-file "$DATA_DIR/keys/admin.key" tenants list
for t in vallee-du-haut-saint-laurent capitale-nationale centre-du-quebec; do
  "${POLESCTL[@]}" --key-file "$DATA_DIR/keys/$t.viewer.key" plans list --tenant "$t"
done
step "Indicateurs des événements du Centre-du-Québec, 2017-2018"
"${POLESCTL[@]}" --key-file "$DATA_DIR/keys/centre-du-quebec.viewer.key" \
  events summary --tenant centre-du-quebec --fiscal-year 2017-2018 --by event_kind

cat <<MSG

La plateforme tourne sur $LISTEN (Ctrl-C pour l'arrêter) ; métriques Prometheus : http://$METRICS_LISTEN/metrics
Clés d'API (lisibles par vous seul) : $DATA_DIR/keys/
  admin.key                          administration de la plateforme
  <pôle>.editor.key, <pôle>.viewer.key  coordination et conseil d'administration

Essayez :
  $BUILD_DIR/cli/polesctl --key-file $DATA_DIR/keys/vallee-du-haut-saint-laurent.viewer.key \\
      plans show tenants/vallee-du-haut-saint-laurent/plans/plan-action-2018-2019
  grpcurl -plaintext -H "authorization: Bearer \$(cat $DATA_DIR/keys/centre-du-quebec.viewer.key)" \\
      -d '{"parent":"tenants/centre-du-quebec"}' $LISTEN poles.v1.PlansService/ListPlans
  grpcurl -plaintext -H "authorization: Bearer \$(cat $DATA_DIR/keys/centre-du-quebec.viewer.key)" \\
      -d '{"parent":"tenants/centre-du-quebec","fiscal_year":"2017-2018","dimensions":["event_kind"]}' \\
      $LISTEN poles.v1.EventsService/SummarizeEvents
MSG
wait "$SERVER_PID"
