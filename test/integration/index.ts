// Extension-host entry point for the code-server route (test/e2e/ext-tests.js): VS Code
// `require`s this module inside the real extension host and awaits run(); a rejection
// makes the host exit with code 1. (@vscode/test-cli does not use this file: it loads the
// same *.test.js files itself, see .vscode-test.mjs.)
// Every *.test.js next to this file (recursively) is a suite: adding a file is enough.
// MOCHA_GREP in the server's environment runs a subset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = findTests(__dirname).sort();
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      console.log('0 passed, 1 failed');
      reject(new Error(`no *.test.js files under ${__dirname}`));
      return;
    }
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0 } = runner.stats ?? {};
      // The closing line test/e2e/ext-tests.js and test/summary.mjs recognise.
      console.log(`${passes} passed, ${failed} failed`);
      if (failures) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
