// Headless UI test of an extension running in a real VS Code workbench (code-server),
// driven through Debian Chromium with playwright-core: command palette, tree view,
// webview (two nested iframes), screenshot. Checks are for fixture/hello-ext.
// Do NOT run it against a server started with --enable-smoke-test-driver: that mode
// suppresses notification toasts.
// usage: node ui-e2e.js <workbench-url> <out-dir>
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
const os = require('os');

const url = process.argv[2] || 'http://127.0.0.1:8765/';
const outDir = process.argv[3] || path.join(process.cwd(), 'e2e-out');
fs.mkdirSync(outDir, { recursive: true });
const results = [];
function check(name, ok, detail) {
  results.push({ name, ok });
  console.log(`${ok ? 'ok' : 'FAIL'} - ${name}${detail ? ' :: ' + detail : ''}`);
}

async function runCommand(page, title, attempts = 10) {
  // Contributed commands appear in the palette only once the extension host has
  // registered the extension, so retry a few times right after startup.
  for (let i = 1; ; i++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill('>' + title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (i >= attempts) throw new Error(`command "${title}" not in palette after ${i} tries`);
    }
  }
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
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
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  let failed = false;
  try {
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.statusbar').waitFor({ timeout: 60000 });
    check('workbench loaded', true, `${Date.now() - t0} ms`);

    // 1. command via the palette -> notification toast
    await runCommand(page, 'Hello E2E: Say Hello');
    const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Hello E2E says hi' });
    await toast.first().waitFor({ timeout: 20000 });
    check('command from palette shows notification', true);

    // 2. tree view
    await runCommand(page, 'Focus on Hello Items View');
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Hello Items' }) });
    const labels = pane.locator('.monaco-list-row .label-name');
    await labels.first().waitFor({ timeout: 20000 });
    const texts = await labels.allTextContents();
    check('tree view shows items', JSON.stringify(texts) === JSON.stringify(['Alpha', 'Beta', 'Gamma']), JSON.stringify(texts));

    // 3. webview: outer iframe (class webview) -> inner iframe #active-frame
    await runCommand(page, 'Hello E2E: Open Panel');
    const inner = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const h1 = await inner.locator('#greeting').textContent({ timeout: 30000 });
    check('webview renders html', h1 === 'Hello from the webview', h1);
    await inner.locator('#status', { hasText: 'got: pong from extension host' }).waitFor({ timeout: 20000 });
    check('webview <-> extension host messaging', true);

    await page.screenshot({ path: path.join(outDir, 'workbench.png') });

    // 4. walkthrough (contributes.walkthroughs) opens in the Welcome editor
    await runCommand(page, 'Hello E2E: Open Walkthrough');
    const step = page.locator('.gettingStartedContainer', { hasText: 'Say hello' });
    await step.first().waitFor({ timeout: 20000 });
    check('walkthrough shows its step', await page.locator('.gettingStartedContainer', { hasText: 'Hello Walkthrough' }).count() > 0);
    await page.screenshot({ path: path.join(outDir, 'walkthrough.png') });
  } catch (e) {
    failed = true;
    console.log('FAIL - ' + (e && e.message || e).split('\n')[0]);
    await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
  } finally {
    fs.writeFileSync(path.join(outDir, 'console-errors.txt'), consoleErrors.join('\n'));
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const passed = results.filter(r => r.ok).length;
  const nfail = results.length - passed + (failed ? 1 : 0);
  console.log(`${passed} passed, ${nfail} failed`);
  process.exit(nfail ? 1 : 0);
})();
