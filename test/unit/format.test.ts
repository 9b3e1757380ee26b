import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatNs } from '../../src/shared/format';

test('formatBytes uses binary units like free -h', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(4 * 1024 ** 3), '4.0 GiB');
  assert.equal(formatBytes(200 * 1024 ** 2), '200 MiB');
});

test('formatNs picks the unit by magnitude', () => {
  assert.equal(formatNs(850), '850 ns');
  assert.equal(formatNs(1700), '1.7 µs');
  assert.equal(formatNs(12_300_000), '12.3 ms');
  assert.equal(formatNs(20_510_000_000), '20.51 s');
});
