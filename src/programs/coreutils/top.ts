// top(1) (procps-ng 3.3.17), from /proc only:
//   top -b [-n N] [-d SECS]   batch mode: frames one after the other, a blank line between them
//   top [-n N] [-d SECS]      on a terminal: the screen is cleared and redrawn every SECS (3.0)
//   -p PID,...  only those tasks   -u USER  only that user's   -o FIELD  sort field (+/- order)
//   -c command lines   -i hide idle tasks
// The summary is procps' (uptime line, Tasks, %Cpu(s) from /proc/stat deltas — since boot in the
// first frame, as top prints it —, MiB Mem and MiB Swap from /proc/meminfo computed like free),
// then PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND sorted by %CPU. A task's %CPU is
// its CPU ticks over the interval (in the first frame, over the 0.15 s top waits at startup,
// LIB_USLEEP), per CPU (Irix mode), as top computes it.
//
// Quitting: real top reads keys between frames with a timeout (select). The simulated tty has
// neither VMIN/VTIME nor non-blocking reads, so this top reads no keys: ^C ends it (q does not).
// The terminal modes are left as they are — a program killed by ^C cannot restore them here
// (signal(2) offers only "default" and "ignore") — so the tty's own echo of ^C ends the last
// frame's line, and the shell puts its prompt below.
import { strerror } from '../../kernel/errno';
import { TCGETS, TIOCGWINSZ, type Program, type Sys, type UserCode, type WinSize } from '../../kernel/uapi';
import { err, listPids, out, parseMeminfo, readFile, uptimeSeconds } from './lib';
import { readProc } from './ps';
import { USERS, userOf } from './sysinfo';
import { uptimeLine } from './uptime';

const USAGE = '  top -hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w [cols]';
/** procps' LIB_USLEEP: the priming wait before the first frame. */
const PRIME_NS = 150_000_000;

export interface TopTask {
  pid: number;
  user: string;
  uid: number;
  priority: number;
  nice: number;
  virtKb: number;
  resKb: number;
  shrKb: number;
  state: string;
  /** utime + stime in clock ticks (USER_HZ 100) */
  ticks: number;
  comm: string;
  args: string;
}

interface Sample {
  /** seconds since boot (/proc/uptime) */
  up: number;
  /** the cpu line of /proc/stat: user nice system idle iowait irq softirq steal */
  cpu: number[];
  tasks: TopTask[];
  mem: Map<string, number>;
}

function* readTask(sys: Sys, pid: number): UserCode<TopTask | undefined> {
  const p = yield* readProc(sys, pid);
  if (!p) return undefined;
  const statm = yield* readFile(sys, `/proc/${pid}/statm`);
  const pages = typeof statm === 'string' ? statm.trim().split(/\s+/).map(Number) : [];
  const u = userOf(p.kthread);
  return {
    pid, user: u.name, uid: u.uid, priority: p.priority, nice: p.nice,
    virtKb: (pages[0] ?? Math.floor(p.vsizeBytes / 4096)) * 4, resKb: (pages[1] ?? p.rssPages) * 4, shrKb: (pages[2] ?? 0) * 4,
    state: p.state, ticks: p.ticks, comm: p.comm, args: p.args,
  };
}

function* sample(sys: Sys, only: number[] | undefined): UserCode<Sample> {
  const stat = yield* readFile(sys, '/proc/stat');
  const cpuLine = typeof stat === 'string' ? /^cpu\s+(.*)$/m.exec(stat) : null;
  const mem = yield* readFile(sys, '/proc/meminfo');
  const pids = only ?? (yield* listPids(sys));
  const tasks: TopTask[] = [];
  if (typeof pids !== 'number') {
    for (const pid of pids) {
      const t = yield* readTask(sys, pid);
      if (t) tasks.push(t);
    }
  }
  return {
    up: yield* uptimeSeconds(sys),
    cpu: cpuLine ? cpuLine[1].trim().split(/\s+/).map(Number) : [],
    tasks,
    mem: parseMeminfo(typeof mem === 'string' ? mem : ''),
  };
}

/** scale_mem(): KiB as an integer if it fits the column, else MiB, GiB... with top's suffixes. */
export function scaleMem(kb: number, width: number): string {
  const s = String(Math.round(kb));
  if (s.length <= width) return s.padStart(width);
  let v = kb;
  for (const [sfx, digits] of [['m', 1], ['g', 3], ['t', 3], ['p', 3], ['e', 3]] as const) {
    v /= 1024;
    const t = `${v.toFixed(digits)}${sfx}`;
    if (t.length <= width) return t.padStart(width);
  }
  return '?'.padStart(width);
}

/** scale_pcnt(): one decimal if it fits, else none. */
function scalePcnt(v: number, width: number): string {
  const s = v.toFixed(1);
  return (s.length <= width ? s : v.toFixed(0)).padStart(width);
}

