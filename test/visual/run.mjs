// `npm run screenshots`: bundles the harness (Node, playwright-core left external) and runs it.
// Expects `npm run build` to have produced dist/webview/*.js.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';

await esbuild.build({
  entryPoints: ['test/visual/harness.ts'],
  outfile: 'out/visual/harness.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  sourcemap: 'inline',
  external: ['playwright-core', 'vscode'],
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--enable-source-maps', 'out/visual/harness.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
