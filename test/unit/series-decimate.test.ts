import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimateMinMax, lowerBound } from '../../src/shared/decimate';
import type { Point } from '../../src/shared/series';
import { assertProperty } from './helpers/property';

const pts = (ys: number[]): Point[] => ys.map((y, x) => ({ x, y }));

test('small series are returned as they are', () => {
  const p = pts([1, 2, 3]);
  assert.equal(decimateMinMax(p, 10), p);
  assert.deepEqual(decimateMinMax([], 10), []);
});

test('lowerBound', () => {
  const p = pts([0, 0, 0, 0]);
  assert.equal(lowerBound(p, -1), 0);
  assert.equal(lowerBound(p, 1.5), 2);
  assert.equal(lowerBound(p, 9), 4);
});

test('a spike survives decimation, and the ends are kept', () => {
  const ys = new Array(10_000).fill(1);
  ys[4321] = 500;
  ys[7000] = -3;
  const d = decimateMinMax(pts(ys), 100);
  assert.ok(d.length <= 2 * 100 + 2);
  assert.ok(d.some((p) => p.y === 500));
  assert.ok(d.some((p) => p.y === -3));
  assert.equal(d[0].x, 0);
  assert.equal(d[d.length - 1].x, 9999);
});

test('a visible range keeps one point beyond each edge', () => {
  const d = decimateMinMax(pts(new Array(1000).fill(0).map((_, i) => i)), 10, 100.5, 200.5);
  assert.equal(d[0].x, 100);
  assert.equal(d[d.length - 1].x, 201);
});

test('property: output is a time-ordered subset with the same extremes and ≤ 2 points per bucket', () => {
  assertProperty(
    fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 400 }), (ys, buckets) => {
      const p = pts(ys);
      const d = decimateMinMax(p, buckets);
      assert.ok(d.length <= Math.max(p.length, 2 * buckets + 2));
      for (let i = 1; i < d.length; i++) assert.ok(d[i].x > d[i - 1].x);
      for (const q of d) assert.equal(p[q.x], q);
      assert.equal(Math.max(...d.map((q) => q.y)), Math.max(...ys));
      assert.equal(Math.min(...d.map((q) => q.y)), Math.min(...ys));
    }),
    { numRuns: 300 },
  );
});
