#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, from Debian apt and the npm registry only:
#   - apt: chromium (driven by playwright-core), ripgrep (replaces @vscode/ripgrep's GitHub
#     download), compilers and headers for code-server's native modules (and keytar's)
#   - $TOOLS_DIR/node_modules/code-server: code-server 4.100.3 = VS Code 1.100.3 (Node 20)
# playwright-core and @vscode/vsce come from the project's own devDependencies.
# Idempotent: returns at once when the same version is installed and verified.
#   TOOLS_DIR=.vscode-e2e-tools bash test/e2e/install.sh        (root for the apt step)
#   bash test/e2e/install.sh --apt      only apt-get update + install the Debian packages (CI)
set -euo pipefail

TOOLS_DIR="${TOOLS_DIR:-$PWD/.vscode-e2e-tools}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
mkdir -p "$TOOLS_DIR"
TOOLS_DIR="$(cd "$TOOLS_DIR" && pwd)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
STAMP="$TOOLS_DIR/.installed"
WANT="code-server@$CODE_SERVER_VERSION node$NODE_MAJOR"

# 1. Debian packages.
APT_PACKAGES="chromium ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev"
if [ "${1:-}" = --apt ] || ! command -v chromium >/dev/null || ! command -v rg >/dev/null \
   || ! [ -e /usr/include/gssapi/gssapi.h ] || ! [ -e /usr/include/X11/extensions/XKBfile.h ] \
   || ! pkg-config --exists libsecret-1 2>/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: run as root once to apt-get install: $APT_PACKAGES" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null
fi
[ "${1:-}" = --apt ] && { echo "apt packages installed: $APT_PACKAGES"; exit 0; }

# Native modules code-server cannot run without (each must have been compiled by its install script).
verify() {
  local vs="$TOOLS_DIR/node_modules/code-server/lib/vscode/node_modules" missing=()
  for f in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node \
           native-watchdog/build/Release/watchdog.node @vscode/ripgrep/bin/rg; do
    [ -e "$vs/$f" ] || missing+=("$f")
  done
  [ -e "$TOOLS_DIR/node_modules/code-server/out/node/entry.js" ] || missing+=(code-server/out/node/entry.js)
  ((${#missing[@]} == 0)) || { echo "install.sh: missing after install: ${missing[*]}" >&2; return 1; }
}
if [ "$(cat "$STAMP" 2>/dev/null)" = "$WANT" ] && verify 2>/dev/null; then
  echo "e2e tools present: $WANT"; exit 0
fi

# 2. @vscode/ripgrep's postinstall downloads rg from GitHub unless the archive is already in
#    its cache ($TMPDIR/vscode-ripgrep-cache-<pkg version>/<asset>): seed it with Debian's rg.
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

# 3. code-server. Its postinstall runs `npm install` in lib/vscode, which compiles node-pty,
#    spdlog, kerberos… so install scripts must run, at both levels:
#    - npm 11.x asks for install scripts to be approved (`allowScripts`); by default it only
#      warns ("npm warn install-scripts … not yet covered by allowScripts") and runs them, but
#      with strict-allow-scripts (a config, or a future default) it would refuse. The nested
#      install in lib/vscode reads code-server's own package.json, which we cannot annotate,
#      so allow all scripts for this tools folder only: everything in it is code-server's.
#    - npm_config_unsafe_perm=true: code-server's postinstall refuses root without it
#    - npm_config_yes=true: node-pty's postinstall runs `npx node-gyp`; a `yes=false` in
#      ~/.npmrc makes npx refuse
#    - npm_config_ignore_scripts=false: in case a CI sets it globally
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_ignore_scripts=false \
  npm_config_dangerously_allow_all_scripts=true npm_config_strict_allow_scripts=false
if [ "$NODE_MAJOR" != 20 ]; then
  # code-server 4.100.x is built for Node 20; its postinstall stops on other majors.
  echo "install.sh: WARNING: Node $NODE_MAJOR; code-server $CODE_SERVER_VERSION expects Node 20 (forcing)" >&2
  export FORCE_NODE_VERSION="$NODE_MAJOR"
fi
cd "$TOOLS_DIR"
rm -f "$STAMP"
printf '{"name":"kml-e2e-tools","private":true,"dependencies":{"code-server":"%s"}}\n' "$CODE_SERVER_VERSION" > package.json
npm install --no-audit --no-fund --loglevel=error
verify
echo "$WANT" > "$STAMP"
# (not `code-server --version`: that writes ~/.config/code-server/config.yaml)
echo "installed code-server $(node -p "require('./node_modules/code-server/package.json').version")" \
  "(VS Code $(node -p "require('./node_modules/code-server/lib/vscode/package.json').version"))"
