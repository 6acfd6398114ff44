#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what a fresh machine lacks, builds,
# type-checks, lints the import arrows, runs the unit suite in Node, then the integration suite in a real VS Code.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# The local provider's runtime (node-llama-cpp, CPU build only), outside node_modules: its tests
# run the committed tiny model in-process.
bash scripts/setup-local-model.sh
npm run build
# A compiled test whose .ts was renamed or deleted must not run: compile the unit tests afresh.
rm -rf out/test/unit
npx tsc -p tsconfig.test.json
# The house's import arrows (scripts/lint/layers.mjs): a wrong arrow fails the suite before any test runs.
npx eslint src
npx mocha --config .mocharc.json
if [ -x scripts/test-integration.sh ]; then
  scripts/test-integration.sh
fi
