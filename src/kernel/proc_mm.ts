// The memory manager's /proc files beyond meminfo and vmstat: /proc/zoneinfo (mm/vmstat.c
// zoneinfo_show_print), where the watermarks that wake kswapd (low), let it sleep (high) and
// force direct reclaim (min) can be read, and the /proc/sys/vm and /proc/sys/kernel sysctls
// that describe this machine. The sysctls are read-only here: the lab's user is not root.
import type { Kernel } from './kernel';
import type { ProcDirEntry } from './fs/procfs';
import { PAGE_SIZE } from './config';

/** The LRU list sizes as /proc shows them (the linux policy keeps two lists; others are split evenly). */
export function lruCounts(k: Kernel, anonPages: number): { active: number; inactive: number } {
  const policy = k.policy as { activeCount?: number; inactiveCount?: number };
  const active = policy.activeCount ?? Math.floor(anonPages / 2);
  return { active, inactive: policy.inactiveCount ?? anonPages - active };
}

export function installMmProcFiles(k: Kernel): void {
  const p = k.procfs;
  p.createGenerated('zoneinfo', undefined, () => zoneinfo(k));

  const sys = p.mkdir('sys', undefined)!;
  const vm = p.mkdir('vm', sys)!;
  const wm = k.phys.watermarks;
  const sysctls: Array<[ProcDirEntry, string, () => string | number]> = [
    // mm/vmscan.c vm_swappiness: the anon/file reclaim balance (every page here is anonymous)
    [vm, 'swappiness', () => 60],
    // what the min watermark came from (mm/page_alloc.c init_per_zone_wmark_min)
    [vm, 'min_free_kbytes', () => (wm.min * PAGE_SIZE) / 1024],
    [vm, 'watermark_scale_factor', () => 10],
    [vm, 'watermark_boost_factor', () => 15000],
    // log2 of the pages swap read-ahead brings in at most: 2^3 = 8
    [vm, 'page-cluster', () => 3],
    [vm, 'overcommit_memory', () => 0],
    [vm, 'overcommit_ratio', () => 50],
    [vm, 'vfs_cache_pressure', () => 100],
  ];
  const kernel = p.mkdir('kernel', sys)!;
  sysctls.push(
    [kernel, 'hostname', () => 'mp3'],
    [kernel, 'ostype', () => 'Linux'],
    [kernel, 'osrelease', () => '5.15.0-kmlab'],
    [kernel, 'pid_max', () => 4194304],
    // tainted_mask as a number: 4096 (O) after an out-of-tree module, +128 (D) after an Oops
    [kernel, 'tainted', () => k.taints.mask],
    [kernel, 'panic_on_oops', () => (k.config.panicOnOops ? 1 : 0)],
    [kernel, 'watchdog_thresh', () => k.watchdog.thresh],
  );
  for (const [dir, name, value] of sysctls) p.createGenerated(name, dir, () => `${value()}\n`);
}

/** One zone, Normal, on node 0: the simulated machine has a single memory zone. */
function zoneinfo(k: Kernel): string {
  const s = k.memoryStats();
  const { active, inactive } = lruCounts(k, s.anonPages);
  const wm = k.phys.watermarks;
  const stat = (name: string, v: number): string => `\n      ${name.padEnd(12)} ${v}`;
  const field = (name: string, v: number): string => `\n        ${name.padEnd(8)} ${v}`;
  return [
    'Node 0, zone   Normal',
    '\n  per-node stats',
    stat('nr_inactive_anon', inactive),
    stat('nr_active_anon', active),
    stat('nr_inactive_file', 0),
    stat('nr_active_file', 0),
    stat('nr_unevictable', s.systemPages),
    stat('nr_anon_pages', s.anonPages),
    stat('nr_swapcached', s.swapCachedPages),
    stat('nr_writeback', s.writebackPages),
    `\n  pages free     ${s.freePages}`,
    field('boost', 0),
    field('min', wm.min),
    field('low', wm.low),
    field('high', wm.high),
    field('spanned', k.phys.nrFrames),
    field('present', k.phys.nrFrames),
    field('managed', s.totalPages),
    field('cma', 0),
    '\n        protection: (0, 0, 0, 0, 0)',
    stat('nr_free_pages', s.freePages),
    stat('nr_zone_inactive_anon', inactive),
    stat('nr_zone_active_anon', active),
    stat('nr_zone_inactive_file', 0),
    stat('nr_zone_active_file', 0),
    stat('nr_zone_unevictable', s.systemPages),
    stat('nr_zone_write_pending', 0),
    '\n  pagesets',
    `\n  node_unreclaimable:  0`,
    '\n  start_pfn:           4096', // after the 16 MiB DMA zone, which this machine leaves out
    '\n',
  ].join('');
}
