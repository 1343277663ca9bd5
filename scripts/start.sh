#!/usr/bin/env bash
# The README's first line: installs pipewright and starts the service on its embedded defaults
# (SQLite under .pipewright/data, the local executor, http://127.0.0.1:8080; PIPEWRIGHT_PORT and
# PIPEWRIGHT_DATA_DIR change them). The first start creates the user "admin" with a password in
# .pipewright/data/initialAdminPassword (readable by this user only), unless
# PIPEWRIGHT_ADMIN_PASSWORD is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-npm-packages.sh
exec node dist/service/server.js
