#!/usr/bin/env bash
# The README's second line: installs what the tests need, then runs every check and test.
# A missing tool fails here; no test is skipped for lack of one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
# The repository tests run against SQLite and against this real PostgreSQL.
PIPEWRIGHT_TEST_DATABASE_URL=$(bash scripts/start-test-postgres.sh)
export PIPEWRIGHT_TEST_DATABASE_URL
npm run --silent typecheck
npm run --silent lint
npx vitest run --reporter=default
