// Helpers for UI checks (ui/*.js) in the real workbench. Each takes the playwright page.
/* global document -- used in page.waitForFunction, which runs in the browser */
// Selectors are VS Code 1.100's DOM; keep them here so a workbench update is fixed once.
const path = require('path');

/** Escape a string for use inside a RegExp. */
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Runs a command from the palette by its full title ("Kernel Memory Lab: Show Log").
 * Contributed commands appear a few seconds after load, so it retries. Picks the row whose
 * label is exactly the title (not a "similar commands" neighbour).
 */
async function runCommand(page, title, { attempts = 10 } = {}) {
  for (let i = 1; ; i++) {
    // Every step may hit a transient state (the palette opening while a webview or the terminal
    // holds focus, commands not yet registered after a reload): each try is short, then retried.
    try {
      await closeQuickInput(page);
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: 15000 });
      await input.fill('>' + title, { timeout: 5000 });
      const row = page.locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${re(title)}$`) }),
      }).first();
      await row.waitFor({ timeout: 3000 });
      await row.click({ timeout: 5000 });
      return;
    } catch (err) {
      if (i >= attempts) {
        await closeQuickInput(page);
        throw new Error(`command "${title}" could not be run from the palette after ${i} tries: ${String(err && err.message || err).split('\n')[0]}`);
      }
    }
  }
}

/** Closes the palette / a quick pick if one is open. */
async function closeQuickInput(page) {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }
}

/** Clicks a view container's icon in the activity bar (by its title) and waits for the sidebar. */
async function openViewContainer(page, title) {
  const label = `a.action-label[aria-label^="${title}"]`;
  const item = page.locator('.activitybar .action-item', { has: page.locator(label) }).first();
  await item.waitFor({ timeout: 30000 });
  if (!/\bchecked\b/.test((await item.getAttribute('class')) || '')) await item.locator(label).click();
  await page.locator('.part.sidebar .composite.title', { hasText: title }).waitFor({ timeout: 15000 });
}

/** The `.pane` of a view in the sidebar or panel, by the view's name (exact). */
function pane(page, viewName) {
  return page.locator('.pane', {
    has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${re(viewName)}$`) }),
  });
}

/** Labels of the visible rows of a tree view (the given pane). */
async function treeLabels(paneLocator, { timeout = 20000 } = {}) {
  const labels = paneLocator.locator('.monaco-list-row .label-name');
  await labels.first().waitFor({ timeout });
  return labels.allTextContents();
}

/** Text of a view's welcome content (viewsWelcome), once shown. */
async function welcomeText(paneLocator, { timeout = 20000 } = {}) {
  const content = paneLocator.locator('.welcome-view-content');
  await content.waitFor({ state: 'visible', timeout });
  return (await content.innerText()).trim();
}

/**
 * The content frame of the webview that contains `selector`: each webview is an outer
 * `iframe.webview.ready` holding the extension's document in the inner `#active-frame`.
 * Polls every webview until one has the selector (several may be open).
 */
async function webviewFrame(page, selector, { timeout = 30000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const n = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < n; i++) {
      const frame = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    if (Date.now() > end) throw new Error(`no webview contains ${selector} (${n} webview(s) open)`);
    await page.waitForTimeout(250);
  }
}

/** Waits for a notification toast containing text; returns its message locator. */
async function notification(page, text, { timeout = 20000 } = {}) {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return toast;
}

/**
 * Polls fn() until it returns a truthy value (returned) or timeout (throws, with the last
 * value or error in the message). For UI state that renders in steps.
 */
async function waitUntil(fn, { timeout = 15000, interval = 200, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`${what} not met within ${timeout} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Text of the Output panel once it shows the named channel and the text matches `match`
 * (a RegExp; default: any text). Throws if that does not happen within timeout.
 */
async function outputChannelText(page, channel, { match = /\S/, timeout = 15000 } = {}) {
  const view = page.locator(`.part.panel .output-view[aria-label="${channel} - Output"]`);
  await view.waitFor({ state: 'visible', timeout });
  let text = '';
  await waitUntil(async () => {
    text = (await view.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    return match.test(text);
  }, { timeout, what: `output channel "${channel}" text matching ${match}` }).catch((e) => {
    throw new Error(`${e.message}; text: ${JSON.stringify(text.slice(0, 300))}`);
  });
  return text;
}

// Built-in themes and the class each puts on .monaco-workbench.
const THEMES = {
  'Default Light Modern': 'vs',
  'Default Dark Modern': 'vs-dark',
  'Default High Contrast': 'hc-black',
  'Default High Contrast Light': 'hc-light',
};

/**
 * Switches the colour theme with "Preferences: Color Theme" and waits until the workbench
 * shows it. (Editing the user settings file instead is not reliable: code-server's watcher
 * on the remote user-data folder picks up some writes and misses others.)
 */
async function setTheme(page, theme) {
  const cls = THEMES[theme];
  if (!cls) throw new Error(`unknown theme "${theme}" (one of ${Object.keys(THEMES).join(', ')})`);
  await runCommand(page, 'Preferences: Color Theme');
  // Theme rows have aria-labels like "Dark High Contrast, Default High Contrast, high contrast
  // themes": the label, the theme's id (what the setting stores), then a separator title.
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const find = () => rows.evaluateAll((els, id) =>
    els.findIndex((e) => (e.getAttribute('aria-label') || '').split(', ').includes(id)), theme);
  const input = page.locator('.quick-input-widget input.input[placeholder^="Select Color Theme"]');
  await input.waitFor({ timeout: 15000 });
  // Themes load after the picker opens; filtering before that leaves only "Browse Additional…".
  await rows.nth(1).waitFor({ timeout: 15000 });
  await input.fill(theme.replace(/^Default /, '')); // a short list: rows off-screen are not rendered
  const end = Date.now() + 15000;
  let i;
  while ((i = await find()) < 0) {
    if (Date.now() > end) { await closeQuickInput(page); throw new Error(`theme "${theme}" not in the theme picker`); }
    await page.waitForTimeout(200);
  }
  await rows.nth(i).click();
  await page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), cls, { timeout: 20000 });
  await page.waitForTimeout(500); // let the parts and webviews repaint with the new colours
}

/** Saves a screenshot of the whole page to <out-dir>/<name>.png; returns the path. */
async function screenshot(page, name) {
  const file = path.join(process.env.E2E_OUT_DIR || 'e2e-out', `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

module.exports = {
  runCommand, closeQuickInput, openViewContainer, pane, treeLabels, welcomeText,
  webviewFrame, notification, outputChannelText, waitUntil, setTheme, THEMES, screenshot,
};
