#!/usr/bin/env bash
# Installs the npm packages exactly as package-lock.json pins them (npm ci: it never rewrites the
# lock), and only when the lock is newer than the last install; then builds dist/. npm ci runs
# the prepare script, which builds; otherwise build here.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm run --silent build
fi
