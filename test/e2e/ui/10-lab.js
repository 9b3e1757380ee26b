// The lab flow in the real workbench, as a student does it (issue 5, Tests):
// palette → Start Workload (a preset) → the tree shows the new PIDs under /proc/mp3/status →
// the dashboard's chart has points and its numbers match the monitor's data file → the lab
// guide opens and a step button works → the terminal runs `cat /proc/mp3/status` → a malformed
// webview message gives an error and changes nothing → a reload restores the dashboard.
// Screenshots of the tree and the dashboard in light, dark and high-contrast themes.
/* global window -- used in frame.evaluate, which runs in the browser */
const fs = require('fs');
const path = require('path');

const CONTAINER = 'Kernel Memory Lab';
const STATUS_VIEW = '/proc/mp3/status';
const CHANNEL = 'Kernel Memory Lab';
const THEMES = [['Default Light Modern', 'light'], ['Default High Contrast', 'hc'], ['Default Dark Modern', 'dark']];

// Shared between the checks of this group (they run in order, in one workbench).
const run = { pids: [], dataFile: null, summary: null };

/** The monitor format's totals. */
function parseData(text) {
  let samples = 0, minor = 0, major = 0;
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+) (\d+) (\d+)$/.exec(line.trim());
    if (!m) continue;
    samples++;
    minor += Number(m[2]);
    major += Number(m[3]);
  }
  return { samples, minor, major };
}

/** "402 samples over 20.5 s (HZ 1000). 524,805 page faults (524,805 minor, 0 major)" → numbers. */
function parseSummary(text) {
  const m = /([\d,]+) samples over [\d.]+ s \(HZ \d+\)\. ([\d,]+) page faults \(([\d,]+) minor, ([\d,]+) major\)/.exec(text);
  if (!m) return null;
  const n = (s) => Number(s.replace(/,/g, ''));
  return { samples: n(m[1]), faults: n(m[2]), minor: n(m[3]), major: n(m[4]) };
}

