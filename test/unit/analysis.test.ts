import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { case2Point, findThrashingPoint, summarizeRun } from '../../src/lab/analysis';
import type { Case2Point } from '../../src/shared/protocol';
import { fromSampleObjects } from '../../src/shared/samples';
import { assertProperty } from './helpers/property';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

test('summarizeRun on a hand-computed run', () => {
  // 4 samples at HZ=1000, 51 jiffies apart: span = 3·0.051 + 0.051 = 0.204 s.
  const s = fromSampleObjects([
    { jiffies: 1000, minor: 100, major: 0, cpu: 20_400_000 },
    { jiffies: 1051, minor: 300, major: 10, cpu: 40_800_000 },
    { jiffies: 1102, minor: 0, major: 0, cpu: 0 },
    { jiffies: 1153, minor: 90, major: 0, cpu: 20_400_000 },
  ]);
  const r = summarizeRun(s, 1000);
  assert.equal(r.samples, 4);
  assert.equal(r.totalMinor, 490);
  assert.equal(r.totalMajor, 10);
  assert.equal(r.cpuNs, 81_600_000);
  close(r.spanSeconds, 0.204);
  close(r.utilization, 0.4); // 81.6 ms of CPU in 204 ms
  close(r.faultsPerSecond, 500 / 0.204);
  close(r.halfFaultsSeconds!, 0.051); // 410 ≥ 250 at the second sample
  assert.equal(r.peakFaults, 310);
  close(r.peakFaultsAt, 0.051);
});

test('summarizeRun of nothing', () => {
  const r = summarizeRun(new Float64Array(0), 1000);
  assert.equal(r.samples, 0);
  assert.equal(r.utilization, 0);
  assert.equal(r.halfFaultsSeconds, null);
});

test('case2Point carries the run summary', () => {
  const s = fromSampleObjects([{ jiffies: 7, minor: 3, major: 2, cpu: 51_000_000 }]);
  assert.deepEqual(case2Point(5, s, 1000), { n: 5, utilization: 1, majorFaults: 2, minorFaults: 3, wallSeconds: 0.051 });
});

const LAB: Case2Point[] = [
  { n: 1, utilization: 0.022, majorFaults: 0 },
  { n: 5, utilization: 0.109, majorFaults: 0 },
  { n: 11, utilization: 0.239, majorFaults: 0 },
  { n: 16, utilization: 0.346, majorFaults: 0 },
  { n: 20, utilization: 0.21, majorFaults: 187_340 },
  { n: 22, utilization: 0.118, majorFaults: 412_960 },
];

test('thrashing point of the lab-shaped curve: N = 16, then falling with major faults', () => {
  const t = findThrashingPoint(LAB)!;
  assert.equal(t.n, 16);
  assert.equal(t.index, 3);
  assert.equal(t.nextN, 20);
  assert.equal(t.firstMajorN, 20);
  assert.equal(t.cause, 'thrashing');
  assert.match(t.explanation, /up to N = 16 \(34\.6 %\).*N = 20 it falls.*major faults appear \(187,340\).*thrashing/);
});

test('the input order does not matter', () => {
  assert.equal(findThrashingPoint([...LAB].reverse())!.n, 16);
});

test('growth that stalls without major faults is CPU saturation', () => {
  const t = findThrashingPoint([
    { n: 1, utilization: 0.5, majorFaults: 0 },
    { n: 2, utilization: 1.0, majorFaults: 0 },
    { n: 4, utilization: 1.98, majorFaults: 0 },
    { n: 8, utilization: 2.0, majorFaults: 0 },
  ])!;
  assert.equal(t.n, 4);
  assert.equal(t.cause, 'saturation');
});

test('no thrashing point when utilization keeps growing, or with fewer than two points', () => {
  assert.equal(findThrashingPoint(LAB.slice(0, 4)), null);
  assert.equal(findThrashingPoint(LAB.slice(0, 1)), null);
  assert.equal(findThrashingPoint([]), null);
});

test('property: linear growth never has a thrashing point; a drop always does', () => {
  assertProperty(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 2, maxLength: 10 }), fc.double({ min: 0.001, max: 0.2, noNaN: true }), (ns, slope) => {
      const pts = ns.map((n) => ({ n, utilization: n * slope, majorFaults: 0 }));
      assert.equal(findThrashingPoint(pts), null);
      const sorted = [...ns].sort((a, b) => a - b);
      const top = sorted[sorted.length - 1];
      const dropped = [...pts, { n: top + 1, utilization: top * slope * 0.5, majorFaults: 1000 }];
      const t = findThrashingPoint(dropped)!;
      assert.equal(t.n, top);
      assert.equal(t.cause, 'thrashing');
    }),
  );
});

test('the thrashing explanation says when major faults began if that was before the knee', () => {
  const t = findThrashingPoint([
    { n: 1, utilization: 0.01, majorFaults: 0 },
    { n: 10, utilization: 0.1, majorFaults: 0 },
    { n: 20, utilization: 0.19, majorFaults: 500 },
    { n: 22, utilization: 0.15, majorFaults: 9000 },
  ]);
  assert.ok(t);
  assert.equal(t.n, 20);
  assert.equal(t.firstMajorN, 20);
  assert.match(t.explanation, /major faults, present since N = 20, reach 9,000/);
});
