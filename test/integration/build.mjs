// Bundles the extension-host suites: test/integration/**/*.ts → out/test/integration/**/*.js
// (one CJS bundle per file, so index.js can load every *.test.js it finds next to it).
// `vscode` is provided by the extension host; `mocha` stays external so the suites share
// the mocha instance that index.js (or @vscode/test-cli) loads from node_modules.
//   node test/integration/build.mjs
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const SRC = 'test/integration';
const OUT = 'out/test/integration';

/** .ts files under dir (recursive). */
function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

rmSync(OUT, { recursive: true, force: true }); // no stale suites from deleted files
await esbuild.build({
  entryPoints: tsFiles(SRC),
  outdir: OUT, outbase: SRC,
  bundle: true, platform: 'node', format: 'cjs', target: 'es2022',
  sourcemap: 'inline', logLevel: 'warning',
  external: ['vscode', 'mocha'],
});
