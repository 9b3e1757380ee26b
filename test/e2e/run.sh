#!/usr/bin/env bash
# npm run test:e2e: the extension inside a real VS Code (code-server 4.100.3), headless.
#   1. builds the extension-host suites (and the extension if dist/ is missing)
#   2. installs the tools into .vscode-e2e-tools once (install.sh; a quick no-op afterwards)
#   3. packages the .vsix offline with vsce and installs it into a fresh extensions folder
#   4. starts code-server on 127.0.0.1 (auth none, fresh user-data folder, own process group)
#   5. UI checks: ui.js runs every group in ui/*.js against the installed .vsix (Chromium)
#   6. extension-host suites: ext-tests.js runs out/test/integration/index.js in the real host
#   7. stops every server it started; last line "N passed, N failed" totals 5 and 6
# Exits non-zero on any failure. Screenshots and logs go to $E2E_OUT (default e2e-out/).
#
#   bash test/e2e/run.sh [--ui-only | --ext-only | --serve]
#   --serve: start the server with the .vsix installed, print its URL, wait for Ctrl-C.
# env: E2E_OUT, TOOLS_DIR, UI_GREP (group/check name filter), MOCHA_GREP (host suites filter)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
MODE="${1:-all}"
case "$MODE" in all|--ui-only|--ext-only|--serve) ;; *) echo "usage: run.sh [--ui-only|--ext-only|--serve]" >&2; exit 2 ;; esac
export TOOLS_DIR="$(mkdir -p "${TOOLS_DIR:-$ROOT/.vscode-e2e-tools}" && cd "${TOOLS_DIR:-$ROOT/.vscode-e2e-tools}" && pwd)"
OUT="${E2E_OUT:-$ROOT/e2e-out}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
rm -rf "$OUT"/*.png "$OUT"/*.log "$OUT"/*.txt "$OUT/vscode-logs"   # only what an earlier run wrote
CS="$TOOLS_DIR/node_modules/.bin/code-server"
step() { printf '\n== e2e: %s (%ss)\n' "$1" "$SECONDS"; }

# 1 + 2. build, tools
step "build"
[ -f dist/extension.js ] || node esbuild.mjs
node test/integration/build.mjs   # = npm run build:integration
bash "$HERE/install.sh"

WORK="$(mktemp -d /tmp/kml-e2e.XXXXXX)"
mkdir -p "$WORK"/{ud/User,ext,ws,xdg}
export XDG_CONFIG_HOME="$WORK/xdg" XDG_DATA_HOME="$WORK/xdg"   # keep code-server out of ~/.config
export KMLAB_LAG_PROBE=1   # the extension measures its host's longest tasks (test/integration/hostLag.test.ts)
printf 'auth: none\n' > "$WORK/config.yaml"
# A quiet, deterministic workbench.
cat > "$WORK/ud/User/settings.json" <<'JSON'
{
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.disableAIFeatures": true
}
JSON
echo "Kernel Memory Lab e2e workspace" > "$WORK/ws/README.md"

PGIDS=()
cleanup() {
  for g in "${PGIDS[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  PGIDS=()
  if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
    cp -r "$WORK/ud/logs" "$OUT/vscode-logs" 2>/dev/null || true   # server, extension host, our log channel
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_http() { # <url>: up to 60 s
  node -e 'const u=process.argv[1],end=Date.now()+60e3;(function t(){fetch(u).then(r=>process.exit(r.ok?0:1),()=>Date.now()>end?(console.error("no server at "+u),process.exit(1)):setTimeout(t,300))})()' "$1"
}

# 3. package + install the .vsix (vsce runs vscode:prepublish, the production build)
step "package .vsix"
node_modules/.bin/vsce package --no-dependencies --allow-missing-repository -o "$WORK/kernel-memory-lab.vsix" >"$OUT/vsce.log" 2>&1 \
  || { cat "$OUT/vsce.log" >&2; echo "0 passed, 1 failed"; exit 1; }
"$CS" --config "$WORK/config.yaml" --user-data-dir "$WORK/ud" --extensions-dir "$WORK/ext" \
  --install-extension "$WORK/kernel-memory-lab.vsix" >"$OUT/install-extension.log" 2>&1 \
  || { cat "$OUT/install-extension.log" >&2; echo "0 passed, 1 failed"; exit 1; }

# 4. code-server, in its own process group so cleanup stops it and everything it spawned
step "start code-server"
PORT="$(free_port)"
setsid "$CS" --config "$WORK/config.yaml" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --user-data-dir "$WORK/ud" --extensions-dir "$WORK/ext" "$WORK/ws" >"$OUT/code-server.log" 2>&1 </dev/null &
PGIDS+=("$!")
wait_http "http://127.0.0.1:$PORT/healthz"
ORIGIN="http://127.0.0.1:$PORT"

if [ "$MODE" = --serve ]; then
  echo "workbench: $ORIGIN/?folder=$WORK/ws   (Ctrl-C stops it)"
  wait
  exit 0
fi

# Counts from a stage's last "N passed, N failed" line; a stage that died without one counts as 1 failure.
PASSED=0; FAILED=0; rc=0
count() { # <log> <exit code>
  local line; line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 || true)"
  if [ -z "$line" ]; then FAILED=$((FAILED + 1)); else
    PASSED=$((PASSED + $(echo "$line" | cut -d' ' -f1))); FAILED=$((FAILED + $(echo "$line" | cut -d' ' -f3)))
  fi
  [ "$2" = 0 ] || rc=1
}

# 5. UI checks against the installed .vsix
if [ "$MODE" != --ext-only ]; then
  step "UI checks"
  set +e
  E2E_WORKSPACE="$WORK/ws" \
    node "$HERE/ui.js" "$ORIGIN/?folder=$WORK/ws" "$OUT" 2>&1 | tee "$OUT/ui.log"
  count "$OUT/ui.log" "${PIPESTATUS[0]}"
  set -e
fi

# 6. extension-host suites (the extension loaded from this folder, its development path)
if [ "$MODE" != --ui-only ]; then
  step "extension-host suites"
  set +e
  EXT_TEST_LOG="$OUT/ext-tests-workbench.log" SCREENSHOT="$OUT/ext-tests.png" \
    node "$HERE/ext-tests.js" "$ORIGIN" "$WORK/ws" "$ROOT" "$ROOT/out/test/integration/index.js" 2>&1 | tee "$OUT/ext-tests.log"
  count "$OUT/ext-tests.log" "${PIPESTATUS[0]}"
  set -e
fi

# 7. stop servers (trap), report
cleanup
[ "$FAILED" = 0 ] || rc=1
step "done: screenshots and logs in ${OUT#"$ROOT"/}/"
echo "$PASSED passed, $FAILED failed"
exit $rc
