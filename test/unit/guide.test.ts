// The lab guide's data: ids, actions that exist, shell lines the lab shell understands,
// the handout's exact command lines, and the progress model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  GRADER_CHECKLIST,
  LAB_GUIDE,
  findSection,
  findStep,
  flattenSteps,
  isCompleted,
  nextStepId,
  normalizeCompleted,
  previousStepId,
  progressOf,
  resolveAction,
  sectionInfos,
  setStepCompleted,
  stepIndex,
} from '../../src/lab/guide';
import { GUIDE_PROTOCOL_VERSION, isGuideStep, isStepId, parseHostToGuide } from '../../src/shared/guideProtocol';
import { linkTargets, parseMarkdown } from '../../src/webview/guide/markdown';
import { assertProperty } from './helpers/property';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const contributedCommands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
const steps = flattenSteps();

// ---------------------------------------------------------------------------------------------
// The lab shell's language, as far as the guide may use it (the brief's list).

const SHELL_COMMANDS = new Set([
  'insmod', 'rmmod', 'lsmod', 'mknod', 'echo', 'cat', 'ls', 'ps', 'kill', 'jobs', 'wait', 'nice',
  'sleep', 'free', 'vmstat', 'top', 'dmesg', './work', './monitor', 'make', 'grep',
]);
const READABLE = [/^\/proc\/mp3\/status$/, /^\/proc\/meminfo$/, /^\/proc\/zoneinfo$/, /^\/proc\/devices$/, /^\/proc\/\d+\/(stat|status)$/, /^[\w.-]+\.data$/];