/** TIME+: minutes:seconds.hundredths of the ticks. */
export function timePlus(ticks: number): string {
  const cc = ticks % 100;
  const secs = Math.floor(ticks / 100);
  return `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}.${String(cc).padStart(2, '0')}`;
}

/** The four-number summary values in MiB, as top's prT(): "%#.1f " right-aligned in 9, '+' when too wide. */
function mib(kb: number): string {
  const s = `${(kb / 1024).toFixed(1)} `.padStart(9);
  return s.length > 9 ? `${s.slice(0, 8)}+` : s;
}

type SortKey = 'PID' | 'USER' | 'PR' | 'NI' | 'VIRT' | 'RES' | 'SHR' | 'S' | '%CPU' | '%MEM' | 'TIME+' | 'TIME' | 'COMMAND';
const SORT_KEYS: readonly SortKey[] = ['PID', 'USER', 'PR', 'NI', 'VIRT', 'RES', 'SHR', 'S', '%CPU', '%MEM', 'TIME+', 'TIME', 'COMMAND'];

export interface TopOptions {
  sortKey: SortKey;
  /** true: high to low (top's default) */
  descending: boolean;
  commandLines: boolean;
  hideIdle: boolean;
  uid?: number;
}

/** One frame's lines, from the previous sample (for the rates) and the current one. */
export function frameLines(prevCpu: number[], prev: Sample, cur: Sample, header: string, o: TopOptions): string[] {
  const lines = [`top -${header}`];
  const count = (states: string): number => cur.tasks.filter((t) => states.includes(t.state)).length;
  const n3 = (v: number): string => String(v).padStart(3);
  lines.push(`Tasks: ${n3(cur.tasks.length)} total, ${n3(count('R'))} running, ${n3(count('SDI'))} sleeping, ${n3(count('Tt'))} stopped, ${n3(count('Z'))} zombie`);
  const d = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Math.max(0, (cur.cpu[i] ?? 0) - (prevCpu[i] ?? 0)));
  let total = d.reduce((a, b) => a + b, 0);
  if (total < 1) {
    total = 1;
    d[3] = 1;
  }
  const pct = (v: number): string => ((v * 100) / total).toFixed(1).padStart(5);
  const [us, ni, sy, id, wa, hi, si, st] = d;
  lines.push(`%Cpu(s):${pct(us)} us,${pct(sy)} sy,${pct(ni)} ni,${pct(id)} id,${pct(wa)} wa,${pct(hi)} hi,${pct(si)} si,${pct(st)} st`);
  const m = (k: string): number => cur.mem.get(k) ?? 0;
  const memTotal = m('MemTotal');
  const buffCache = m('Buffers') + m('Cached') + m('SReclaimable');
  let used = memTotal - m('MemFree') - buffCache;
  if (used < 0) used = memTotal - m('MemFree');
  lines.push(`MiB Mem : ${mib(memTotal)}total, ${mib(m('MemFree'))}free, ${mib(used)}used, ${mib(buffCache)}buff/cache`);
  lines.push(`MiB Swap: ${mib(m('SwapTotal'))}total, ${mib(m('SwapFree'))}free, ${mib(m('SwapTotal') - m('SwapFree'))}used. ${mib(m('MemAvailable'))}avail Mem`);
  lines.push('');
  lines.push('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');

  const et = Math.max(0.005, cur.up - prev.up);
  const before = new Map(prev.tasks.map((t) => [t.pid, t.ticks]));
  const rows = cur.tasks.map((t) => {
    const dticks = Math.max(0, t.ticks - (before.get(t.pid) ?? 0));
    const cpu = Math.min(100, dticks / et);
    const mem = memTotal > 0 ? (t.resKb * 100) / memTotal : 0;
    return { t, dticks, cpu, mem };
  }).filter((r) => !o.hideIdle || r.dticks > 0);
  const value = (r: (typeof rows)[number]): number | string => {
    switch (o.sortKey) {
      case 'PID': return r.t.pid;
      case 'USER': return r.t.user;
      case 'PR': return r.t.priority;
      case 'NI': return r.t.nice;
      case 'VIRT': return r.t.virtKb;
      case 'RES': return r.t.resKb;
      case 'SHR': return r.t.shrKb;
      case 'S': return r.t.state;
      case '%CPU': return r.dticks;
      case '%MEM': return r.t.resKb;
      case 'TIME+': case 'TIME': return r.t.ticks;
      case 'COMMAND': return o.commandLines ? r.t.args : r.t.comm;
    }
  };
  rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return (o.descending ? -c : c) || a.t.pid - b.t.pid;
  });
  for (const { t, cpu, mem } of rows) {
    const user = t.user.length > 8 ? `${t.user.slice(0, 7)}+` : t.user.padEnd(8);
    const pr = t.priority < -99 || t.priority > 999 ? 'rt' : String(t.priority);
    lines.push(`${String(t.pid).padStart(7)} ${user} ${pr.padStart(3)} ${String(t.nice).padStart(3)} ${scaleMem(t.virtKb, 7)} ${scaleMem(t.resKb, 6)} ` +
      `${scaleMem(t.shrKb, 6)} ${t.state} ${scalePcnt(cpu, 5)} ${scalePcnt(mem, 5)} ${timePlus(t.ticks).padStart(9)} ${o.commandLines ? t.args : t.comm}`);
  }
  return lines;
}

