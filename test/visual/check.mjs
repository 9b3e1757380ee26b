// `npm run test:visual`: the webview screenshot checks that must pass (each renders its panel in
// the four built-in themes and fails on text under 4.5:1 contrast or a page error). Prints one
// "N passed, N failed" line over the scripts, for test/summary.mjs. Needs `npm run build`.
import { spawnSync } from 'node:child_process';

const SCRIPTS = ['test/visual/guide-screenshot.mjs', 'test/visual/grade-screenshot.mjs'];
let passed = 0;
let failed = 0;
for (const script of SCRIPTS) {
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status === 0) passed++;
  else {
    failed++;
    console.error(`✖ ${script} failed (exit ${r.status})`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
