// vmstat(8) (procps-ng): one line of averages since boot, then one per interval:
//   vmstat [-a] [delay [count]]
// from /proc/vmstat (pswpin/pswpout: si/so), /proc/meminfo and /proc/stat (r, b, cs, CPU split).
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { err, out, parseKeyValues, parseMeminfo, readFile, uptimeSeconds } from './lib';

interface Snapshot {
  up: number;
  vm: Map<string, number>;
  mem: Map<string, number>;
  cpu: number[];
  ctxt: number;
  intr: number;
  running: number;
  blocked: number;
}

function* snapshot(sys: Sys): UserCode<Snapshot> {
  const vmText = yield* readFile(sys, '/proc/vmstat');
  const memText = yield* readFile(sys, '/proc/meminfo');
  const statText = yield* readFile(sys, '/proc/stat');
  const stat = typeof statText === 'string' ? statText : '';
  const cpuLine = /^cpu\s+(.*)$/m.exec(stat);
  const num = (re: RegExp): number => Number(re.exec(stat)?.[1] ?? 0);
  return {
    up: yield* uptimeSeconds(sys),
    vm: parseKeyValues(typeof vmText === 'string' ? vmText : ''),
    mem: parseMeminfo(typeof memText === 'string' ? memText : ''),
    cpu: cpuLine ? cpuLine[1].trim().split(/\s+/).map(Number) : [],
    ctxt: num(/^ctxt (\d+)/m),
    intr: num(/^intr (\d+)/m),
    running: num(/^procs_running (\d+)/m),
    blocked: num(/^procs_blocked (\d+)/m),
  };
}

const HEAD1 = 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n';
const HEAD2 = ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n';
const HEAD2A = ' r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st\n';

function line(cur: Snapshot, prev: Snapshot | undefined, active: boolean): string {
  const d = (k: string): number => (cur.vm.get(k) ?? 0) - (prev?.vm.get(k) ?? 0);
  const m = (k: string): number => cur.mem.get(k) ?? 0;
  // procps-ng: the first line averages since boot over the CPU ticks in /proc/stat (USER_HZ
  // 100; at least 1, so a machine that just booted shows no absurd rates); later lines divide the
  // deltas by the interval.
  const bootTicks = Math.max(1, cur.cpu.reduce((a, b) => a + b, 0));
  const seconds = prev ? Math.max(1e-9, cur.up - prev.up) : 0;
  const rate = (v: number): number => Math.max(0, prev ? Math.round(v / seconds) : Math.floor((v * 100 + Math.floor(bootTicks / 2)) / bootTicks));
  const si = rate(d('pswpin') * 4);
  const so = rate(d('pswpout') * 4);
  const bi = rate(cur.vm.has('pgpgin') ? d('pgpgin') : d('pswpin') * 4);
  const bo = rate(cur.vm.has('pgpgout') ? d('pgpgout') : d('pswpout') * 4);
  const cpu = cur.cpu.map((v, i) => v - (prev?.cpu[i] ?? 0));
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu;
  const sum = user + nice + system + idle + iowait + irq + softirq + steal;
  const pct = (v: number): number => (sum > 0 ? Math.round((100 * v) / sum) : 0);
  const us = pct(user + nice);
  const sy = pct(system + irq + softirq);
  const wa = pct(iowait);
  const st = pct(steal);
  const id = sum > 0 ? Math.max(0, 100 - us - sy - wa - st) : 100;
  const f = (v: number, w: number): string => String(v).padStart(w);
  const swpd = m('SwapTotal') - m('SwapFree');
  const third = active ? [m('Inactive'), m('Active')] : [m('Buffers'), m('Cached') + m('SReclaimable')];
  return `${f(cur.running, 2)} ${f(cur.blocked, 2)} ${f(swpd, 6)} ${f(m('MemFree'), 6)} ${f(third[0], 6)} ${f(third[1], 6)} ` +
    `${f(si, 4)} ${f(so, 4)} ${f(bi, 5)} ${f(bo, 5)} ${f(rate(cur.intr - (prev?.intr ?? 0)), 4)} ${f(rate(cur.ctxt - (prev?.ctxt ?? 0)), 4)} ` +
    `${f(us, 2)} ${f(sy, 2)} ${f(id, 2)} ${f(wa, 2)} ${f(st, 2)}\n`;
}

export const vmstat: Program = function* (sys, argv) {
  let active = false;
  const nums: number[] = [];
  for (const a of argv.slice(1)) {
    if (a === '-a' || a === '--active') active = true;
    else if (a === '-n' || a === '--one-header' || a === '-w' || a === '--wide') continue;
    else if (/^\d+$/.test(a)) nums.push(Number(a));
    else {
      yield* err(sys, a.startsWith('-') ? `vmstat: invalid option -- '${a.slice(1, 2)}'\n` : `vmstat: Invalid argument: '${a}'\n`);
      yield* err(sys, '\nUsage:\n vmstat [options] [delay [count]]\n\nFor more details see vmstat(8).\n');
      return 1;
    }
  }
  const [delay, count] = nums;
  if (delay === 0) {
    yield* err(sys, 'vmstat: delay must be positive integer\n');
    return 1;
  }
  yield* out(sys, HEAD1 + (active ? HEAD2A : HEAD2));
  let prev: Snapshot | undefined;
  for (let n = 0; ; n++) {
    const cur = yield* snapshot(sys);
    yield* out(sys, line(cur, prev, active));
    prev = cur;
    if (delay === undefined || (count !== undefined && n + 1 >= count)) return 0;
    yield* sys.nanosleep(delay * 1e9);
  }
};
