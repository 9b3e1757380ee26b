// The guide's "What you should see" boxes against what the simulated machine really prints and
// records (issue 9: step 1.4 promised dmesg lines the module never printed; step 4.5 promised two
// staircases per pair, which the monitor's summed samples cannot show).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sh } from './shellHarness';
import { findStep } from '../../src/lab/guide';
import { runCaseStudy1 } from '../../src/lab/caseStudy';
import { MemHostFs } from '../../src/kernel/fs/inode';

/** The lines of the ```text fences in a markdown text. */
function fencedLines(md: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) inside = !inside;
    else if (inside) out.push(line);
  }
  return out;
}

test('1.4 "Read the kernel log": every line the guide shows is in dmesg after insmod mp3.ko', () => {
  const step = findStep('load.dmesg');
  assert.ok(step);
  const promised = fencedLines(step.expect);
  assert.ok(promised.length >= 2, `the step quotes the module's messages: ${step.expect}`);
  assert.ok(promised.some((l) => /423/.test(l)), 'one of them names the major number 423');
  assert.ok(promised.some((l) => /128 pages/.test(l)), 'one of them is about the 128-page buffer');
  const dmesg = sh('insmod mp3.ko; dmesg -t').split('\n');
  for (const line of promised) assert.ok(dmesg.includes(line), `dmesg shows "${line}":\n${dmesg.join('\n')}`);
});

test('4.5 "Read the curves": the totals the guide quotes are what case study 1 records (within 2 %)', async () => {
  const step = findStep('case1.analyze');
  assert.ok(step);
  const near = (label: string): number => {
    const m = new RegExp(`${label} ends near (\\d+)`).exec(step.expect);
    assert.ok(m, `the step says where ${label} ends: ${step.expect}`);
    return Number(m[1]);
  };
  const result = await runCaseStudy1({ hostFs: new MemHostFs() });
  const total = (i: number) => result.runs[i].summary.totalMinor + result.runs[i].summary.totalMajor;
  for (const [i, label] of [[0, 'Pair 1'], [1, 'pair 2']] as const) {
    const said = near(label);
    const real = total(i);
    assert.ok(Math.abs(said - real) / real < 0.02, `${label}: the guide says ${said}, the run recorded ${real}`);
  }
  assert.doesNotMatch(step.expect, /two staircases/i, 'the data is one summed curve per pair');
});
