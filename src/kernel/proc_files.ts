// The kernel's own /proc files (fs/proc/*.c), generated when opened, in the formats the real
// tools parse: meminfo, vmstat, stat, uptime, loadavg, devices, modules, and /proc/<pid>/
// (zoneinfo and the sysctls are in proc_mm.ts).
import type { Kernel } from './kernel';
import type { Task } from './sched/task';
import { generatedFile, dirInode, StaticDir } from './fs/vfs';
import type { Inode } from './fs/inode';
import { PAGE_SIZE } from './config';
import { major, minor } from './uapi';
import { installMmProcFiles, lruCounts } from './proc_mm';

const kb = (pages: number): string => `${String(pages * (PAGE_SIZE / 1024)).padStart(8)} kB`;

export function installProcFiles(k: Kernel): void {
  const p = k.procfs;
  p.createGenerated('meminfo', undefined, () => meminfo(k));
  p.createGenerated('vmstat', undefined, () => vmstat(k));
  installMmProcFiles(k);
  p.createGenerated('stat', undefined, () => stat(k));
  p.createGenerated('uptime', undefined, () => {
    const up = k.clock.now / 1e9;
    const idle = k.sched.cpus.reduce((s, c) => s + Math.max(0, k.clock.now - c.busyNs), 0) / 1e9;
    return `${up.toFixed(2)} ${idle.toFixed(2)}\n`;
  });
  p.createGenerated('loadavg', undefined, () => {
    const running = k.sched.nrRunning;
    const total = k.sched.tasks.size;
    return `${running.toFixed(2)} ${running.toFixed(2)} ${running.toFixed(2)} ${running}/${total} ${[...k.sched.tasks.keys()].reduce((a, b) => Math.max(a, b), 0)}\n`;
  });
  p.createGenerated('devices', undefined, () => {
    const lines = ['Character devices:', ...k.chrdevs.list().map(([m, n]) => `${String(m).padStart(3)} ${n}`), '', 'Block devices:', '252 virtblk', ''];
    return lines.join('\n');
  });
  p.createGenerated('modules', undefined, () =>
    [...k.modules.values()].map((m) => `${m.name} ${m.image.size} ${m.refcount} - ${m.state === 'live' ? 'Live' : m.state === 'coming' ? 'Loading' : 'Unloading'} 0x${(m.base ?? 0n).toString(16).padStart(16, '0')} (O${m.state === 'coming' ? '+' : m.state === 'going' ? '-' : ''})\n`).join(''),
  );
  p.createGenerated('cpuinfo', undefined, () => cpuinfo(k.sched.cpus.length));
  p.createGenerated('version', undefined, () => 'Linux version 5.15.0-kmlab (simulated) (gcc 12.2.0) #1 SMP x86_64\n');
  p.createGenerated('swaps', undefined, () => {
    const used = (k.swap.nrUsed * PAGE_SIZE) / 1024;
    return `Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/vda2                               partition\t${k.config.swapMiB * 1024}\t\t${used}\t\t-2\n`;
  });
  p.dynamic = {
    lookup(name) {
      // /proc/self: the task doing the lookup (inside its system call, `current`).
      if (name === 'self') return k.current ? pidDir(k.current) : undefined;
      if (!/^\d+$/.test(name)) return undefined;
      const t = k.sched.tasks.get(Number(name));
      return t ? pidDir(t) : undefined;
    },
    list() {
      return [...k.sched.tasks.keys()].sort((a, b) => a - b).map((pid) => ({ name: String(pid), type: 'dir' as const }));
    },
  };
}

function pidDir(t: Task): Inode {
  const d = new StaticDir();
  d.children.set('stat', generatedFile(0o444, () => pidStat(t)));
  d.children.set('status', generatedFile(0o444, () => pidStatus(t)));
  d.children.set('cmdline', generatedFile(0o444, () => (t.kthread ? '' : t.cmdline.join('\0') + '\0')));
  d.children.set('environ', generatedFile(0o400, () => (t.kthread ? '' : t.environ.map((e) => `${e}\0`).join(''))));
  d.children.set('comm', generatedFile(0o444, () => `${t.comm}\n`));
  d.children.set('statm', generatedFile(0o444, () => pidStatm(t)));
  d.children.set('maps', generatedFile(0o444, () => (t.mm?.vmas ?? []).map((v) =>
    `${v.vm_start.toString(16).padStart(12, '0')}-${v.vm_end.toString(16).padStart(12, '0')} ${v.vm_flags & 1 ? 'r' : '-'}${v.vm_flags & 2 ? 'w' : '-'}-${v.vm_flags & 8 ? 's' : 'p'} 00000000 00:00 0 ${v.anonymous ? '' : '                  /home/student/node'}\n`).join('')));
  return dirInode(d, 0o555);
}

