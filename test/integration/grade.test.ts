// Grade Module inside a real extension host: the command grades a module folder of the
// workspace on a worker thread (the build through the real C toolchain), shows the rubric
// panel, and returns the result in the documented JSON shape.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command } from '../../src/extension/ids';
import type { GradeResult } from '../../src/shared/gradeReport';

const enc = new TextEncoder();

const MAKEFILE = 'obj-m := mp3.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\nclean:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) clean\n';

async function moduleFolder(name: string, files: Record<string, string>): Promise<vscode.Uri> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the tests run with a workspace folder open');
  const dir = vscode.Uri.joinPath(root, name);
  await vscode.workspace.fs.createDirectory(dir);
  for (const [file, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, file), enc.encode(text));
  return dir;
}

describe('Grade Module', function () {
  this.timeout(180_000);

  it('a module that does not compile: the compiler error, 0 for compile and every functional test', async () => {
    const dir = await moduleFolder('grade-broken', {
      Makefile: MAKEFILE,
      'README.md': '# MP3\n',
      // line 2 lacks its semicolon (no #include: what is checked is the compiler's own verdict)
      'mp3.c': '/* mp3 */\nstatic int x = 1\nstatic int y;\nint mp3_value(void) { return x + y; }\n',
    });
    const r = await vscode.commands.executeCommand<GradeResult>(Command.gradeModule, dir);
    assert.deepEqual(Object.keys(r), ['dir', 'build', 'tests', 'score', 'max', 'dmesg']);
    assert.equal(r.build.ok, false);
    const err = r.build.diagnostics.find((d) => d.severity === 'error');
    assert.ok(err, `an error diagnostic: ${JSON.stringify(r.build.diagnostics)}`);
    assert.equal(err.file, 'mp3.c');
    assert.ok(err.line === 2 || err.line === 3, `the missing ';' is reported at line 2 or 3, got ${err.line}: ${err.message}`);
    assert.deepEqual(r.tests.map((t) => t.name), ['readme', 'comment', 'fp ops', 'compile no warn', 'read/write', 'char dev', 'buffer alloc/free', 'mmap', 'work queue']);
    for (const t of r.tests.slice(3)) assert.equal(t.points, 0, t.name);
    assert.match(r.tests.find((t) => t.name === 'read/write')!.details, /insmod/);
    assert.equal(r.max, 80);
  });
});
