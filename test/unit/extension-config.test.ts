// The extension's settings (src/extension/config.ts): bad values are replaced by defaults with a
// message naming the setting; a machine the kernel refuses falls back to the default machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings, machineDiffers, describeMachine, SETTING_DEFAULTS } from '../../src/extension/config';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/kernel/config';

test('no settings: the course VM at ×10', () => {
  const s = readSettings({});
  assert.deepEqual(s.errors, []);
  assert.equal(s.machine.ramMiB, 4096);
  assert.equal(s.machine.swapMiB, 2048);
  assert.equal(s.machine.cpus, 2);
  assert.equal(s.machine.hz, 1000);
  assert.equal(s.machine.policy, 'linux');
  assert.equal(s.machine.disk.latencyNs, DEFAULT_CONFIG.disk.latencyNs);
  assert.equal(s.speed, 10);
  assert.equal(describeMachine(s), '4 GiB RAM, 2 GiB swap, 2 CPUs, HZ 1000, disk ssd, policy linux, seed 1');
});

test('valid values are taken as given', () => {
  const s = readSettings({ ramMiB: 2048, swapMiB: 0, cpus: 4, hz: 250, disk: 'hdd', policy: 'clock', seed: 42, panicOnOops: true, speed: 'max' });
  assert.deepEqual(s.errors, []);
  assert.deepEqual({ ...s.machine, disk: s.machine.disk.kind }, { ramMiB: 2048, swapMiB: 0, cpus: 4, hz: 250, disk: 'hdd', policy: 'clock', seed: 42, panicOnOops: true });
  assert.equal(s.speed, 'max');
  assert.doesNotThrow(() => resolveConfig(s.machine));
});

test('a disk latency in milliseconds', () => {
  const s = readSettings({ disk: '2.5' });
  assert.deepEqual(s.errors, []);
  assert.equal(s.machine.disk.latencyNs, 2_500_000);
  assert.equal(s.diskText, '2.5');
  assert.equal(readSettings({ disk: 3 }).machine.disk.latencyNs, 3_000_000);
});

test('each invalid value: its default, and a message naming the setting and the rule', () => {
  const cases: [Parameters<typeof readSettings>[0], RegExp][] = [
    [{ ramMiB: 64 }, /kernelMemoryLab\.machine\.ramMiB: 64 is not an integer in 960\.\.65536; using 4096/],
    [{ ramMiB: 'lots' }, /ramMiB: "lots" is not an integer/],
    [{ swapMiB: -1 }, /swapMiB: -1 is not an integer in 0\.\.65536; using 2048/],
    [{ cpus: 0 }, /cpus: 0 is not an integer in 1\.\.64; using 2/],
    [{ panicOnOops: 'yes' }, /kernelMemoryLab\.machine\.panicOnOops: "yes" is not true or false; using false/],
    [{ cpus: 1.5 }, /cpus: 1\.5 is not an integer/],
    [{ hz: 60 }, /hz: 60 is not one of 100, 250, 300, 1000; using 1000/],
    [{ disk: 'floppy' }, /disk: "floppy" is not "ssd", "hdd" or a page-read latency/],
    [{ disk: '0' }, /disk: "0"/],
    [{ policy: 'opt' }, /policy: "opt" is not one of linux, fifo, lru, clock, random/],
    [{ seed: -5 }, /seed: -5 is not an integer in 0\.\.4294967295; using 1/],
    [{ speed: 3 }, /speed: 3 is not 1 \(real time\), 10 or "max"; using 10/],
    [{ speed: null }, /speed: null/],
  ];
  for (const [raw, message] of cases) {
    const s = readSettings(raw);
    assert.equal(s.errors.length, 1, JSON.stringify(raw));
    assert.match(s.errors[0], message);
    assert.doesNotThrow(() => resolveConfig(s.machine));
    assert.equal(machineDiffers(s.machine, readSettings({}).machine), false, `${JSON.stringify(raw)} falls back to the default machine`);
    if (!('speed' in raw)) assert.equal(s.speed, SETTING_DEFAULTS.speed);
  }
});

test('several bad values: one message each, the good ones kept', () => {
  const s = readSettings({ ramMiB: 0, cpus: 8, hz: 'fast', speed: '1' });
  assert.equal(s.errors.length, 2);
  assert.equal(s.machine.cpus, 8);
  assert.equal(s.speed, 1);
});

test('machineDiffers ignores speed and sees every machine field', () => {
  const a = readSettings({});
  assert.equal(machineDiffers(a.machine, readSettings({ speed: 'max' }).machine), false);
  for (const raw of [{ ramMiB: 2048 }, { swapMiB: 0 }, { cpus: 1 }, { hz: 100 }, { disk: 'hdd' }, { policy: 'fifo' }, { seed: 2 }]) {
    assert.equal(machineDiffers(a.machine, readSettings(raw).machine), true, JSON.stringify(raw));
  }
});

test('homeQuotaMiB: the home folder quota, 256 MiB by default, a bad value named and replaced', () => {
  assert.equal(readSettings({}).homeQuotaMiB, 256);
  assert.equal(SETTING_DEFAULTS.homeQuotaMiB, 256);
  assert.equal(readSettings({ homeQuotaMiB: 1024 }).homeQuotaMiB, 1024);
  const bad = readSettings({ homeQuotaMiB: -5 });
  assert.equal(bad.homeQuotaMiB, 256);
  assert.match(bad.errors[0], /kernelMemoryLab\.machine\.homeQuotaMiB: -5 is not an integer in 0\.\.1048576; using 256/);
});
