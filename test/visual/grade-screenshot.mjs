// Screenshots of the Grade Module panel in the four built-in themes and a contrast check of all
// its text (WCAG AA, 4.5:1), as guide-screenshot.mjs does for the guide.
//   npm run screenshots:grade     (= npm run build && node test/visual/grade-screenshot.mjs)
// Hydrates dist/webview/grade.js with a real grade (gradeKit.ts) and writes
// screenshots/grade-<theme>.png. Exits 1 on low contrast, a page error, or a missing row.
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIN_CONTRAST = 4.5;
const root = process.cwd();
const outDir = join(root, 'screenshots');
mkdirSync(outDir, { recursive: true });
const tmp = join(root, 'out', 'visual-grade');
mkdirSync(tmp, { recursive: true });
const kitModule = join(tmp, 'grade-kit.mjs');
await esbuild.build({ entryPoints: [join(root, 'test/visual/gradeKit.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: kitModule, logLevel: 'warning' });
const kit = await import(pathToFileURL(kitModule).href);
rmSync(tmp, { recursive: true, force: true });
const result = await kit.sampleGrade();
const hydrate = { type: 'hydrate', version: 1, rubric: kit.rubric, status: { running: false, message: 'Graded in 0.6 s.' }, result };
const bundle = readFileSync(join(root, 'dist/webview/grade.js'), 'utf8');
const css = readFileSync(join(root, 'media/grade.css'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const problems = [];
try {
  for (const theme of kit.THEMES) {
    const vars = Object.entries(theme.vars).map(([k, v]) => `${k}: ${v};`).join(' ').replace(/"/g, '&quot;');
    const html = `<!DOCTYPE html><html lang="en" style="${vars}"><head><meta charset="UTF-8"><style>${kit.WEBVIEW_DEFAULT_CSS}</style><style>${css}</style></head>
<body class="${theme.bodyClass}"><div id="grade-root"></div><script>window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m)});</script><script>${bundle}</script></body></html>`;
    const context = await browser.newContext({ viewport: { width: 1000, height: 1400 }, reducedMotion: 'reduce', colorScheme: /light/i.test(theme.name) ? 'light' : 'dark' });
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`${theme.name}: page error ${e.message}`));
    await p.route('**/*', (route) => route.abort());
    await p.setContent(html, { waitUntil: 'load' });
    await p.evaluate((msg) => globalThis.postMessage(msg, '*'), hydrate);
    await p.waitForSelector('details.test');
    const rows = await p.locator('details.test').count();
    if (rows !== kit.rubric.length) problems.push(`${theme.name}: ${rows} rows, expected ${kit.rubric.length}`);
    await p.screenshot({ path: join(outDir, `grade-${theme.name}.png`), fullPage: true });
    for (const c of await p.evaluate(kit.contrastProblems, { root: '#grade-root', min: MIN_CONTRAST })) {
      problems.push(`${theme.name}: contrast ${c.ratio}:1 for ${JSON.stringify(c.text)} (${c.where}): ${c.fg} on ${c.bg}`);
    }
    // A source link posts openSource with the file and line it names.
    await p.locator('a', { hasText: 'mp3.c:3:8' }).first().click();
    const posted = await p.evaluate(() => globalThis.__posted);
    if (!posted.some((m) => m.type === 'openSource' && m.file === 'mp3.c' && m.line === 3)) problems.push(`${theme.name}: no openSource from the diagnostic's link`);
    await context.close();
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error([...new Set(problems)].join('\n'));
  process.exit(1);
}
console.log(`wrote ${kit.THEMES.map((t) => `screenshots/grade-${t.name}.png`).join(', ')}; all text ≥ ${MIN_CONTRAST}:1`);
