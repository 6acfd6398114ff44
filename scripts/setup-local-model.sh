#!/usr/bin/env bash
# Installs node-llama-cpp (pinned: newer releases may not install from the lock here) with only
# this machine's prebuilt CPU binaries, into a cache outside the project, where the `local`
# provider finds it. Optional: nothing else needs it. Its GPU builds (several hundred MB) are left out.
set -euo pipefail
dir="${MICROFACTORY_LOCAL_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/microfactory/local-model}"
version=3.21.1
platform=$(node -p 'const p = process.platform === "darwin" ? "mac" : process.platform === "win32" ? "win" : process.platform; const a = process.arch; p === "mac" && a === "arm64" ? "mac-arm64-metal" : `${p}-${a}`')
if [ -f "$dir/node_modules/node-llama-cpp/package.json" ] && grep -q "\"version\": \"$version\"" "$dir/node_modules/node-llama-cpp/package.json" && [ -d "$dir/node_modules/@node-llama-cpp/$platform" ]; then
  echo "[setup-local-model] node-llama-cpp $version ($platform) is already in $dir"
  exit 0
fi
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"name":"microfactory-local-model","private":true}' > "$dir/package.json"
# --ignore-scripts: its postinstall would try to download or build llama.cpp; the prebuilt package is enough.
npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --omit=optional -E "node-llama-cpp@$version" "@node-llama-cpp/$platform@$version"
echo "[setup-local-model] node-llama-cpp $version ($platform) installed in $dir"
