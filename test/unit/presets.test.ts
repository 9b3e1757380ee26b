// Start Workload's presets and the custom `MB R|L accesses` entry (src/extension/presets.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePids, parseCustom, presetWorkload, startedMessage, validateN, workloadFromArg, type Workload } from '../../src/extension/presets';
import { findStep } from '../../src/lab/guide';

test('case study 1 presets are the handout\'s command lines', () => {
  assert.equal((presetWorkload('case1-pair1') as Workload).line, 'nice ./work 1024 R 50000 & nice ./work 1024 R 10000 &');
  assert.equal((presetWorkload('case1-pair2') as Workload).line, 'nice ./work 1024 R 50000 & nice ./work 1024 L 10000 &');
});

test('case study 2: N background copies of work 200 R 10000, as the handout (no nice) and the guide\'s loop', () => {
  const w = presetWorkload('case2', 3) as Workload;
  assert.equal(w.line, 'for i in {1..3}; do ./work 200 R 10000 & done');
  assert.equal(w.what, '3 × work 200 R 10000');
  assert.equal(w.processes, 3);
  for (const bad of [0, 65, 2.5, -1, NaN]) assert.equal(typeof presetWorkload('case2', bad), 'string', String(bad));
  assert.equal(validateN(' 22 '), undefined);
  assert.match(validateN('x')!, /whole number/);
  assert.match(validateN('100')!, /from 1 to 64/);
});

test('custom workloads are validated field by field', () => {
  assert.deepEqual(parseCustom(' 512  l 20000 '), { label: 'work 512 L 20000', line: 'nice ./work 512 L 20000 &', processes: 1 });
  assert.match(parseCustom('') as string, /three values/);
  assert.match(parseCustom('1024 R') as string, /three values/);
  assert.match(parseCustom('0 R 10') as string, /Memory must be/);
  assert.match(parseCustom('2048 R 10') as string, /Memory must be/);
  assert.match(parseCustom('1024 X 10') as string, /R \(random\) or L/);
  assert.match(parseCustom('1024 R 0') as string, /Accesses per iteration/);
  assert.match(parseCustom('1024 R 1e5') as string, /Accesses per iteration/);
  assert.match(parseCustom('1024 R 10; rm -rf /') as string, /three values/);
});

test('the command argument: pick, ask N, a workload, or an error', () => {
  assert.deepEqual(workloadFromArg(undefined), { kind: 'pick' });
  assert.deepEqual(workloadFromArg({}), { kind: 'pick' });
  assert.deepEqual(workloadFromArg({ preset: 'case2' }), { kind: 'askN' });
  const ok = workloadFromArg({ preset: 'case1-pair1' });
  assert.equal(ok.kind, 'ok');
  assert.equal(workloadFromArg({ preset: 'case2', n: 5 }).kind, 'ok');
  assert.equal(workloadFromArg({ custom: '1024 R 50000' }).kind, 'ok');
  for (const bad of [{ preset: 'case3' }, { preset: 'case2', n: '5' }, { preset: 'case2', n: 0 }, { custom: 'x' }, 'case1-pair1', 42, [1]]) {
    assert.equal(workloadFromArg(bad).kind, 'error', JSON.stringify(bad));
  }
});

test('the case-2 preset runs what the guide\'s N = 5 loop types', () => {
  const loops = findStep('case2.small')!.actions.flatMap((a) => (a.kind === 'shell' && a.line.startsWith('for ') ? [a.line] : []));
  assert.deepEqual(loops, [(presetWorkload('case2', 5) as Workload).line]);
});

test('Start Workload\'s notification summarises: no list of 22 PIDs or 22 command lines', () => {
  const w = presetWorkload('case2', 22) as Workload;
  const pids = Array.from({ length: 22 }, (_, i) => 105 + i);
  assert.equal(startedMessage(w, pids), 'Started case study 2, N = 22: 22 × work 200 R 10000 (PIDs 105–126).');
  assert.equal(startedMessage(presetWorkload('case1-pair1') as Workload, [106, 105], ' (loaded mp3.ko first)'), 'Started case study 1, pair 1 (loaded mp3.ko first) (PIDs 105, 106).');
  assert.equal(describePids([7]), 'PID 7');
  assert.equal(describePids([3, 5, 8, 9, 20, 40]), 'PIDs 3, 5, 8 … 40 (6 in all)');
  assert.ok(startedMessage(w, pids).length < 80);
});
