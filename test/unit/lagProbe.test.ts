// The extension host's lag probe (src/extension/lagProbe.ts): a task that holds the thread shows
// as a late firing of the probe's timer, and reset() starts a new scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { LagProbe } from '../../src/extension/lagProbe';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a 120 ms task on the thread is the probe\'s max; after reset it is forgotten', async () => {
  const probe = new LagProbe(() => performance.now(), (prev) => performance.eventLoopUtilization(prev));
  probe.start();
  probe.reset();
  await sleep(50);
  const t0 = performance.now();
  while (performance.now() - t0 < 120) { /* hold the thread, as a synchronous kernel run did */ }
  await sleep(50);
  const f = probe.read();
  assert.ok(f.max >= 100 && f.max < 400, `max ${f.max}`);
  assert.ok(f.samples >= 3);
  assert.ok(f.busy! > 0.3, `busy ${f.busy}`);
  assert.equal(probe.read('activation').busy, undefined);
  probe.reset();
  await sleep(60);
  assert.ok(probe.read().max < 100, 'the old task is not in the new scenario');
  probe.dispose();
});