/** Problems with one shell line, as messages (empty when the lab shell can run it as written). */
function shellProblems(line: string): string[] {
  const problems: string[] = [];
  if (/[|`$<]/.test(line)) problems.push('uses a pipe, substitution, variable or input redirection');
  const segments = line.split(/&&|;|&/).map((s) => s.trim()).filter(Boolean);
  if (segments.length === 0) problems.push('empty');
  // one `for NAME in {A..B}; do …; done` loop around the commands, and `time` before one
  if (/^for /.test(segments[0] ?? '')) {
    if (!/^for [a-z]\w* in \{\d+\.\.\d+\}$/.test(segments[0]) || segments[segments.length - 1] !== 'done' || !/^do /.test(segments[1] ?? '')) {
      problems.push(`a loop other than "for i in {1..N}; do …; done": ${line}`);
    }
    segments.splice(0, 1);
    segments.pop();
    segments[0] = segments[0]?.replace(/^do /, '');
  }
  for (let i = 0; i < segments.length; i++) segments[i] = segments[i].replace(/^time /, '');
  for (const seg of segments) {
    const [cmdPart, redirect, ...rest] = seg.split('>').map((s) => s.trim());
    if (rest.length) problems.push(`more than one redirection in "${seg}"`);
    const words = cmdPart.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
    if (words[0] === 'nice') words.shift();
    const [prog, ...args] = words;
    if (!prog || !SHELL_COMMANDS.has(prog)) problems.push(`unsupported command "${prog}" in "${seg}"`);
    if (prog === './work') {
      const [mb, mode, n] = args;
      if (args.length !== 3 || !(Number(mb) >= 1 && Number(mb) <= 1024) || !/^[RL]$/.test(mode) || !(Number(n) >= 1)) {
        problems.push(`bad work arguments "${args.join(' ')}"`);
      }
    }
    if (prog === 'cat') for (const a of args) if (!READABLE.some((r) => r.test(a))) problems.push(`cat of unknown file ${a}`);
    if (prog === 'grep') for (const a of args.slice(1)) if (!READABLE.some((r) => r.test(a))) problems.push(`grep of unknown file ${a}`);
    if (prog === 'mknod' && args.join(' ') !== 'node c 423 0') problems.push(`mknod ${args.join(' ')}`);
    if (prog === 'insmod' && args.join(' ') !== 'mp3.ko') problems.push(`insmod ${args.join(' ')}`);
    if (prog === 'rmmod' && args.join(' ') !== 'mp3') problems.push(`rmmod ${args.join(' ')}`);
    if (redirect !== undefined) {
      if (prog === 'echo' && redirect !== '/proc/mp3/status') problems.push(`echo into ${redirect}`);
      if (prog === './monitor' && !/^[\w.-]+\.data$/.test(redirect)) problems.push(`monitor into ${redirect}`);
      if (prog !== 'echo' && prog !== './monitor') problems.push(`redirection of ${prog}`);
    }
  }
  return problems;
}

test('the shell-line checker itself accepts the handout and rejects the rest', () => {
  assert.deepEqual(shellProblems('nice ./work 1024 R 50000 & nice ./work 1024 R 10000 &'), []);
  assert.deepEqual(shellProblems("echo 'R 42' > /proc/mp3/status"), []);
  assert.deepEqual(shellProblems('./monitor > profile1.data'), []);
  assert.deepEqual(shellProblems('for i in {1..5}; do ./work 200 R 10000 & done'), []);
  assert.deepEqual(shellProblems('time wait'), []);
  assert.notDeepEqual(shellProblems('for i in 1 2; do ./work 200 R 10000 & done'), []);
  assert.notDeepEqual(shellProblems('for i in {1..5}; do ./work 9999 R 10000 & done'), []);
  assert.notDeepEqual(shellProblems('grep mp3 /proc/modules'), []); // /proc/modules is not a file the guide reads
  assert.notDeepEqual(shellProblems('cat /proc/mp3/status | wc -l'), []);
  assert.notDeepEqual(shellProblems('./work 2048 R 10'), []);
  assert.notDeepEqual(shellProblems('./work 100 X'), []);
});

// ---------------------------------------------------------------------------------------------
// Structure

test('the guide has the seven sections of the handout, in order, then writing the module', () => {
  assert.deepEqual(LAB_GUIDE.map((s) => s.id), ['load', 'register', 'chrdev', 'case1', 'case2', 'unload', 'report', 'write']);
  assert.deepEqual(LAB_GUIDE.map((s) => s.number), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const s of LAB_GUIDE) assert.ok(s.steps.length > 0, s.id);
  assert.deepEqual(sectionInfos().map((s) => Object.keys(s).sort()), LAB_GUIDE.map(() => ['id', 'intro', 'number', 'title']));
});

test('step ids are unique, well-formed and prefixed by their section', () => {
  const ids = steps.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate step id');
  for (const s of steps) {
    assert.ok(isStepId(s.id), s.id);
    assert.ok(s.id.startsWith(`${s.section}.`), `${s.id} is not under ${s.section}`);
    assert.ok(s.title.trim() && s.body.trim() && s.expect.trim(), `${s.id} has empty text`);
    assert.ok(isGuideStep(s), `${s.id} is not a valid wire step`);
  }
});

test('every command action names a contributed command', () => {
  for (const s of steps) {
    for (const a of s.actions) {
      if (a.kind !== 'command') continue;
      assert.ok(contributedCommands.has(a.command), `${s.id}: ${a.command} is not in package.json`);
      assert.ok(a.label.trim(), `${s.id}: action without label`);
    }
  }
});

test('startWorkload arguments use the presets the command accepts', () => {
  const case2N = new Set([1, 5, 11, 16, 20, 22]);
  for (const s of steps) {
    for (const a of s.actions) {
      if (a.kind !== 'command' || a.command !== 'kernelMemoryLab.startWorkload' || !a.args) continue;
      assert.equal(a.args.length, 1, s.id);
      const arg = a.args[0] as { preset?: string; n?: number; custom?: string };
      assert.ok(['case1-pair1', 'case1-pair2', 'case2'].includes(arg.preset ?? ''), `${s.id}: preset ${arg.preset}`);
      if (arg.preset === 'case2') assert.ok(case2N.has(arg.n ?? -1), `${s.id}: n ${arg.n}`);
      assert.doesNotThrow(() => JSON.stringify(a.args));
    }
  }
});

test('every shell action is a line the lab shell supports', () => {
  for (const s of steps) {
    for (const a of s.actions) {
      if (a.kind !== 'shell') continue;
      assert.deepEqual(shellProblems(a.line), [], `${s.id}: ${a.line}`);
    }
  }
});

test('code blocks in the guide that are shell are also supported lines (placeholders aside)', () => {
  for (const s of steps) {
    for (const b of parseMarkdown(s.body)) {
      if (b.t !== 'pre' || b.lang !== 'sh') continue;
      for (const line of b.v.split('\n')) {
        const concrete = line.replace(/<pid>/g, '1234');
        assert.deepEqual(shellProblems(concrete), [], `${s.id}: ${line}`);
      }
    }
  }
});

test('every [label](command:…) link in a step matches one of its command actions', () => {
  for (const s of steps) {
    const commands = new Set(s.actions.flatMap((a) => (a.kind === 'command' ? [a.command] : [])));
    for (const text of [s.body, s.expect, ...s.pitfalls]) {
      for (const href of linkTargets(text)) {
        assert.ok(href.startsWith('command:'), `${s.id}: external link ${href}`);
        assert.ok(commands.has(href.slice('command:'.length)), `${s.id}: link ${href} has no action`);
      }
      // A link the parser refused would silently become text: forbid anything that looks like one.
      const links = text.match(/\]\(([^)]*)\)/g) ?? [];
      assert.equal(links.length, linkTargets(text).length, `${s.id}: malformed link in ${text.slice(0, 60)}`);
    }
  }
  for (const sec of LAB_GUIDE) assert.deepEqual(linkTargets(sec.intro), [], `section ${sec.id} intro has links`);
});

// ---------------------------------------------------------------------------------------------
// Content the brief and the facts require

const allText = steps.map((s) => [s.body, s.expect, ...s.pitfalls, ...s.actions.map((a) => (a.kind === 'shell' ? a.line : a.label))].join('\n')).join('\n');

test('case study 1 uses the handout command lines exactly', () => {
  const lines = steps.flatMap((s) => s.actions.flatMap((a) => (a.kind === 'shell' ? [a.line] : [])));
  assert.ok(lines.includes('nice ./work 1024 R 50000 & nice ./work 1024 R 10000 &'));
  assert.ok(lines.includes('nice ./work 1024 R 50000 & nice ./work 1024 L 10000 &'));
  assert.ok(lines.includes('./monitor > profile1.data'));
  assert.ok(lines.includes('./monitor > profile2.data'));
  assert.ok(lines.includes('mknod node c 423 0'));
  assert.ok(lines.includes('insmod mp3.ko') && lines.includes('rmmod mp3'));
});

test('the guide is honest about the given L mode and explains the curves', () => {
  const analyze = findStep('case1.analyze');
  assert.ok(analyze);
  assert.match(analyze.body, /rand\(\) % 10/);
  assert.match(analyze.body, /20 %/);
  assert.match(analyze.body, /80 %/);
  assert.match(analyze.body, /staircase/i);
  assert.match(analyze.body, /concave/i);
  assert.match(analyze.body, /[Ff]irst-touch minor faults/);
});

test('case study 2 covers every N, utilization, thrashing, major faults and swap', () => {
  const text = findSection('case2')?.steps.map((s) => `${s.body}\n${s.expect}\n${JSON.stringify(s.actions)}`).join('\n') ?? '';
  for (const n of [1, 5, 11, 16, 20, 22]) assert.match(text, new RegExp(`N = ${n}\\b`), `N=${n}`);
  for (const w of ['utilization', 'thrashing', 'major faults', 'swap']) assert.match(text.toLowerCase(), new RegExp(w), w);
  assert.match(allText, /work 200 R 10000/);
});

test('the unload section explains cleanup and the classic EBUSY', () => {
  const text = findSection('unload')?.steps.map((s) => `${s.body}\n${s.expect}\n${s.pitfalls.join('\n')}`).join('\n') ?? '';
  for (const w of ['unregister_chrdev_region', 'cdev_del', 'cancel_delayed_work_sync', 'destroy_workqueue', 'ClearPageReserved', 'vfree', 'EBUSY']) {
    assert.ok(text.includes(w), w);
  }
});

test('the report step carries the grader checklist of mp3-facts §9', () => {
  assert.equal(GRADER_CHECKLIST.length, 8);
  const checklist = findStep('report.checklist');
  assert.ok(checklist);
  for (const item of GRADER_CHECKLIST) assert.ok(checklist.body.includes(item));
  const joined = GRADER_CHECKLIST.join('\n');
  for (const w of ['Proc read/write parsing', 'Buffer allocation and free', 'Work queue', 'Character device', 'mmap', 'Case-study graphs', 'No floating point', 'Clean unload and reload']) {
    assert.ok(joined.includes(w), w);
  }
});

test('the guide explains why mmap goes page by page and uses proc_ops', () => {
  assert.match(allText, /vmalloc_to_pfn/);
  assert.match(allText, /remap_pfn_range/);
  assert.match(allText, /physically contiguous/);
  assert.match(allText, /struct proc_ops/);
});

test('a hydrate message built from the guide passes the webview validator', () => {
  const msg = { type: 'hydrate', version: GUIDE_PROTOCOL_VERSION, sections: sectionInfos(), steps, completed: ['load.insmod'], focusStepId: 'case1.pair1' };
  // Through JSON, as postMessage would carry it.
  assert.ok(parseHostToGuide(JSON.parse(JSON.stringify(msg))));
});

// ---------------------------------------------------------------------------------------------
// Look-ups

test('findStep, stepIndex, next/previous and resolveAction', () => {
  assert.equal(findStep('load.insmod')?.title, 'Load the module');
  assert.equal(findStep('nope'), undefined);
  assert.equal(stepIndex(steps[0].id), 0);
  assert.equal(stepIndex('nope'), -1);
  assert.equal(previousStepId(steps[0].id), undefined);
  assert.equal(nextStepId(steps[0].id), steps[1].id);
  assert.equal(nextStepId(steps[steps.length - 1].id), undefined);
  assert.equal(previousStepId(steps[1].id), steps[0].id);
  const insmod = findStep('load.insmod');
  assert.ok(insmod);
  assert.deepEqual(resolveAction('load.insmod', 0)?.action, insmod.actions[0]);
  assert.equal(resolveAction('load.insmod', insmod.actions.length), undefined);
  assert.equal(resolveAction('load.insmod', -1), undefined);
  assert.equal(resolveAction('load.insmod', 0.5), undefined);
  assert.equal(resolveAction('nope', 0), undefined);
});

test('the guide data is frozen', () => {
  assert.throws(() => { (LAB_GUIDE as unknown as unknown[]).push(1); });
  assert.throws(() => { (steps[0] as { title: string }).title = 'x'; });
});

// ---------------------------------------------------------------------------------------------
// Progress model

test('normalizeCompleted keeps known ids once, in guide order', () => {
  assert.deepEqual(normalizeCompleted(undefined), []);
  assert.deepEqual(normalizeCompleted('load.insmod'), []);
  assert.deepEqual(normalizeCompleted({ 0: 'load.insmod' }), []);
  assert.deepEqual(normalizeCompleted(['case1.pair1', 'load.insmod', 'nope', 3, 'load.insmod']), ['load.insmod', 'case1.pair1']);
});

test('setStepCompleted and isCompleted', () => {
  let c = setStepCompleted([], 'case1.pair1', true);
  c = setStepCompleted(c, 'load.terminal', true);
  assert.deepEqual(c, ['load.terminal', 'case1.pair1']);
  assert.ok(isCompleted(c, 'case1.pair1'));
  assert.deepEqual(setStepCompleted(c, 'case1.pair1', true), c, 'idempotent');
  assert.deepEqual(setStepCompleted(c, 'case1.pair1', false), ['load.terminal']);
  assert.deepEqual(setStepCompleted(c, 'nope', true), c, 'unknown ids are ignored');
});

test('progressOf counts per section and finds the next step', () => {
  const empty = progressOf([]);
  assert.equal(empty.done, 0);
  assert.equal(empty.total, steps.length);
  assert.equal(empty.nextStepId, steps[0].id);
  assert.equal(empty.finished, false);
  const some = progressOf([steps[0].id, steps[2].id]);
  assert.equal(some.done, 2);
  assert.equal(some.nextStepId, steps[1].id);
  assert.equal(some.sections.find((s) => s.id === steps[0].section)?.done, 2);
  const all = progressOf(steps.map((s) => s.id));
  assert.equal(all.finished, true);
  assert.equal(all.fraction, 1);
  assert.equal(all.nextStepId, undefined);
  assert.equal(all.sections.reduce((n, s) => n + s.total, 0), steps.length);
});

test('progress invariants hold for any sequence of toggles', () => {
  const ids = [...steps.map((s) => s.id), 'nope', 'load', ''];
  assertProperty(fc.property(fc.array(fc.tuple(fc.constantFrom(...ids), fc.boolean()), { maxLength: 60 }), (ops) => {
    let c: string[] = [];
    const model = new Set<string>();
    for (const [id, done] of ops) {
      c = setStepCompleted(c, id, done);
      if (findStep(id)) { if (done) model.add(id); else model.delete(id); }
    }
    assert.deepEqual(new Set(c), model);
    assert.deepEqual(c, normalizeCompleted(c));
    const p = progressOf(c);
    assert.ok(p.done === model.size && p.fraction >= 0 && p.fraction <= 1);
  }));
});
