#!/usr/bin/env bash
# The README's second line: installs what the tests need, then runs every check and test.
# A missing tool fails here; no test is skipped for lack of one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
npm run --silent typecheck
npm run --silent lint
npx vitest run --reporter=default
