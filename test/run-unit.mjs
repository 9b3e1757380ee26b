// Runs the compiled unit tests with Node's built-in runner. Files are listed explicitly
// because `node --test <dir>` means different things on Node 20 and Node 22+.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
const files = find('out/test/unit').sort();
if (files.length === 0) { console.error('no unit tests found under out/test/unit'); process.exit(1); }
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
