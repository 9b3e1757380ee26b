// The grader (src/lab/grader): its source checks, and the functional sequence on one machine
// with the reference module and with modules whose exit leaves something behind (the two
// cleanup bugs that cost real submissions points, mp3-facts.md §10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLines, floatUses } from '../../src/lab/grader/cSource';
import { checkComments, checkFloatingPoint, checkReadme } from '../../src/lab/grader/sourceChecks';
import { gradeSubmission } from '../../src/lab/grader/grade';
import { gradeCsv } from '../../src/lab/grader/result';
import { listedPids } from '../../src/lab/grader/functional';
import { MAX_SCORE, RUBRIC } from '../../src/lab/grader/rubric';
import { mp3Module } from '../../src/module/mp3';
import type { ModuleImage } from '../../src/kernel/module';
import type { KernelApi } from '../../src/kernel/api';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const README = `# MP3\n\n${'This module registers processes through a proc file, samples their page faults and CPU time every fifty milliseconds from a delayed work item, and exposes the samples to user space through a character device whose mmap maps the vmalloc buffer page by page. '.repeat(2)}`;
const SOURCE = ['// mp3.c: the profiler', '/* the list of registered processes', ' * and its lock */', 'static int x;', 'int y;', 'int z;', 'int w;'].join('\n');

function files(extra: Record<string, string> = {}): Map<string, Uint8Array> {
  return new Map(Object.entries({ 'README.md': README, 'mp3.c': SOURCE, ...extra }).map(([k, v]) => [k, enc(v)]));
}

/** The compiler's verdict for a module that built cleanly (the reference module is not C). */
const cleanBuild = async () => ({ summary: { ok: true, warnings: 0, errors: 0, diagnostics: [] }, log: '' });

/** The reference module with some of its kernel calls replaced: the way a buggy exit behaves. */
function variant(name: string, override: (k: KernelApi) => Partial<KernelApi>): ModuleImage {
  return {
    ...mp3Module,
    description: name,
    create(k: KernelApi) {
      const api = Object.assign(Object.create(k) as KernelApi, override(k));
      return mp3Module.create(api);
    },
  };
}

test('comment lines: // and /* */ spanning lines, not inside strings', () => {
  const src = 'int a; // one\n/* two\n three */ int b;\nchar *s = "http://x /* no */";\n\nint c;\n';
  assert.deepEqual(countLines(src), { lines: 5, commentLines: 3 });
});

test('floating point: types and constants, not integers, strings or comments', () => {
  const src = 'double d; float f = 1.5f; long x = 1e3; int h = 0x1p3; unsigned long u = 10UL;\n'
    + 'int e = 0xE; /* 2.5 double */ char *s = "3.14 float"; char c = \'.\'; int k = .5;\n';
  assert.deepEqual(floatUses(src).map((f) => f.text), ['double', 'float', '1.5f', '1e3', '0x1p3', '.5']);
});

test('readme: missing, template only, and written', () => {
  assert.equal(checkReadme(new Map()).passed, false);
  assert.equal(checkReadme(new Map([['README.md', '# MP3\n\n## Design\nTODO: describe your design\n']])).passed, false);
  const r = checkReadme(new Map([['README.md', README]]));
  assert.equal(r.passed, true);
  assert.equal(r.points, 5);
});

test('comment ratio counts the student source, not the given header', () => {
  const given = '// given\n'.repeat(100);
  const bare = new Map([['mp3.c', 'int a;\n'.repeat(50)], ['mp3_given.h', given]]);
  assert.equal(checkComments(bare).passed, false);
  assert.equal(checkComments(new Map([['mp3.c', SOURCE]])).passed, true);
  const fp = checkFloatingPoint(new Map([['mp3.c', 'int f(void) { return 2.0 * 3; }\n']]));
  assert.equal(fp.passed, false);
  assert.match(fp.details, /mp3\.c:1:\d+: floating point: 2\.0/);
});

test('listedPids accepts "896" and "PID: 895"', () => {
  assert.deepEqual(listedPids('896\nPID: 895\nPID:12\n\n'), [896, 895, 12]);
});

