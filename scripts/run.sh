#!/usr/bin/env bash
# Runs the platform on this machine with its embedded default: installs what
# is missing (Debian 12), builds, starts a private PostgreSQL 15 in
# .poles-data/ (as the 'postgres' OS user when run as root), migrates, loads
# every Pôle of Québec as a demo tenant (the three seed Pôles with their
# plans, events and funding), serves gRPC on 127.0.0.1:50051 and the national
# gateway on 127.0.0.1:50052, links bin/polesctl to the build's CLI, prints
# the 2017-2018 national table and commands to try (each works as printed),
# and runs until Ctrl-C. It builds in build/ (POLES_BUILD_DIR), as
# scripts/test.sh does.
#
#   scripts/run.sh                       # embedded PostgreSQL in .poles-data
#   POLES_DATABASE_URL=... POLES_ADMIN_DATABASE_URL=... \
#     POLES_OWNER_DATABASE_URL=... scripts/run.sh
#                                        # an existing PostgreSQL instead
#                                        # (roles poles_app, poles_admin)
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=${POLES_DATA_DIR:-$PWD/.poles-data}
LISTEN=${POLES_LISTEN:-127.0.0.1:50051}
GATEWAY_LISTEN=${POLES_GATEWAY_LISTEN:-127.0.0.1:50052}
GATEWAY_HTTP_LISTEN=${POLES_GATEWAY_HTTP_LISTEN:-127.0.0.1:8080}
GATEWAY_METRICS_LISTEN=${POLES_GATEWAY_METRICS_LISTEN:-127.0.0.1:9465}
DASHBOARD_URL=http://$GATEWAY_HTTP_LISTEN/
BUILD_DIR=${POLES_BUILD_DIR:-build}

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Dépendances (Debian 12)"
bash scripts/install-deps.sh

step "Espace du Pôle (web/workspace/, Vite) dans web/workspace/dist/"
# The workspace's packages from the committed lockfile (once), then its
# build, which the gateway serves under /espace/.
if [ ! -x node_modules/.bin/vite ]; then
  npm ci --omit=peer --no-audit --no-fund --loglevel=error
fi
npm run --silent build:workspace >/dev/null

step "Compilation (Ninja, ccache) dans $BUILD_DIR/"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$BUILD_DIR" poles-server poles-gateway polesctl
# polesctl where a user finds it: bin/polesctl, a link to this build's.
mkdir -p bin
ln -sfn "$(cd "$BUILD_DIR" && pwd)/cli/polesctl" bin/polesctl
POLESCTL_BIN=$PWD/bin/polesctl

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
GATEWAY_PID=
stop() {
  for pid in $GATEWAY_PID $SERVER_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
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

step "Pôles de démonstration (tous ceux du Québec), leurs clés, les plans, événements et financements des documents sources"
"${POLESCTL[@]}" --key-file "$DATA_DIR/keys/admin.key" demo load \
  --data-dir "$DATA_DIR" --seeds data/seeds

step "Pôles"
"${POLESCTL[@]}" --key-file "$DATA_DIR/keys/admin.key" tenants list

# Demo accounts for the workspace's sign-in (README "Signing in"): known
# passwords, for the demo only. Already there on a second run.
DEMO_EDITOR_EMAIL=coordination@centre-du-quebec.demo
DEMO_EDITOR_PASSWORD=cdq-coordination-demo
DEMO_VIEWER_EMAIL=conseil@centre-du-quebec.demo
DEMO_VIEWER_PASSWORD=cdq-conseil-demo
step "Comptes de démonstration (Centre-du-Québec)"
for who in editor viewer; do
  if [ "$who" = editor ]; then e=$DEMO_EDITOR_EMAIL; p=$DEMO_EDITOR_PASSWORD; n=Coordination
  else e=$DEMO_VIEWER_EMAIL; p=$DEMO_VIEWER_PASSWORD; n="Conseil d'administration"; fi
  if out=$(printf '%s\n' "$p" | "${POLESCTL[@]}" --key-file "$DATA_DIR/keys/admin.key" \
          account create --email "$e" --name "$n" --tenant centre-du-quebec \
          --role "$who" --password-stdin 2>&1); then
    echo "$out"
  else
    case "$out" in *ALREADY_EXISTS*|*existe*|*exists*|*"an account has this e-mail"*) echo "$e : déjà créé" ;;
      *) echo "$out" >&2; exit 1 ;; esac
  fi
done
# The two seed Pôles with a plan (Centre-du-Québec's documents hold events
# and funding, no plan).
for t in vallee-du-haut-saint-laurent capitale-nationale; do
  "${POLESCTL[@]}" --key-file "$DATA_DIR/keys/$t.viewer.key" plans list --tenant "$t"
done
step "Indicateurs des événements du Centre-du-Québec, 2017-2018"
"${POLESCTL[@]}" --key-file "$DATA_DIR/keys/centre-du-quebec.viewer.key" \
  events summary --tenant centre-du-quebec --fiscal-year 2017-2018 --by event_kind