/** /proc/<pid>/stat: the 52 fields of fs/proc/array.c do_task_stat(). Times in clock ticks (USER_HZ 100). */
export function pidStat(t: Task): string {
  const ticks = (ns: number) => Math.floor(ns / 1e7);
  const mm = t.mm;
  const fields = [
    t.pid, `(${t.comm})`, t.state === 'X' ? 'X' : t.state, t.parent?.pid ?? 0, t.pgid, t.sid, ttyNr(t), -1, t.kthread ? 0x208040 : 0x400000,
    t.min_flt, 0, t.maj_flt, 0, ticks(t.utime), ticks(t.stime), 0, 0, 20 + t.nice, t.nice, 1, 0,
    ticks(t.start_time), mm ? mm.totalVm : 0, mm ? mm.rssAnon + mm.rssFile : 0, '18446744073709551615',
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, t.cpu, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, t.alive ? 0 : t.exitStatus,
  ];
  return fields.join(' ') + '\n';
}

/**
 * tty_nr: the controlling terminal as new_encode_dev() encodes it. Simulated tasks have no
 * session leader bookkeeping, so it is the terminal behind stdin/stdout/stderr, if any.
 */
function ttyNr(t: Task): number {
  for (const fd of [0, 1, 2]) {
    const rdev = t.files.get(fd)?.inode.rdev;
    if (rdev !== undefined && major(rdev) === 136) {
      const mi = minor(rdev);
      return (mi & 0xff) | (136 << 8) | ((mi & ~0xff) << 12);
    }
  }
  return 0;
}

/**
 * /proc/<pid>/statm (fs/proc/task_mmu.c task_statm): size resident shared text lib data dt, in
 * pages. Every mapping of the simulation is anonymous or a device's, so text is 0 and data is
 * the whole size; shared is the file-backed resident pages (the mmapped profiler buffer).
 */
export function pidStatm(t: Task): string {
  const mm = t.mm;
  if (!mm) return '0 0 0 0 0 0 0\n';
  const size = Math.floor(mm.totalVm / PAGE_SIZE);
  return `${size} ${mm.rssAnon + mm.rssFile} ${mm.rssFile} 0 0 ${size} 0\n`;
}

/**
 * /proc/cpuinfo (arch/x86/kernel/cpu/proc.c show_cpuinfo), one block per CPU of the machine. The
 * course VMs ran under KVM, so the CPUs are QEMU's kvm64 model as such a guest reports it: one
 * socket with one core per CPU, no SMT, the "hypervisor" flag set.
 */
export function cpuinfo(ncpus: number): string {
  const flags = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm ' +
    'constant_tsc nopl xtopology cpuid tsc_known_freq pni cx16 x2apic hypervisor lahf_lm cpuid_fault pti';
  let text = '';
  for (let i = 0; i < ncpus; i++) {
    text += [
      `processor\t: ${i}`, 'vendor_id\t: GenuineIntel', 'cpu family\t: 15', 'model\t\t: 6', 'model name\t: Common KVM processor',
      'stepping\t: 1', 'microcode\t: 0x1', 'cpu MHz\t\t: 2399.998', 'cache size\t: 16384 KB', 'physical id\t: 0',
      `siblings\t: ${ncpus}`, `core id\t\t: ${i}`, `cpu cores\t: ${ncpus}`, `apicid\t\t: ${i}`, `initial apicid\t: ${i}`,
      'fpu\t\t: yes', 'fpu_exception\t: yes', 'cpuid level\t: 13', 'wp\t\t: yes', `flags\t\t: ${flags}`,
      'bugs\t\t: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs itlb_multihit', 'bogomips\t: 4799.99',
      'clflush size\t: 64', 'cache_alignment\t: 128', 'address sizes\t: 40 bits physical, 48 bits virtual', 'power management:', '', '',
    ].join('\n');
  }
  return text;
}