function* fatal(sys: Sys, message: string): UserCode<number> {
  yield* err(sys, `top: ${message}\n`);
  return 1;
}

function* sleepNs(sys: Sys, ns: number): UserCode<void> {
  const deadline = (yield* sys.clock_gettime()) + ns;
  for (;;) {
    const now = yield* sys.clock_gettime();
    if (now >= deadline || (yield* sys.nanosleep(deadline - now)) === 0) return;
  }
}

export const top: Program = function* (sys, argv) {
  let batch = false;
  let delay = 3;
  let iterations = Infinity;
  let pids: number[] | undefined;
  const o: TopOptions = { sortKey: '%CPU', descending: true, commandLines: false, hideIdle: false };
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      yield* err(sys, `top: unknown option '${a[0] ?? ''}'\nUsage:\n${USAGE}\n`);
      return 1;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if ('dnpoUu'.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return yield* fatal(sys, `-${c} requires argument`);
        if (c === 'd') {
          if (!/^(\d+\.?\d*|\.\d+)$/.test(v)) return yield* fatal(sys, `bad delay interval '${v}'`);
          delay = Number(v);
        } else if (c === 'n') {
          if (!/^\d+$/.test(v)) return yield* fatal(sys, `bad iterations argument '${v}'`);
          iterations = Math.max(1, Number(v));
        } else if (c === 'p') {
          for (const x of v.split(',')) {
            if (!/^\d+$/.test(x) || Number(x) === 0) return yield* fatal(sys, `bad pid '${x}'`);
            (pids ??= []).push(Number(x));
          }
          if (pids!.length > 20) return yield* fatal(sys, 'pid limit (20) exceeded');
        } else if (c === 'o') {
          const dir = v[0] === '+' || v[0] === '-' ? v[0] : '';
          const name = (dir ? v.slice(1) : v).toUpperCase() as SortKey;
          if (!SORT_KEYS.includes(name)) return yield* fatal(sys, `unrecognized field name '${dir ? v.slice(1) : v}'`);
          o.sortKey = name;
          o.descending = dir !== '-';
        } else {
          const u = USERS.find((x) => x.name === v || String(x.uid) === v);
          if (!u) return yield* fatal(sys, 'Invalid user');
          o.uid = u.uid;
        }
        break;
      }
      if (c === 'b') batch = true;
      else if (c === 'c') o.commandLines = true;
      else if (c === 'i') o.hideIdle = true;
      else if (c === 'h' || c === 'v') {
        yield* out(sys, `  procps-ng 3.3.17\nUsage:\n${USAGE}\n`);
        return 0;
      } else {
        yield* err(sys, `top: unknown option '${c}'\nUsage:\n${USAGE}\n`);
        return 1;
      }
    }
  }
  if (!batch && typeof (yield* sys.ioctl(1, TCGETS)) !== 'object') return yield* fatal(sys, 'failed tty get');
  const filter = (s: Sample): Sample => (o.uid === undefined ? s : { ...s, tasks: s.tasks.filter((t) => t.uid === o.uid) });
  let prev = filter(yield* sample(sys, pids));
  yield* sleepNs(sys, PRIME_NS);
  let prevCpu: number[] = [];
  for (let frame = 0; frame < iterations; frame++) {
    if (frame > 0) yield* sleepNs(sys, Math.round(delay * 1e9));
    const cur = filter(yield* sample(sys, pids));
    const header = yield* uptimeLine(sys);
    const lines = frameLines(prevCpu, prev, cur, header, o);
    prev = cur;
    prevCpu = cur.cpu;
    let text: string;
    if (batch) text = (frame > 0 ? '\n\n' : '') + lines.join('\n');
    else {
      // the screen (asked each time: the window may have been resized): as many lines as it has,
      // each cut to its width, the column header in reverse video
      const ws = yield* sys.ioctl(1, TIOCGWINSZ);
      const size: WinSize = typeof ws === 'object' && 'rows' in ws ? ws : { rows: 24, cols: 80 };
      const shown = lines.slice(0, Math.max(1, size.rows)).map((l, i) => {
        const cut = [...l].slice(0, size.cols).join('');
        return i === 6 ? `\x1b[7m${cut.padEnd(size.cols)}\x1b[m` : `${cut}\x1b[K`;
      });
      text = `${frame === 0 ? '\x1b[H\x1b[2J' : '\x1b[H'}${shown.join('\n')}\x1b[J`;
    }
    const w = yield* out(sys, text);
    if (w < 0) return yield* fatal(sys, `write error: ${strerror(w)}`);
  }
  yield* out(sys, '\n');
  return 0;
};