# The gateway holds no database role: it checks keys and reads the tenants
# and reference data through the server, with its service key.
step "Passerelle nationale (poles-gateway) : gRPC $GATEWAY_LISTEN, HTTP $GATEWAY_HTTP_LISTEN"
./"$BUILD_DIR"/gateway/poles-gateway --listen "$GATEWAY_LISTEN" --server "$LISTEN" \
  --http-listen "$GATEWAY_HTTP_LISTEN" --metrics-listen "$GATEWAY_METRICS_LISTEN" \
  --service-key-file "$DATA_DIR/keys/service.key" &
GATEWAY_PID=$!
NATIONAL=("${POLESCTL[@]}" --gateway "$GATEWAY_LISTEN" --key-file "$DATA_DIR/keys/national.key")
for i in $(seq 1 60); do
  if "${NATIONAL[@]}" national table --fiscal-year 2017-2018 \
       --indicators events.held >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then
    echo "la passerelle s'est arrêtée ; voir les messages ci-dessus" >&2
    exit 1
  fi
  sleep 0.5
done

step "Tableau national PAGES 2017-2018 (extrait : un indicateur par service)"
"${NATIONAL[@]}" national table --fiscal-year 2017-2018 \
  --indicators directories.enterprises,directories.dossiers_opened,events.held,events.participants,plans.indicators_achieved,funding.awards,funding.amount_authorised

if curl -fsS -o /dev/null --max-time 2 "$DASHBOARD_URL" 2>/dev/null; then
  DASHBOARD="Tableau de bord national : $DASHBOARD_URL (clé nationale : $DATA_DIR/keys/national.key)"
else
  DASHBOARD="Tableau de bord national : $DASHBOARD_URL (ne répond pas encore ; voir les messages de la passerelle)"
fi

cat <<MSG

La plateforme tourne sur $LISTEN (Ctrl-C pour l'arrêter) ; métriques Prometheus : http://$METRICS_LISTEN/metrics
Passerelle nationale : gRPC (NationalService) $GATEWAY_LISTEN, HTTP/JSON/CSV http://$GATEWAY_HTTP_LISTEN/ ; métriques : http://$GATEWAY_METRICS_LISTEN/metrics
$DASHBOARD
Espace du Pôle (coordination) : ${DASHBOARD_URL}espace/ (connexion avec une clé, par exemple $DATA_DIR/keys/centre-du-quebec.editor.key)
Clés d'API (lisibles par vous seul) : $DATA_DIR/keys/
  admin.key                          administration de la plateforme
  national.key                       le Chantier de l'économie sociale (lectures nationales)
  funding.key                        un ministère (financement agrégé seulement)
  service.key                        la passerelle elle-même (rôle service)
  <pôle>.editor.key, <pôle>.viewer.key  coordination et conseil d'administration
Comptes de démonstration du Centre-du-Québec (POST http://$GATEWAY_HTTP_LISTEN/auth/login) :
  éditrice : $DEMO_EDITOR_EMAIL / $DEMO_EDITOR_PASSWORD
  lecteur  : $DEMO_VIEWER_EMAIL / $DEMO_VIEWER_PASSWORD

Essayez (polesctl : $POLESCTL_BIN, un lien vers $BUILD_DIR/cli/polesctl ;
export PATH="$PWD/bin:\$PATH" pour taper simplement polesctl) :
  $POLESCTL_BIN --gateway $GATEWAY_LISTEN --key-file $DATA_DIR/keys/national.key \\
      national table --fiscal-year 2017-2018 --region 17 --indicators events.held,events.participants,funding.awards,funding.amount_authorised
  $POLESCTL_BIN --gateway $GATEWAY_LISTEN --key-file $DATA_DIR/keys/funding.key \\
      national funding --fiscal-years 2017-2018 --group-by program
  $POLESCTL_BIN --gateway $GATEWAY_LISTEN --key-file $DATA_DIR/keys/centre-du-quebec.viewer.key \\
      bilan --tenant centre-du-quebec --fiscal-year 2017-2018 --pdf bilan-cdq-2017-2018.pdf
  $POLESCTL_BIN --server $LISTEN --key-file $DATA_DIR/keys/vallee-du-haut-saint-laurent.viewer.key \\
      plans show tenants/vallee-du-haut-saint-laurent/plans/plan-action-2018-2019
  curl -H "Authorization: Bearer \$(cat $DATA_DIR/keys/national.key)" \\
      'http://$GATEWAY_HTTP_LISTEN/api/v1/national/table?fiscal_year=2017-2018&regions=17&indicators=events.held,funding.awards&format=csv'
  curl -o bilan-cdq-2017-2018.html -H "Authorization: Bearer \$(cat $DATA_DIR/keys/centre-du-quebec.viewer.key)" \\
      'http://$GATEWAY_HTTP_LISTEN/api/v1/tenants/centre-du-quebec/bilans/2017-2018.html'
Si vous avez grpcurl (non empaqueté par Debian ; la réflexion est active) :
  grpcurl -plaintext $LISTEN list
MSG
wait "$SERVER_PID"
