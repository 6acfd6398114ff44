#!/usr/bin/env bash
# `npm run package`: a production build (minified bundles) and a .vsix made by @vscode/vsce.
# The VSIX carries the bundles, the WASM files (sql.js, tree-sitter + grammars), templates,
# config.yaml and media; no node_modules (everything is bundled) and no source maps
# (.vscodeignore). Prints the path and size. Works offline.
set -euo pipefail
cd "$(dirname "$0")/.."
node esbuild.mjs --minify
version=$(node -p "require('./package.json').version")
out="${MICROFACTORY_VSIX_OUT:-microfactory-$version.vsix}"
args=(package --no-dependencies --out "$out" --allow-missing-repository)
[ -f LICENSE ] || [ -f LICENSE.md ] || args+=(--skip-license)
npx --no-install vsce "${args[@]}"
size=$(stat -c %s "$out")
echo "[package] $out: $(( size / 1024 )) KiB ($(unzip -l "$out" | tail -1 | awk '{print $2}') files)"
