// /proc/zoneinfo, the LRU counts in /proc/vmstat, and the vm sysctls: what they show agrees with
// the kernel's own state (watermarks, lists) on a machine under memory pressure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScript } from './shellHarness';
import { createLabMachine } from '../../src/lab/machine';
import { computeWatermarks } from '../../src/kernel/mm/page_alloc';
import { MiB } from '../../src/kernel/config';

function fields(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const f = /^\s*(?:pages )?(\w[\w-]*)\s+(\d+)$/.exec(line);
    if (f && !m.has(f[1])) m.set(f[1], Number(f[2]));
  }
  return m;
}

test('/proc/zoneinfo shows the watermarks kswapd and direct reclaim use, and the zone size', () => {
  const cfg = { ramMiB: 256, swapMiB: 256, kernelReservedMiB: 16, systemUsedMiB: 16 };
  const r = runScript('cat /proc/zoneinfo; echo ---; cat /proc/sys/vm/min_free_kbytes /proc/sys/vm/page-cluster', cfg);
  const [zone, sysctl] = r.out.split('---\n');
  const z = fields(zone);
  const frames = (cfg.ramMiB * MiB) / 4096;
  const wm = computeWatermarks(frames);
  assert.match(zone, /^Node 0, zone {3}Normal\n/);
  assert.deepEqual([z.get('min'), z.get('low'), z.get('high')], [wm.min, wm.low, wm.high]);
  assert.ok(wm.min < wm.low && wm.low < wm.high);
  assert.equal(z.get('present'), frames);
  assert.equal(z.get('managed'), frames - (cfg.kernelReservedMiB * MiB) / 4096);
  assert.equal(z.get('free'), z.get('nr_free_pages'));
  assert.equal(sysctl, `${wm.min * 4}\n3\n`, 'min_free_kbytes is the min watermark; page-cluster 3 = read-ahead of 8 pages');
});

test('under pressure: the LRU counts in /proc/vmstat and zoneinfo cover the anon pages (plus swap cache), and agree', () => {
  const k = createLabMachine({ ramMiB: 64, swapMiB: 128, kernelReservedMiB: 4, systemUsedMiB: 4 });
  let out = '';
  const tty = k.openTty((t) => (out += t));
  k.spawn('/bin/bash', ['bash', '-c', './work 80 R 20000 > /dev/null & sleep 3; cat /proc/vmstat; echo ---; cat /proc/zoneinfo; kill %1'], { tty });
  k.runUntil(() => out.includes('start_pfn'), 60e9);
  const [vmstat, zone] = out.replace(/\r\n/g, '\n').split('---\n');
  const v = fields(vmstat);
  const z = fields(zone);
  assert.ok((v.get('pswpout') ?? 0) > 0, 'the work process is swapping');
  assert.ok((v.get('nr_active_anon') ?? 0) > 0 && (v.get('nr_inactive_anon') ?? 0) > 0, 'both lists are in use');
  // the lists hold the mapped anon pages plus swap-cache pages not mapped any more
  const lists = v.get('nr_active_anon')! + v.get('nr_inactive_anon')!;
  assert.ok(lists >= v.get('nr_anon_pages')! && lists <= v.get('nr_anon_pages')! + v.get('nr_swapcached')! + v.get('nr_writeback')!, `${lists} vs ${vmstat}`);
  assert.equal(v.get('nr_zone_active_anon'), v.get('nr_active_anon'));
  assert.equal(z.get('nr_active_anon'), v.get('nr_active_anon'));
  assert.equal(z.get('nr_inactive_anon'), v.get('nr_inactive_anon'));
});

test('the vm sysctls are readable and refuse a write from the lab user', () => {
  const r = runScript('ls /proc/sys; cat /proc/sys/vm/swappiness /proc/sys/kernel/hostname; echo 10 > /proc/sys/vm/swappiness; echo $?; cat /proc/sys/vm/swappiness');
  assert.equal(r.out, 'kernel  vm\n60\nmp3\nbash: line 1: /proc/sys/vm/swappiness: Permission denied\n1\n60\n');
});
