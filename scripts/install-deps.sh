#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and the run command need.
# Idempotent: packages already present are left alone; apt-get update runs first
# only when something is missing.
set -euo pipefail

PACKAGES=(
  cmake ninja-build ccache g++ pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libpq-dev libabsl-dev libssl-dev libargon2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  golang-github-gogo-googleapis-dev
  postgresql-15 postgresql-client-15
  libcli11-dev nlohmann-json3-dev libcpp-httplib-dev libspdlog-dev
  prometheus-cpp-dev
  python3 python3-icalendar python3-jsonschema
  clang libclang-rt-14-dev clang-format clang-tidy
  libcsv-dev libxml2-utils
  yamllint python3-yaml unzip
  tzdata libutf8proc-dev
  chromium
)
# Node.js and npm (the dashboard's Chart.js and the browser test's
# playwright-core, npm ci): Debian's only where the machine has none.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# The platform runs its own PostgreSQL clusters (the embedded one in
# .poles-data/, the tests' throwaway ones): installing postgresql-15 must not
# create and start Debian's system cluster on port 5432 that nobody uses. The
# server package's postinst creates "main" unless postgresql-common's
# createcluster.conf says create_main_cluster = false, so postgresql-common
# goes in first and the setting is written before the server package; a
# policy-rc.d answering 101 keeps invoke-rc.d from starting any service during
# this install (removed afterwards, unless it was there before).
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# scripts/install-deps.sh: no service starts during its install\nexit 101\n' |
    $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 0755 "$POLICY"
  OWN_POLICY=1
fi
cleanup() { if [ "$OWN_POLICY" = 1 ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT

$SUDO apt-get update -qq
if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-common
  $SUDO pg_conftool /etc/postgresql-common/createcluster.conf set create_main_cluster false
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
