// The process rows' description in the side bar (issue 9: the CPU column was cut off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactCount, compactCpu, processDescription } from '../../src/extension/treeText';

test('compact counts and CPU times', () => {
  assert.deepEqual([0, 950, 1000, 12_345, 262_144, 1_048_576, 45_000].map(compactCount), ['0', '950', '1k', '12.3k', '262k', '1.05M', '45k']);
  assert.deepEqual([0, 797_000_000, 12_340_000_000, 754e9].map(compactCpu), ['0.00 s', '0.80 s', '12.3 s', '754 s']);
});

test('a busy work row fits a narrow side bar, CPU time before the counters', () => {
  const d = processDescription({ comm: 'work', state: 'D', minFlt: 262_144, majFlt: 123_456, cpuNs: 754e9 });
  assert.equal(d, 'work · 754 s · 262k min · 123k maj');
  assert.ok(d.length <= 36, `${d.length} characters`);
  assert.match(processDescription({ comm: 'sleep', state: 'T', minFlt: 3, majFlt: 0, cpuNs: 0 }), /^sleep \(stopped\) · 0\.00 s · 3 min · 0 maj$/);
});
