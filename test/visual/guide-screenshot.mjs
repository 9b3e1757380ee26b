// Screenshots of the lab guide webview in the four built-in themes (Light Modern, Dark Modern,
// Dark High Contrast, Light High Contrast), and a contrast check of all its text.
//   npm run screenshots:guide      (= npm run build && node test/visual/guide-screenshot.mjs)
// Loads dist/webview/guide.js and media/guide.css into headless Chromium, in a page that stubs
// acquireVsCodeApi, sets the --vscode-* variables of test/visual/themes.ts (the table the
// dashboard's screenshots use too) and VS Code's own default webview stylesheet in front of the
// guide's, as VS Code does; answers the webview's `ready` with a hydrate message built from
// src/lab/guide.ts, and writes screenshots/guide-<theme>.png (the top of the guide) and
// screenshots/guide-<theme>-case1.png (a step with every kind of content).
// Fails (exit 1) if any text has a contrast below 4.5:1 against what is behind it (WCAG AA),
// or on a page error.
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIN_CONTRAST = 4.5;
const root = process.cwd();
const outDir = join(root, 'screenshots');
mkdirSync(outDir, { recursive: true });

// The guide's data, the themes and the checks, straight from the sources (one temporary ES module).
const tmp = join(root, 'out', 'visual-guide');
mkdirSync(tmp, { recursive: true });
const kitModule = join(tmp, 'guide-kit.mjs');
await esbuild.build({ entryPoints: [join(root, 'test/visual/guideKit.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: kitModule, logLevel: 'warning' });
const kit = await import(pathToFileURL(kitModule).href);
rmSync(tmp, { recursive: true, force: true });
const steps = kit.flattenSteps();
// Some steps done: a done step is styled differently and must stay readable.
const completed = steps.slice(0, 5).map((s) => s.id);
const hydrate = { type: 'hydrate', version: 1, sections: kit.sectionInfos(), steps, completed };

const bundle = readFileSync(join(root, 'dist/webview/guide.js'), 'utf8');
const css = readFileSync(join(root, 'media/guide.css'), 'utf8');

function page(theme) {
  const vars = Object.entries(theme.vars).map(([k, v]) => `${k}: ${v};`).join('\n');
  const stub = `
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });`;
  return `<!DOCTYPE html><html lang="en" style="${vars.replace(/\n/g, ' ').replace(/"/g, '&quot;')}"><head><meta charset="UTF-8">
<style>${kit.WEBVIEW_DEFAULT_CSS}</style><style>${css}</style></head>
<body class="${theme.bodyClass}"><div id="guide-root"></div>
<script>${stub}</script><script>${bundle}</script></body></html>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const problems = [];
try {
  for (const theme of kit.THEMES) {
    const name = theme.name;
    const context = await browser.newContext({ viewport: { width: 900, height: 1300 }, deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme: /light/i.test(name) ? 'light' : 'dark' });
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`${name}: page error ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: console ${m.text()}`); });
    await p.route('**/*', (route) => route.abort()); // no network, like the real CSP
    await p.setContent(page(theme), { waitUntil: 'load' });
    const ready = await p.evaluate(() => globalThis.__posted.find((m) => m.type === 'ready'));
    if (!ready) problems.push(`${name}: the webview never said ready`);
    await p.evaluate((msg) => globalThis.postMessage(msg, '*'), hydrate);
    await p.waitForSelector('article.step');
    const count = await p.locator('article.step').count();
    if (count !== steps.length) problems.push(`${name}: rendered ${count} steps, expected ${steps.length}`);
    await p.screenshot({ path: join(outDir, `guide-${name}.png`) });

    // Every piece of text in the whole guide (not only what the screenshot shows).
    const low = await p.evaluate(kit.contrastProblems, { root: '#guide-root', min: MIN_CONTRAST });
    const seen = new Set();
    for (const c of low) {
      const key = `${c.where.replace(/ in .*/, '')} ${c.fg} on ${c.bg}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(`${name}: contrast ${c.ratio}:1 < ${MIN_CONTRAST}:1 for ${JSON.stringify(c.text)} (${c.where}): ${c.fg} on ${c.bg}`);
    }

    // A step with code blocks, both kinds of action and pitfalls; focused as `open(stepId)` would.
    await p.evaluate(() => globalThis.postMessage({ type: 'focus', stepId: 'case1.pair1' }, '*'));
    await p.waitForTimeout(100);
    await p.screenshot({ path: join(outDir, `guide-${name}-case1.png`) });

    // Interactions: a checkbox posts setCompleted, a run button posts runAction.
    await p.locator('#step-case1-pair1-done').check();
    await p.locator('#step-case1-pair1 button.run').first().click();
    const posted = await p.evaluate(() => globalThis.__posted);
    if (!posted.some((m) => m.type === 'setCompleted' && m.stepId === 'case1.pair1' && m.done === true)) problems.push(`${name}: no setCompleted`);
    if (!posted.some((m) => m.type === 'runAction' && m.stepId === 'case1.pair1' && m.actionIndex === 0)) problems.push(`${name}: no runAction`);
    await context.close();
  }
} finally {
  await browser.close();
}
writeFileSync(join(outDir, 'guide-hydrate.json'), JSON.stringify(hydrate, null, 1));
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`wrote ${kit.THEMES.map((t) => `screenshots/guide-${t.name}.png`).join(', ')} (+ -case1 variants); all text ≥ ${MIN_CONTRAST}:1`);