function pidStatus(t: Task): string {
  const names: Record<string, string> = { R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', T: 'T (stopped)', Z: 'Z (zombie)', X: 'X (dead)' };
  const mm = t.mm;
  const lines = [
    `Name:\t${t.comm}`, `State:\t${names[t.state]}`, `Tgid:\t${t.pid}`, `Pid:\t${t.pid}`, `PPid:\t${t.parent?.pid ?? 0}`,
    // the student (uid 1000) runs every user program; kernel threads are root's, as ps shows
    ...(t.kthread ? ['Uid:\t0\t0\t0\t0', 'Gid:\t0\t0\t0\t0'] : ['Uid:\t1000\t1000\t1000\t1000', 'Gid:\t1000\t1000\t1000\t1000']),
  ];
  if (mm) {
    lines.push(`VmSize:\t${kb(mm.totalVm / PAGE_SIZE)}`, `VmHWM:\t${kb(mm.hiwaterRss)}`, `VmRSS:\t${kb(mm.rssAnon + mm.rssFile)}`,
      `RssAnon:\t${kb(mm.rssAnon)}`, `RssFile:\t${kb(mm.rssFile)}`, `VmSwap:\t${kb(mm.swapEntries)}`);
  }
  lines.push(`Threads:\t1`, `voluntary_ctxt_switches:\t0`, `nonvoluntary_ctxt_switches:\t0`);
  return lines.join('\n') + '\n';
}

function meminfo(k: Kernel): string {
  const s = k.memoryStats();
  const { active, inactive } = lruCounts(k, s.anonPages);
  const available = s.freePages + s.swapCachedPages;
  const rows: [string, number][] = [
    ['MemTotal', s.totalPages], ['MemFree', s.freePages], ['MemAvailable', available], ['Buffers', 0],
    ['Cached', s.swapCachedPages], ['SwapCached', s.swapCachedPages], ['Active', active], ['Inactive', inactive],
    ['Active(anon)', active], ['Inactive(anon)', inactive], ['Active(file)', 0], ['Inactive(file)', 0],
    ['SwapTotal', s.swapTotalPages], ['SwapFree', s.swapFreePages], ['Dirty', 0], ['Writeback', s.writebackPages],
    ['AnonPages', s.anonPages], ['Slab', Math.ceil(k.slabObjects / 32)], ['Committed_AS', s.anonPages],
    ['VmallocTotal', 34359738367 / 4], ['VmallocUsed', s.vmallocPages], ['Unevictable', s.systemPages],
  ];
  return rows.map(([name, pages]) => `${(name + ':').padEnd(16)}${kb(pages)}\n`).join('');
}

function vmstat(k: Kernel): string {
  const s = k.memoryStats();
  const { active, inactive } = lruCounts(k, s.anonPages);
  const rows: [string, number][] = [
    ['nr_free_pages', s.freePages], ['nr_zone_inactive_anon', inactive], ['nr_zone_active_anon', active],
    ['nr_inactive_anon', inactive], ['nr_active_anon', active], ['nr_anon_pages', s.anonPages], ['nr_writeback', s.writebackPages],
    ['nr_swapcached', s.swapCachedPages], ['pgfault', k.faults.pgfault], ['pgmajfault', k.faults.pgmajfault],
    ['pswpin', k.faults.pswpin], ['pswpout', k.reclaim.pswpout], ['pgscan_kswapd', k.reclaim.pgscan],
    ['pgsteal_kswapd', k.reclaim.pgsteal], ['allocstall_movable', k.reclaim.allocstall], ['oom_kill', k.reclaim.oomKills],
    ['kswapd_runs', k.reclaim.kswapdRuns],
  ];
  return rows.map(([n, v]) => `${n} ${v}\n`).join('');
}

function stat(k: Kernel): string {
  const ticks = (ns: number) => Math.floor(ns / 1e7);
  const busy = k.sched.cpus.reduce((a, c) => a + c.busyNs, 0);
  const idle = k.sched.cpus.length * k.clock.now - busy;
  const lines = [`cpu  ${ticks(busy)} 0 0 ${ticks(Math.max(0, idle))} ${ticks(k.swapDev.busyNs)} 0 0 0 0 0`];
  for (const c of k.sched.cpus) lines.push(`cpu${c.id} ${ticks(c.busyNs)} 0 0 ${ticks(Math.max(0, k.clock.now - c.busyNs))} 0 0 0 0 0 0`);
  lines.push(`ctxt ${k.sched.nrSwitches}`, `btime 1764100000`, `processes ${k.sched.tasks.size}`, `procs_running ${k.sched.nrRunning}`, `procs_blocked ${[...k.sched.tasks.values()].filter((t) => t.state === 'D').length}`);
  return lines.join('\n') + '\n';
}
