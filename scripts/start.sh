#!/usr/bin/env bash
# The README's first line: installs pipewright and starts it on its embedded defaults.
# Until the controller service lands, "the platform" is the pipewright CLI: this installs it,
# lists the built-in templates and renders a starter pipeline, so a newcomer sees it work.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm install --no-audit --no-fund; else npm run --silent build; fi
mkdir -p .pipewright
node bin/pipewright.js templates
[ -f .pipewright/pipewright.yaml ] || node bin/pipewright.js init --template test-build --name example -o .pipewright/pipewright.yaml
node bin/pipewright.js render .pipewright/pipewright.yaml
echo
echo "pipewright is installed. Try: npx pipewright render .pipewright/pipewright.yaml"
