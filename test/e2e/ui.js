// UI checks of the extension in the real VS Code workbench (code-server + Debian Chromium,
// driven by playwright-core). Runs every group in ui/*.js in file-name order.
//
// A group module exports { name, checks: [{ name, run }] }; each run(t) gets
//   t.page    the playwright Page of the workbench
//   t.h       helpers.js (runCommand, openViewContainer, pane, treeLabels, webviewFrame,
//             outputChannelText, notification, setTheme, screenshot …)
//   t.assert  node:assert/strict
//   t.outDir  where screenshots and logs go; t.workspace  the opened folder
// and fails by throwing. A failed check gets a screenshot (fail-<group>-<n>.png); the run
// continues with the next check. The last line is "N passed, N failed".
//
// usage: node ui.js <workbench-url> <out-dir>     env: UI_GREP=<regexp on "group: check">
// Do not point it at a server started with --enable-smoke-test-driver: that hides toasts.
const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const os = require('os');
const h = require('./helpers');

const [url, outArg] = process.argv.slice(2);
if (!url) { console.error('usage: node ui.js <workbench-url> <out-dir>'); process.exit(2); }
const outDir = path.resolve(outArg || 'e2e-out');
fs.mkdirSync(outDir, { recursive: true });
process.env.E2E_OUT_DIR = outDir; // for h.screenshot
const grep = process.env.UI_GREP ? new RegExp(process.env.UI_GREP, 'i') : null;
const CHECK_TIMEOUT_MS = Number(process.env.UI_CHECK_TIMEOUT_MS || 120000);

function loadGroups() {
  const dir = path.join(__dirname, 'ui');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => {
    const group = require(path.join(dir, f));
    if (!group || typeof group.name !== 'string' || !Array.isArray(group.checks)) {
      throw new Error(`ui/${f} must export { name, checks: [{ name, run }] }`);
    }
    return group;
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

(async () => {
  let passed = 0, failed = 0;
  const groups = loadGroups();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kml-ui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const t = { page, h, assert, outDir, workspace: process.env.E2E_WORKSPACE };
  try {
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .statusbar').waitFor({ timeout: 90000 });
    console.log(`workbench loaded in ${Date.now() - t0} ms`);
    for (const group of groups) {
      group.checks.forEach((c, i) => { c.index = i + 1; });
      for (const c of group.checks) {
        const label = `${group.name}: ${c.name}`;
        if (grep && !grep.test(label)) continue;
        const started = Date.now();
        try {
          await withTimeout(Promise.resolve().then(() => c.run(t)), CHECK_TIMEOUT_MS, label);
          passed++;
          console.log(`ok - ${label} (${Date.now() - started} ms)`);
        } catch (e) {
          failed++;
          console.log(`FAIL - ${label}\n  ${String((e && e.message) || e).split('\n').join('\n  ')}`);
          const shot = `fail-${group.name.replace(/\W+/g, '_')}-${c.index}`;
          await h.screenshot(page, shot).catch(() => {});
          await h.closeQuickInput(page).catch(() => {});
        }
      }
    }
  } catch (e) {
    failed++; // the workbench did not load, or a group could not run at all
    console.log('FAIL - ' + String((e && e.stack) || e));
    await h.screenshot(page, 'fail-workbench').catch(() => {});
  } finally {
    fs.writeFileSync(path.join(outDir, 'ui-console-errors.txt'), consoleErrors.join('\n'));
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (passed + failed === 0) { failed = 1; console.log(`FAIL - no UI check matched UI_GREP=${process.env.UI_GREP}`); }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
