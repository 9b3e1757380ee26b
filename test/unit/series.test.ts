import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SeriesBuilder,
  accumulatedFaults,
  cpuUtilization,
  faultRates,
  perSecondBins,
  periodJiffies,
  spanSeconds,
  timeAxis,
} from '../../src/shared/series';
import { SampleBuffer, fromLongs, fromSampleObjects, initialJiffies, nominalPeriodJiffies, sliceSamples } from '../../src/shared/samples';
import { assertProperty } from './helpers/property';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

const J0 = initialJiffies(1000);
// Three samples 51 jiffies apart at HZ=1000 (the profiler's real spacing), then one 2 s later.
const S = fromSampleObjects([
  { jiffies: J0, minor: 10, major: 0, cpu: 51_000_000 },
  { jiffies: J0 + 51, minor: 20, major: 5, cpu: 25_500_000 },
  { jiffies: J0 + 102, minor: 0, major: 1, cpu: 0 },
  { jiffies: J0 + 2102, minor: 4, major: 0, cpu: 1_000_000_000 },
]);

test('INITIAL_JIFFIES and the nominal sample period', () => {
  assert.equal(initialJiffies(1000), 4294667296);
  assert.equal(initialJiffies(250), 2 ** 32 - 75000);
  assert.equal(nominalPeriodJiffies(1000), 51);
  assert.equal(nominalPeriodJiffies(250), 14); // msecs_to_jiffies(50) rounds 12.5 up, + 1
  assert.equal(nominalPeriodJiffies(100), 6);
});

test('time axis: seconds since the first sample', () => {
  assert.deepEqual(Array.from(timeAxis(S, 1000)), [0, 0.051, 0.102, 2.102]);
  assert.deepEqual(Array.from(timeAxis(S, 250)), [0, 0.204, 0.408, 8.408]);
  assert.equal(timeAxis(new Float64Array(0), 1000).length, 0);
});

test('accumulated faults: minor + major, inclusive running sum', () => {
  assert.deepEqual(Array.from(accumulatedFaults(S)), [10, 35, 36, 40]);
});

test('periods: actual spacing, nominal for the first sample and for non-advancing jiffies', () => {
  assert.deepEqual([0, 1, 2, 3].map((i) => periodJiffies(S, i, 1000)), [51, 51, 51, 2000]);
  const dup = fromSampleObjects([
    { jiffies: 5, minor: 0, major: 0, cpu: 0 },
    { jiffies: 5, minor: 0, major: 0, cpu: 0 },
  ]);
  assert.equal(periodJiffies(dup, 1, 1000), 51);
});

test('fault rates per second over each period', () => {
  const r = faultRates(S, 1000);
  close(r.minor[0], 10 / 0.051);
  close(r.minor[1], 20 / 0.051);
  close(r.major[1], 5 / 0.051);
  close(r.major[2], 1 / 0.051);
  close(r.minor[3], 2); // 4 faults over 2 s
});

test('CPU utilization per period: cpu_ns / period_ns', () => {
  const u = cpuUtilization(S, 1000);
  close(u[0], 1);
  close(u[1], 0.5);
  assert.equal(u[2], 0);
  close(u[3], 0.5); // 1 s of CPU over 2 s
  // Two busy CPUs: utilization above 1.
  close(cpuUtilization(fromSampleObjects([{ jiffies: 1, minor: 0, major: 0, cpu: 102_000_000 }]), 1000)[0], 2);
});

test('span: last − first + the first (nominal) period', () => {
  close(spanSeconds(S, 1000), 2.102 + 0.051);
  close(spanSeconds(S.slice(0, 4), 1000), 0.051);
  assert.equal(spanSeconds(new Float64Array(0), 1000), 0);
});

test('per-second bins', () => {
  const bins = perSecondBins(S, 1000);
  assert.deepEqual(bins, [
    { second: 0, samples: 3, minor: 30, major: 6, cpuNs: 76_500_000, accumulated: 36 },
    { second: 2, samples: 1, minor: 4, major: 0, cpuNs: 1_000_000_000, accumulated: 40 },
  ]);
});

const samplesArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.nat(100_000), fc.nat(1000), fc.nat(200_000_000)), { minLength: 0, maxLength: 80 })
  .map((rows) => {
    let j = J0;
    return Float64Array.from(rows.flatMap(([dj, a, b, c]) => ((j += dj), [j, a, b, c])));
  });

test('SeriesBuilder, fed in arbitrary chunks, equals the batch functions', () => {
  assertProperty(
    fc.property(samplesArb, fc.array(fc.nat(10), { maxLength: 10 }), fc.constantFrom(100, 250, 300, 1000), (s, cuts, hz) => {
      const b = new SeriesBuilder(hz);
      const n = s.length / 4;
      let at = 0;
      for (const c of cuts) {
        const to = Math.min(n, at + c);
        b.append(sliceSamples(s, at, to));
        at = to;
      }
      b.append(sliceSamples(s, at, n));
      const t = timeAxis(s, hz);
      const acc = accumulatedFaults(s);
      const r = faultRates(s, hz);
      const u = cpuUtilization(s, hz);
      assert.equal(b.length, n);
      for (let i = 0; i < n; i++) {
        close(b.accumulated[i].x, t[i]);
        assert.equal(b.accumulated[i].y, acc[i]);
        close(b.minorRate[i].y, r.minor[i]);
        close(b.majorRate[i].y, r.major[i]);
        close(b.cpuUtil[i].y, u[i]);
      }
      close(b.spanSeconds, spanSeconds(s, hz));
    }),
    { numRuns: 300 },
  );
});

test('SeriesBuilder.trimTo keeps the newest points and the running totals', () => {
  const b = new SeriesBuilder(1000);
  b.append(S);
  b.trimTo(2);
  assert.equal(b.length, 2);
  assert.deepEqual(b.accumulated.map((p) => p.y), [36, 40]);
  assert.equal(b.totalMinor, 34);
  assert.equal(b.appended, 4);
  close(b.endTime, 2.102);
  b.reset(250);
  assert.equal(b.length, 0);
  assert.equal(b.spanSeconds, 0);
});

test('SampleBuffer appends, trims and grows', () => {
  const buf = new SampleBuffer(1);
  const chunk = (k: number) => Float64Array.from([k, k + 1, k + 2, k + 3]);
  for (let k = 0; k < 100; k++) buf.append(chunk(k * 4));
  assert.equal(buf.length, 100);
  buf.trimTo(10);
  assert.equal(buf.length, 10);
  assert.equal(buf.view()[0], 90 * 4);
  for (let k = 100; k < 3000; k++) buf.append(chunk(k * 4));
  assert.equal(buf.length, 2910);
  assert.equal(buf.view()[buf.view().length - 1], 2999 * 4 + 3);
  buf.append([1, 2, 3, 4]);
  assert.equal(buf.length, 2911);
});

test('fromLongs stops at the -1 sentinel like the monitor', () => {
  const ones = 0xffff_ffff_ffff_ffffn;
  const longs = new BigUint64Array([5n, 1n, 0n, 7n, 6n, 2n, 0n, 8n, ones, ones, ones, ones, 9n, 9n, 9n, 9n]);
  assert.deepEqual(Array.from(fromLongs(longs)), [5, 1, 0, 7, 6, 2, 0, 8]);
  assert.deepEqual(Array.from(fromLongs(longs, 4, 1)), [6, 2, 0, 8]);
  assert.throws(() => fromLongs(new BigUint64Array([2n ** 60n, 0n, 0n, 0n])), RangeError);
});
