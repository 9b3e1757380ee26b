// Screenshots of the lab guide webview in light, dark and high-contrast themes.
//   npm run build && node test/visual/guide-screenshot.mjs
// Loads dist/webview/guide.js and media/guide.css into headless Chromium, in a page that stubs
// acquireVsCodeApi and sets --vscode-* variables like VS Code does, answers the webview's
// `ready` with a hydrate message built from src/lab/guide.ts, and writes
// screenshots/guide-{light,dark,hc}.png (the top of the guide) and
// screenshots/guide-{light,dark,hc}-case1.png (a step with every kind of content).
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const outDir = join(root, 'screenshots');
mkdirSync(outDir, { recursive: true });

// The guide's data, straight from the source (bundled to a temporary ES module).
const tmp = join(root, 'out', 'visual');
mkdirSync(tmp, { recursive: true });
const dataModule = join(tmp, 'guide-data.mjs');
await esbuild.build({ entryPoints: [join(root, 'src/lab/guide.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: dataModule, logLevel: 'warning' });
const guide = await import(pathToFileURL(dataModule).href);
const steps = guide.flattenSteps();
const completed = steps.slice(0, 5).map((s) => s.id);
const hydrate = { type: 'hydrate', version: 1, sections: guide.sectionInfos(), steps, completed };
rmSync(tmp, { recursive: true, force: true });

const bundle = readFileSync(join(root, 'dist/webview/guide.js'), 'utf8');
const css = readFileSync(join(root, 'media/guide.css'), 'utf8');

const common = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  'editor-font-size': '13px',
};
const themes = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      foreground: '#616161', 'editor-background': '#ffffff', descriptionForeground: '#717171',
      'textLink-foreground': '#006ab1', 'textLink-activeForeground': '#006ab1',
      'button-background': '#007acc', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0062a3',
      'button-secondaryBackground': '#5f6a79', 'button-secondaryForeground': '#ffffff', 'button-secondaryHoverBackground': '#4c5561',
      'textCodeBlock-background': 'rgba(220, 220, 220, 0.4)', focusBorder: '#0090f1', 'panel-border': 'rgba(128, 128, 128, 0.35)',
      'editorWidget-background': '#f3f3f3', 'textBlockQuote-background': 'rgba(127, 127, 127, 0.1)', 'textBlockQuote-border': 'rgba(0, 122, 204, 0.5)',
      'editorWarning-foreground': '#bf8803', 'inputValidation-warningBackground': '#f6f5d2', 'progressBar-background': '#0e70c0',
      'input-background': '#ffffff', 'testing-iconPassed': '#388a34', 'list-hoverBackground': '#e8e8e8',
      'notifications-background': '#f3f3f3', 'notifications-foreground': '#616161', 'widget-shadow': 'rgba(0, 0, 0, 0.16)',
      'checkbox-background': '#ffffff',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      foreground: '#cccccc', 'editor-background': '#1e1e1e', descriptionForeground: '#9d9d9d',
      'textLink-foreground': '#3794ff', 'textLink-activeForeground': '#3794ff',
      'button-background': '#0e639c', 'button-foreground': '#ffffff', 'button-hoverBackground': '#1177bb',
      'button-secondaryBackground': '#3a3d41', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#45494e',
      'textCodeBlock-background': 'rgba(10, 10, 10, 0.4)', focusBorder: '#007fd4', 'panel-border': 'rgba(128, 128, 128, 0.35)',
      'editorWidget-background': '#252526', 'textBlockQuote-background': 'rgba(127, 127, 127, 0.1)', 'textBlockQuote-border': 'rgba(0, 122, 204, 0.5)',
      'editorWarning-foreground': '#cca700', 'inputValidation-warningBackground': '#352a05', 'progressBar-background': '#0e70c0',
      'input-background': '#3c3c3c', 'testing-iconPassed': '#73c991', 'list-hoverBackground': '#2a2d2e',
      'notifications-background': '#252526', 'notifications-foreground': '#cccccc', 'widget-shadow': 'rgba(0, 0, 0, 0.36)',
      'checkbox-background': '#3c3c3c',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff',
      'textLink-foreground': '#21a6ff', 'textLink-activeForeground': '#21a6ff',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
      'textCodeBlock-background': '#000000', focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
      'panel-border': '#6fc3df', 'editorWidget-background': '#0c141f', 'textBlockQuote-background': '#000000', 'textBlockQuote-border': '#ffffff',
      'editorWarning-foreground': '#b89500', 'inputValidation-warningBackground': '#000000', 'progressBar-background': '#6fc3df',
      'input-background': '#000000', 'testing-iconPassed': '#73c991', 'notifications-background': '#000000',
      'notifications-foreground': '#ffffff', 'notifications-border': '#6fc3df', 'checkbox-background': '#000000',
    },
  },
};

function page(theme) {
  const vars = Object.entries({ ...common, ...theme.vars }).map(([k, v]) => `--vscode-${k}: ${v};`).join('\n');
  const stub = `
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<style>:root { ${vars} }</style><style>${css}</style></head>
<body class="${theme.bodyClass}"><div id="guide-root"></div>
<script>${stub}</script><script>${bundle}</script></body></html>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const problems = [];
try {
  for (const [name, theme] of Object.entries(themes)) {
    const context = await browser.newContext({ viewport: { width: 900, height: 1300 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
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
console.log(`wrote ${Object.keys(themes).map((t) => `screenshots/guide-${t}.png`).join(', ')} (+ -case1 variants)`);
