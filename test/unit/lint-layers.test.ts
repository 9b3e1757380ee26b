// The layers of src/ (README, Develop) are enforced by lint: a wrong-way import fails (layers/imports in
// eslint.config.mjs), a right-way one passes, and the real tree lints clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The layers/imports messages for `code` placed at `file` (relative to the repository). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

const WRONG: [string, string][] = [
  ['src/kernel/fs/x.ts', "import { LabSession } from '../../lab/session';"],
  ['src/kernel/x.ts', "import { mp3Module } from '../module/mp3';"],
  ['src/module/x.ts', "import { work } from '../programs/work';"],
  ['src/programs/x.ts', "import { LabSession } from '../lab/session';"],
  ['src/lab/x.ts', "import { main } from '../cli/main';"],
  ['src/lab/x.ts', "export * from '../extension/ids';"],
  ['src/webview/dashboard/x.ts', "import type { Kernel } from '../../kernel/kernel';"],
  ['src/webview/x.ts', "import { LabSession } from '../lab/session';"],
  ['src/shared/x.ts', "import { Kernel } from '../kernel/kernel';"],
  ['src/cli/x.ts', "import { Command } from '../extension/ids';"],
  ['src/extension/x.ts', "import { main } from '../cli/main';"],
  ['src/host/x.ts', "import { main } from '../cli/main';"],
  ['src/host/x.ts', "const m = import('../extension/ids');"],
  ['src/module/x.ts', "import { NodeHostFs } from '../host/nodeHostFs';"],
];
const RIGHT: [string, string][] = [
  ['src/module/x.ts', "import type { KernelApi } from '../kernel/api';"],
  ['src/programs/x.ts', "import { mp3Module } from '../module/mp3';"],
  ['src/lab/x.ts', "import { work } from '../programs/work'; import { MSG } from '../shared/protocol';"],
  ['src/webview/charts/x.ts', "import { decimate } from '../../shared/decimate';"],
  ['src/cli/x.ts', "import { LabSession } from '../lab/session'; import { NodeHostFs } from '../host/nodeHostFs';"],
  ['src/extension/x.ts', "import { LabSession } from '../lab/session'; import { WorkerPool } from '../host/workerPool';"],
  ['src/host/x.ts', "import type { HostFs } from '../kernel/fs/inode';"],
  ['src/kernel/mm/x.ts', "import { Task } from '../sched/task'; import type { LoadedModule } from '../module';"],
];

for (const [file, code] of WRONG) {
  test(`lint rejects in ${file}: ${code}`, async () => {
    const errors = await layerErrors(file, code);
    assert.equal(errors.length, 1, `expected one layers/imports error, got ${JSON.stringify(errors)}`);
    assert.match(errors[0], /must not import/);
  });
}

for (const [file, code] of RIGHT) {
  test(`lint accepts in ${file}: ${code}`, async () => {
    assert.deepEqual(await layerErrors(file, code), []);
  });
}

test('the real tree has no wrong-way import', async () => {
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const wrong = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => `${path.relative(root, r.filePath)}: ${m.message}`));
  assert.deepEqual(wrong, []);
});