/** The status bar item of the extension (its text). */
async function statusBarText(page) {
  const item = page.locator('.statusbar-item', { has: page.locator('.codicon-pulse, .codicon-circuit-board') }).first();
  return (await item.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
}

/** The outer webview frame (VS Code's pre/index.html) whose content frame holds `selector`. */
async function outerWebviewFrame(page, selector) {
  for (const f of page.frames()) {
    for (const child of f.childFrames()) {
      if (await child.locator(selector).count().catch(() => 0)) return f;
    }
  }
  throw new Error(`no webview holds ${selector}`);
}

/** Text of the terminal panel (xterm's DOM rows, or its accessibility tree). */
async function terminalText(page) {
  const rows = page.locator('.terminal-wrapper.active .xterm-rows, .terminal .xterm-rows').first();
  if (await rows.count()) return (await rows.innerText()).replace(/\u00a0/g, ' ');
  const a11y = page.locator('.xterm-accessibility-tree').first();
  if (await a11y.count()) return (await a11y.innerText()).replace(/\u00a0/g, ' ');
  return '';
}

async function closeEditors(page, h) {
  await h.runCommand(page, 'View: Close All Editors');
}

module.exports = {
  name: 'lab',
  checks: [
    {
      name: 'workspace settings: speed real time (so the run can be watched), terminal text in the DOM',
      run: async ({ page, h, workspace }) => {
        const dir = path.join(workspace, '.vscode');
        fs.mkdirSync(dir, { recursive: true });
        // gpuAcceleration off: xterm renders rows as DOM text (not WebGL), so checks can read it.
        fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'kernelMemoryLab.speed': 1, 'terminal.integrated.gpuAcceleration': 'off' }, null, 2));
        await h.runCommand(page, 'Kernel Memory Lab: Show Log');
        await h.outputChannelText(page, CHANNEL, { match: /speed: 1\b/, timeout: 30000 });
        await h.runCommand(page, 'View: Hide Panel');
      },
    },
    {
      name: 'palette → Start Workload → "Case study 1, pair 1" starts two registered work processes',
      run: async ({ page, h, assert }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Start Workload');
        const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /Case study 1, pair 1/ }) }).first();
        await row.waitFor({ timeout: 15000 });
        assert.match(await row.innerText(), /nice \.\/work 1024 R 50000 & nice \.\/work 1024 R 10000 &/);
        await row.click();
        const toast = await h.notification(page, 'Started case study 1, pair 1');
        const text = await toast.innerText();
        const m = /PIDs ([\d, ]+)\)/.exec(text);
        assert.ok(m, `notification: ${text}`);
        run.pids = m[1].split(',').map((s) => s.trim());
        assert.equal(run.pids.length, 2);
      },
    },
    {
      name: 'the /proc/mp3/status tree shows the new PIDs (screenshots: light, high contrast, dark)',
      run: async ({ page, h, assert }) => {
        assert.ok(run.pids.length, 'needs the previous check');
        await h.openViewContainer(page, CONTAINER);
        const pane = h.pane(page, STATUS_VIEW);
        const labels = await h.waitUntil(async () => {
          const l = await h.treeLabels(pane);
          return run.pids.every((p) => l.includes(p)) && l;
        }, { timeout: 20000, what: `PIDs ${run.pids} in the tree` });
        assert.deepEqual(labels.filter((l) => /^\d+$/.test(l)).sort(), [...run.pids].sort());
        // Expand the first PID: its details (faults, CPU time) are children.
        await pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${run.pids[0]}$`) }) }).first().click();
        await h.waitUntil(async () => (await h.treeLabels(pane)).includes('Minor faults'), { what: 'the details of a PID' });
        const desc = await pane.locator('.monaco-list-row').first().innerText();
        assert.match(desc, /work · [\d.]+ s · [\d.]+[kM]? min · [\d.]+[kM]? maj/);
        // The live dashboard beside the tree, without the toasts, for the screenshots.
        await h.runCommand(page, 'Kernel Memory Lab: Open Dashboard');
        await h.webviewFrame(page, '#summary');
        await h.runCommand(page, 'Notifications: Clear All Notifications');
        for (const [theme, name] of THEMES) {
          await h.setTheme(page, theme);
          await h.screenshot(page, `tree-${name}`);
        }
        assert.match(await statusBarText(page), /\d+\.\d s · 2 work/);
      },
    },
    {
      name: 'the dashboard\'s chart has points and its numbers match the monitor\'s data file',
      run: async ({ page, h, assert, workspace }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Open Dashboard');
        const frame = await h.webviewFrame(page, '#summary');
        // The chart fills while the work runs (live, from the profiler buffer).
        await h.waitUntil(async () => (parseSummary(await frame.locator('#summary').innerText()) || {}).samples > 20, { timeout: 20000, what: 'live samples on the dashboard' });
        await h.waitUntil(async () => !(await frame.locator('[data-chart="accumulated"] .canvas-wrap').getAttribute('class')).includes('is-empty'), { what: 'the accumulated chart has points' });
        const painted = await frame.locator('[data-chart="accumulated"] canvas').evaluate((c) => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
          return n;
        });
        assert.ok(painted > 500, `the accumulated-faults canvas is drawn (${painted} painted pixels)`);
        // Wait for the workload to end (the handout's `wait`), then run the monitor.
        const pane = h.pane(page, STATUS_VIEW);
        await h.waitUntil(async () => (await h.welcomeText(pane, { timeout: 1000 }).catch(() => '')).includes('no process is registered'), { timeout: 60000, what: 'the work processes to finish' });
        await h.runCommand(page, 'Kernel Memory Lab: Run Monitor');
        const toast = await h.notification(page, 'The monitor read');
        const m = /read (\d+) samples? into (\S+)\./.exec(await toast.innerText());
        assert.ok(m, await toast.innerText());
        run.dataFile = m[2];
        const data = parseData(fs.readFileSync(path.join(workspace, run.dataFile), 'utf8'));
        assert.equal(data.samples, Number(m[1]));
        const summary = parseSummary(await frame.locator('#summary').innerText());
        assert.deepEqual({ samples: summary.samples, minor: summary.minor, major: summary.major }, data, 'dashboard (live buffer) vs data file');
        // Show the file itself on the dashboard: the same numbers, now from the file.
        await toast.locator('xpath=ancestor::*[contains(@class,"notification-list-item")]').locator('a.monaco-button', { hasText: 'Show in Dashboard' }).click();
        await h.waitUntil(async () => (await frame.locator('#summary').innerText()).startsWith(`${run.dataFile}.`), { what: 'the dashboard shows the file' });
        run.summary = await frame.locator('#summary').innerText();
        const fromFile = parseSummary(run.summary);
        assert.deepEqual({ samples: fromFile.samples, minor: fromFile.minor, major: fromFile.major }, data, 'dashboard (file) vs data file');
        await h.runCommand(page, 'Notifications: Clear All Notifications');
        for (const [theme, name] of THEMES) {
          await h.setTheme(page, theme);
          await h.screenshot(page, `dashboard-${name}`);
        }
      },
    },
    {
      name: 'the lab guide opens and a step button types its command in the lab terminal',
      run: async ({ page, h, assert }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Open Lab Guide');
        const guide = await h.webviewFrame(page, 'button[data-step="load.proc"]');
        const button = guide.locator('button[data-step="load.proc"][data-action="1"]');
        assert.match(await button.getAttribute('aria-label'), /cat \/proc\/mp3\/status/);
        await button.scrollIntoViewIfNeeded();
        await button.click();
        await h.waitUntil(async () => /Typed in the lab terminal: cat \/proc\/mp3\/status/.test(await guide.locator('#status').innerText()), { what: 'the guide reports the step ran' });
        await h.screenshot(page, 'guide');
      },
    },
    {
      name: 'the lab terminal runs cat /proc/mp3/status (and the shell reports a bad write)',
      run: async ({ page, h, assert }) => {
        await page.locator('.terminal-wrapper, .terminal').first().waitFor({ timeout: 20000 });
        const shown = await h.waitUntil(async () => {
          const t = await terminalText(page);
          return /\$ cat \/proc\/mp3\/status/.test(t) && t;
        }, { timeout: 20000, what: 'the command in the terminal' });
        assert.match(shown, /student@\S+:~\$ cat \/proc\/mp3\/status/);
        // Type in the terminal as a student does: a write the module refuses.
        await page.locator('.terminal-wrapper textarea.xterm-helper-textarea, .terminal textarea.xterm-helper-textarea').first().focus();
        await page.keyboard.type("echo 'R 99999' > /proc/mp3/status");
        await page.keyboard.press('Enter');
        await h.waitUntil(async () => /No such process/.test(await terminalText(page)), { what: 'the shell prints the errno text' });
        await h.screenshot(page, 'terminal');
      },
    },
    {
      name: 'Ctrl+Z in the lab terminal stops the job; Continue Process in the Processes view resumes it (screenshot)',
      run: async ({ page, h, assert }) => {
        const input = page.locator('.terminal-wrapper textarea.xterm-helper-textarea, .terminal textarea.xterm-helper-textarea').first();
        await input.focus();
        await page.keyboard.type('sleep 1000');
        await page.keyboard.press('Enter');
        await h.waitUntil(async () => /\$ sleep 1000\s*$/.test((await terminalText(page)).trimEnd() + ' '), { what: 'sleep runs in the foreground' });
        await page.keyboard.press('Control+z');
        await h.waitUntil(async () => /\^Z\s*\[\d+\]\+ +Stopped +sleep 1000/.test(await terminalText(page)), { what: 'bash reports the stopped job' });
        await h.openViewContainer(page, CONTAINER);
        const pane = h.pane(page, 'Processes');
        const row = pane.locator('.monaco-list-row', { hasText: /sleep \(stopped\)/ }).first();
        await row.waitFor({ timeout: 20000 });
        assert.ok(await row.locator('.codicon-debug-pause').count(), 'a stopped process has the pause icon');
        await row.click({ button: 'right' });
        const menu = page.locator('.context-view .monaco-menu');
        await menu.waitFor({ timeout: 10000 });
        const labels = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim());
        assert.ok(labels.includes('Continue Process (SIGCONT)'), `menu: ${labels}`);
        assert.ok(!labels.includes('Pause Process (SIGSTOP)'), `a stopped process offers no Pause: ${labels}`);
        await h.screenshot(page, 'processes-stopped');
        await menu.locator('.action-label', { hasText: 'Continue Process (SIGCONT)' }).click();
        await h.waitUntil(async () => (await pane.locator('.monaco-list-row', { hasText: /sleep \(stopped\)/ }).count()) === 0, { what: 'the process runs again' });
        await input.focus();
        await page.keyboard.type('jobs; kill %1');
        await page.keyboard.press('Enter');
        await h.waitUntil(async () => /\[\d+\]\+ +Running +sleep 1000 &/.test(await terminalText(page)), { what: 'bash sees the job running (kill -CONT counts as bg)' });
      },
    },
    {
      name: 'a malformed webview message gives an error and changes nothing',
      run: async ({ page, h, assert }) => {
        await h.runCommand(page, 'Kernel Memory Lab: Open Dashboard');
        const frame = await h.webviewFrame(page, '#summary');
        const before = await frame.locator('#summary').innerText();
        const outer = await outerWebviewFrame(page, '#summary');
        // What the webview's acquireVsCodeApi().postMessage does, with a message of no known shape.
        await outer.evaluate(() => {
          window.__vscode_post_message__('onmessage', { message: { type: 'export', format: 'exe', pngDataUrl: 'javascript:alert(1)' } });
          window.__vscode_post_message__('onmessage', { message: { type: 'ready' } });
          window.__vscode_post_message__('onmessage', { message: 'rm -rf /' });
        });
        await h.runCommand(page, 'Kernel Memory Lab: Show Log');
        const log = await h.outputChannelText(page, CHANNEL, { match: /rejected a message from the webview[\s\S]*rejected[\s\S]*rejected/ });
        const flat = log.replace(/\s*\n\s*/g, ' '); // the output view wraps long lines
        assert.match(flat, /\[error\] Dashboard: rejected a message from the webview: export\.format: expected one of 'png', 'csv', 'data', got the string "exe"/);
        assert.match(flat, /rejected a message from the webview: ready: missing "protocol"/);
        assert.equal(await frame.locator('#summary').innerText(), before, 'the dashboard is unchanged');
        await h.runCommand(page, 'View: Hide Panel');
      },
    },
    {
      name: 'a window reload restores the dashboard (same file, same numbers)',
      run: async ({ page, h, assert }) => {
        assert.ok(run.summary, 'needs the dashboard check');
        await h.runCommand(page, 'Developer: Reload Window');
        await page.waitForTimeout(1000);
        await page.locator('.monaco-workbench .statusbar').waitFor({ timeout: 90000 });
        const frame = await h.webviewFrame(page, '#summary', { timeout: 60000 });
        await h.waitUntil(async () => (await frame.locator('#summary').innerText()) === run.summary, { timeout: 30000, what: `the restored dashboard to read ${JSON.stringify(run.summary.slice(0, 60))}…` });
        await h.screenshot(page, 'dashboard-restored');
        await closeEditors(page, h);
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
