// Guide steps that tick themselves (src/lab/guideAuto.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionCompletesStep, programsOf, stepCompletedByPrograms, stepsCompletedByOutcome } from '../../src/lab/guideAuto';
import { findStep, flattenSteps } from '../../src/lab/guide';

test('programsOf: the programs a guide line runs, as their argv', () => {
  assert.deepEqual(programsOf('nice ./work 1024 R 50000 & nice ./work 1024 L 10000 &'), ['./work 1024 R 50000', './work 1024 L 10000']);
  assert.deepEqual(programsOf('./monitor > profile1.data'), ['./monitor']);
  assert.deepEqual(programsOf('for i in {1..5}; do ./work 200 R 10000 & done'), ['./work 200 R 10000']);
  assert.deepEqual(programsOf("echo 'R 99999' > /proc/mp3/status"), []);
  assert.deepEqual(programsOf('time wait'), []);
  assert.deepEqual(programsOf('cat /proc/mp3/status'), ['cat /proc/mp3/status']);
});

test('typed commands tick the step being worked on whose main line they ran, not the steps that only check', () => {
  const step = (ran: string[], completed: string[] = []) => stepCompletedByPrograms(ran, completed)?.stepId;
  assert.equal(step(['insmod mp3.ko']), 'load.insmod');
  assert.deepEqual(stepCompletedByPrograms(['insmod mp3.ko', 'ls'], [])?.used, ['ls'], 'load.terminal first, using up ls only');
  // lsmod is a check in 1.1 and 1.2 (their main lines are ls and insmod), and 4.1's main line: too far ahead
  assert.equal(step(['lsmod']), undefined);
  const before41 = flattenSteps().map((s) => s.id).slice(0, flattenSteps().findIndex((s) => s.id === 'case1.prepare'));
  assert.equal(step(['lsmod'], before41), 'case1.prepare');
  assert.equal(step(['ls'], ['load.terminal']), undefined, 'ls is no other step\'s main line');
  // both programs of a pair must have run: pair 2 is not pair 1
  const upToPairs = flattenSteps().map((s) => s.id).slice(0, flattenSteps().findIndex((s) => s.id === 'case1.pair1'));
  assert.equal(step(['./work 1024 R 50000', './work 1024 L 10000'], upToPairs), 'case1.pair2');
  assert.equal(step(['./work 1024 R 50000', './work 1024 R 10000'], upToPairs), 'case1.pair1');
  assert.equal(step(['./work 1024 R 50000'], upToPairs), undefined);
  assert.equal(step(['rm -rf /']), undefined);
  assert.equal(step(['insmod mp3.ko', 'ls', 'lsmod'], flattenSteps().map((s) => s.id)), undefined, 'nothing left to tick');
});

test('a guide button ticks its step when it is the step\'s main command, not a check', () => {
  const insmod = findStep('load.insmod')!;
  assert.equal(actionCompletesStep('load.insmod', insmod.actions.findIndex((a) => a.kind === 'shell' && a.line === 'insmod mp3.ko')), true);
  assert.equal(actionCompletesStep('load.insmod', insmod.actions.findIndex((a) => a.kind === 'command')), true, 'the Load module button');
  assert.equal(actionCompletesStep('load.insmod', insmod.actions.findIndex((a) => a.kind === 'shell' && a.line === 'lsmod')), false);
  assert.equal(actionCompletesStep('load.insmod', 99), false);
  assert.equal(actionCompletesStep('no.such', 0), false);
});

test('outcomes tick their steps: module loaded, node, profile1.data, profile2.data', () => {
  assert.deepEqual(stepsCompletedByOutcome({ moduleLoaded: false, homeFiles: ['README.md'] }, []), []);
  assert.deepEqual(stepsCompletedByOutcome({ moduleLoaded: true, homeFiles: ['node', 'profile1.data'] }, []), ['load.insmod', 'chrdev.mknod', 'case1.monitor1']);
  assert.deepEqual(stepsCompletedByOutcome({ moduleLoaded: true, homeFiles: ['profile2.data'] }, ['load.insmod']), ['case1.pair2']);
});
