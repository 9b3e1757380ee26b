import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MIN_ZOOM_WIDTH, clampRange, effectiveRange, panRange, rangeBetween, zoomAround } from '../../src/shared/range';
import { assertProperty } from './helpers/property';

test('follow-live slides a zoomed window to the newest sample, keeping its width', () => {
  assert.equal(effectiveRange(null, true, 20), null);
  assert.deepEqual(effectiveRange({ from: 2, to: 5 }, false, 20), { from: 2, to: 5 });
  assert.deepEqual(effectiveRange({ from: 2, to: 5 }, true, 20), { from: 17, to: 20 });
  assert.deepEqual(effectiveRange({ from: 2, to: 25 }, true, 20), { from: 2, to: 25 });
});

test('zoom in around a point, zoom out to everything', () => {
  assert.deepEqual(zoomAround(null, 10, 0.5, 20), { from: 5, to: 15 });
  assert.deepEqual(zoomAround({ from: 5, to: 15 }, 5, 0.5, 20), { from: 5, to: 10 });
  assert.equal(zoomAround({ from: 5, to: 15 }, 10, 4, 20), null);
});

test('pan stays inside the data', () => {
  assert.deepEqual(panRange({ from: 5, to: 10 }, 20, 20), { from: 15, to: 20 });
  assert.deepEqual(panRange({ from: 5, to: 10 }, -20, 20), { from: 0, to: 5 });
  assert.equal(panRange(null, 3, 20), null);
});

test('a drag selects a range in either direction; a click does not', () => {
  assert.deepEqual(rangeBetween(8, 3, 20), { from: 3, to: 8 });
  assert.equal(rangeBetween(3, 3.01, 20), null);
});

test('clampRange: always a valid range inside [0, end], or null', () => {
  assertProperty(
    fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), (from, width, end) => {
      const r = clampRange({ from, to: from + width }, end);
      if (r === null) return;
      assert.ok(r.from >= 0 && r.from < r.to, JSON.stringify(r));
      assert.ok(r.to <= Math.max(end, MIN_ZOOM_WIDTH) + 1e-9);
      assert.ok(r.to - r.from >= Math.min(MIN_ZOOM_WIDTH, Math.max(end, MIN_ZOOM_WIDTH)) - 1e-9);
    }),
  );
});