test('the reference module scores every test, and the JSON has the documented shape', async () => {
  const r = await gradeSubmission({ dir: 'ref', files: files(), build: cleanBuild, moduleImage: mp3Module });
  for (const t of r.tests) assert.equal(t.passed, true, `${t.name}: ${t.details}`);
  assert.equal(r.score, MAX_SCORE);
  assert.deepEqual(Object.keys(r), ['dir', 'build', 'tests', 'score', 'max', 'dmesg']);
  assert.deepEqual(Object.keys(r.build), ['ok', 'warnings', 'errors', 'diagnostics']);
  assert.deepEqual(r.tests.map((t) => t.name), RUBRIC.map((t) => t.name));
  for (const t of r.tests) assert.deepEqual(Object.keys(t), ['name', 'points', 'max', 'passed', 'details']);
  assert.match(r.dmesg, /mp3: module loaded/);
});

test('an exit that leaves the chrdev region costs every later test, with EBUSY', async () => {
  // exit calls unregister_chrdev_region() with a dev_t that was never set (0), as a real one did
  const leaky = variant('leaves 423 registered', (k) => ({ unregister_chrdev_region: (_first: number, count: number) => k.unregister_chrdev_region(0, count) }));
  const r = await gradeSubmission({ dir: 'leaky', files: files(), build: cleanBuild, moduleImage: leaky });
  const by = new Map(r.tests.map((t) => [t.name, t]));
  assert.equal(by.get('read/write')!.passed, true);
  for (const name of ['char dev', 'buffer alloc/free', 'mmap', 'work queue'] as const) {
    assert.equal(by.get(name)!.points, 0, name);
    assert.match(by.get(name)!.details, /insmod: ERROR: could not insert module mp3\.ko: Device or resource busy/);
  }
  assert.equal(r.score, MAX_SCORE - 10 - 10 - 25 - 15);
});

test('an exit that leaves /proc/mp3 behind: the next insmod warns "already registered" and fails', async () => {
  const leaky = variant('leaves /proc/mp3', (k) => ({
    remove_proc_entry: (name: string, parent: Parameters<KernelApi['remove_proc_entry']>[1]) => {
      if (name !== 'mp3') k.remove_proc_entry(name, parent);
    },
  }));
  const r = await gradeSubmission({ dir: 'procleak', files: files(), build: cleanBuild, moduleImage: leaky });
  const charDev = r.tests.find((t) => t.name === 'char dev')!;
  assert.equal(charDev.points, 0);
  assert.match(charDev.details, /Cannot allocate memory/);
  assert.match(r.dmesg, /proc_dir_entry 'mp3' already registered|proc_dir_entry '\/proc\/mp3' already registered/);
});

test('a failed build fails "compile no warn" and the CSV has one row per submission', async () => {
  const failing = async () => ({ summary: { ok: false, warnings: 1, errors: 2, diagnostics: [{ file: 'mp3.c', line: 3, column: 5, severity: 'error' as const, message: "expected ';'" }] }, log: "mp3.c:3:5: error: expected ';'" });
  const r = await gradeSubmission({ dir: 'broken, "quoted"', files: files(), build: failing, moduleImage: mp3Module });
  const compile = r.tests.find((t) => t.name === 'compile no warn')!;
  assert.equal(compile.passed, false);
  assert.match(compile.details, /failed with 2 errors/);
  const csv = gradeCsv([r]).trim().split('\n');
  assert.equal(csv.length, 2);
  assert.equal(csv[0], 'dir,score,max,build_ok,warnings,errors,readme,comment,fp ops,compile no warn,read/write,char dev,buffer alloc/free,mmap,work queue');
  assert.match(csv[1], /^"broken, ""quoted""",/);
});

test('the grading machine has no given mp3.ko: a build that made none fails every functional test', async () => {
  const r = await gradeSubmission({ dir: 'nothing-built', files: files(), build: cleanBuild });
  for (const t of r.tests.slice(4)) {
    assert.equal(t.points, 0, t.name);
    assert.match(t.details, /insmod: ERROR: could not load module mp3\.ko: No such file or directory/);
  }
});
