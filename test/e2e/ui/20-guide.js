// The Lab Shell and the guide in the real workbench (issue 9): a typed PID in Register Process,
// the Lab Shell after a window reload and the "+" menu's Lab Shell profile, guide steps that tick
// themselves when their command is typed, and the guide in all four built-in themes.
const fs = require('fs');
const path = require('path');

const THEMES = [['Default Light Modern', 'light'], ['Default Dark Modern', 'dark'], ['Default High Contrast', 'hc'], ['Default High Contrast Light', 'hc-light']];

/** Text of the active terminal (xterm's DOM rows). */
async function terminalText(page) {
  const rows = page.locator('.terminal-wrapper.active .xterm-rows').first();
  if (await rows.count()) return (await rows.innerText()).replace(/\u00a0/g, ' ');
  return '';
}

/** Names of the terminals in the terminal panel's tab list. */
async function terminalNames(page) {
  return (await page.locator('.terminal-tabs-entry').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

async function typeInTerminal(page, line) {
  await page.locator('.terminal-wrapper.active textarea.xterm-helper-textarea').first().focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

module.exports = {
  name: 'guide',
  checks: [
    {
      name: 'workspace settings: terminal tabs always listed, terminal text in the DOM',
      run: async ({ page, h, workspace }) => {
        const dir = path.join(workspace, '.vscode');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.tabs.hideCondition': 'never' }, null, 2));
        await page.waitForTimeout(1500);
        await h.runCommand(page, 'View: Close All Editors');
      },
    },
    {
      name: 'Register Process: a typed PID that is not in the list is accepted with Enter',
      run: async ({ page, h }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Register Process');
        const input = page.locator('.quick-input-widget input.input');
        await input.waitFor({ timeout: 15000 });
        await input.fill('99999');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: '99999' }).first().waitFor({ timeout: 5000 });
        await page.keyboard.press('Enter');
        await h.notification(page, 'Could not register PID 99999');
        await h.runCommand(page, 'Notifications: Clear All Notifications');
      },
    },
    {
      name: 'typing a step\'s command in the Lab Shell ticks the guide\'s step (insmod mp3.ko, ls /proc/mp3)',
      run: async ({ page, h, assert }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Open Lab Guide');
        const guide = await h.webviewFrame(page, '#step-load-proc-done');
        assert.equal(await guide.locator('#step-load-proc-done').isChecked(), false, 'not done yet');
        await h.runCommand(page, 'Kernel Memory Lab: Open Terminal');
        await h.waitUntil(async () => /[$#] $/.test((await terminalText(page)).trimEnd() + ' '), { timeout: 20000, what: 'the Lab Shell prompt' });
        await typeInTerminal(page, 'insmod mp3.ko');
        await typeInTerminal(page, 'ls /proc/mp3');
        await h.waitUntil(async () => /ls \/proc\/mp3\s+status/.test(await terminalText(page)), { what: 'ls lists status' });
        await h.waitUntil(async () => (await guide.locator('#step-load-insmod-done').isChecked()) && (await guide.locator('#step-load-proc-done').isChecked()), { timeout: 10000, what: 'steps 1.2 and 1.3 ticked' });
        await guide.locator('#step-load-proc').scrollIntoViewIfNeeded();
        await h.screenshot(page, 'guide-auto-ticked');
      },
    },
    {
      name: 'the guide in the four built-in themes (screenshots)',
      run: async ({ page, h }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Open Lab Guide');
        await h.webviewFrame(page, 'article.step');
        await h.runCommand(page, 'Notifications: Clear All Notifications');
        for (const [theme, name] of THEMES) {
          await h.setTheme(page, theme);
          await h.screenshot(page, `guide-${name}`);
        }
        await h.setTheme(page, 'Default Dark Modern');
      },
    },
    {
      name: 'after a window reload no Lab Shell comes back (no host shell under its name); the + menu\'s Lab Shell profile attaches to the machine',
      run: async ({ page, h, assert }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Open Terminal');
        await h.waitUntil(async () => (await terminalNames(page)).some((n) => /Lab Shell/.test(n)), { what: 'a Lab Shell tab' });
        await h.runCommand(page, 'Developer: Reload Window');
        await page.waitForTimeout(1000);
        await page.locator('.monaco-workbench .statusbar').waitFor({ timeout: 90000 });
        await page.waitForTimeout(5000); // terminals are revived a moment after the workbench
        const after = await terminalNames(page);
        assert.ok(!after.some((n) => /Lab Shell/.test(n)), `restored terminals: ${JSON.stringify(after)}`);
        // The terminal panel's "+" menu (its drop-down: "Launch Profile…") lists the profile.
        const item = page.locator('.context-view .monaco-menu .action-item', { hasText: /^\s*Lab Shell\s*$/ }).first();
        await h.waitUntil(async () => {
          // the drop-down sometimes ignores a click while the panel is still settling: try again
          if (!(await item.isVisible().catch(() => false))) await page.locator('.part.panel [aria-label^="Launch Profile"]').first().click({ timeout: 5000 });
          if (!(await item.waitFor({ timeout: 3000 }).then(() => true, () => false))) return false;
          await h.screenshot(page, 'lab-shell-profile-menu');
          // the menu is rebuilt when the workbench's own terminal appears: then open it again
          return item.click({ timeout: 2000 }).then(() => true, () => false);
        }, { timeout: 45000, what: 'the + menu lists Lab Shell, and it can be picked' });
        await h.waitUntil(async () => (await terminalNames(page)).some((n) => /Lab Shell/.test(n)), { what: 'the profile opened a Lab Shell' });
        // The workbench may have created a host bash on its own after the reload (its default
        // profile, named "bash"): the Lab Shell is a tab of its own, next to it.
        await page.locator('.terminal-tabs-entry', { hasText: 'Lab Shell' }).first().click();
        await h.waitUntil(async () => /[$#] $/.test((await terminalText(page)).trimEnd() + ' '), { timeout: 20000, what: 'the simulated prompt' });
        await typeInTerminal(page, 'uname -r');
        await h.waitUntil(async () => /uname -r\s+5\.15\.0-kmlab/.test(await terminalText(page)), { what: 'the simulated kernel answers' });
        await h.screenshot(page, 'lab-shell-profile');
      },
    },
    {
      name: 'clean up: the workspace settings this group wrote',
      run: async ({ workspace }) => {
        fs.rmSync(path.join(workspace, '.vscode', 'settings.json'), { force: true });
      },
    },
  ],
};
