// ps(1) (procps-ng): reads /proc/<pid>/stat and cmdline like the real one.
//   ps                 processes of this session:  "    PID TTY          TIME CMD"
//   ps -e / -A         every process;  -f full format;  -l long format
//   ps aux (BSD)       "USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND"
//   ps -o pid,min_flt,maj_flt,comm [-p PID,...]   user-defined columns
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { TIOCGPGRP } from '../../kernel/uapi';
import { bootTime, clockTime, err, listPids, out, parseMeminfo, parseProcStat, readFile, uptimeSeconds } from './lib';

export interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  sid: number;
  comm: string;
  state: string;
  flags: number;
  minflt: number;
  majflt: number;
  /** utime + stime in clock ticks (USER_HZ = 100) */
  ticks: number;
  priority: number;
  nice: number;
  /** start time in ticks since boot */
  start: number;
  vsizeBytes: number;
  rssPages: number;
  cpu: number;
  args: string;
  kthread: boolean;
  /** tty_nr of /proc/<pid>/stat (the kernel's new_encode_dev of the controlling terminal), 0 for none */
  ttyNr: number;
}

const PF_KTHREAD = 0x00200000;

export function* readProc(sys: Sys, pid: number): UserCode<Proc | undefined> {
  const text = yield* readFile(sys, `/proc/${pid}/stat`);
  if (typeof text === 'number') return undefined;
  const st = parseProcStat(text);
  if (!st) return undefined;
  const n = (i: number): number => Number(st.fields[i] ?? 0) || 0;
  const kthread = (n(9) & PF_KTHREAD) !== 0;
  let args = '';
  const cmd = yield* readFile(sys, `/proc/${pid}/cmdline`);
  if (typeof cmd === 'string') args = cmd.split('\0').filter((x, i, a) => x !== '' || i < a.length - 1).join(' ').trim();
  if (args === '') args = `[${st.comm}]`;
  return {
    pid, ppid: n(4), pgrp: n(5), sid: n(6), comm: st.comm, state: st.state, flags: n(9), minflt: n(10), majflt: n(12),
    ticks: n(14) + n(15), priority: n(18), nice: n(19), start: n(22), vsizeBytes: n(23), rssPages: n(24), cpu: n(39), args, kthread,
    ttyNr: n(7),
  };
}

type Align = 'left' | 'right';
interface Column {
  header: string;
  align: Align;
  value: (p: Proc) => string;
  /** minimum width (procps' default widths) */
  width?: number;
}

function cputime(ticks: number): string {
  const s = Math.floor(ticks / 100);
  const days = Math.floor(s / 86400);
  const hms = `${String(Math.floor((s % 86400) / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return days ? `${days}-${hms}` : hms;
}

function bsdTime(ticks: number): string {
  const s = Math.floor(ticks / 100);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function etime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (d) return `${d}-${String(h).padStart(2, '0')}:${mmss}`;
  if (h) return `${String(h).padStart(2, '0')}:${mmss}`;
  return mmss;
}

/** procps' dev_to_tty for the terminals the lab has: pts/N (major 136), otherwise ?. */
function ttyName(ttyNr: number): string {
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  return major === 136 ? `pts/${minor}` : '?';
}

interface Env {
  uptime: number;
  boot: number;
  memTotalKb: number;
  fgPgrp: number;
}

function columnFor(name: string, env: Env): Column | undefined {
  const tty = (p: Proc): string => ttyName(p.ttyNr);
  const user = (p: Proc): string => (p.kthread ? 'root' : 'student');
  const pcpu = (p: Proc): string => {
    const elapsed = env.uptime - p.start / 100;
    return elapsed > 0 ? Math.min(999, (p.ticks / 100 / elapsed) * 100).toFixed(1) : '0.0';
  };
  const pmem = (p: Proc): string => (env.memTotalKb > 0 ? ((p.rssPages * 4 * 100) / env.memTotalKb).toFixed(1) : '0.0');
  const stat = (p: Proc): string => {
    let s = p.state;
    if (p.nice < 0) s += '<';
    else if (p.nice > 0) s += 'N';
    if (p.sid === p.pid && !p.kthread) s += 's';
    if (!p.kthread && p.pgrp === env.fgPgrp) s += '+';
    return s;
  };
  const cols: Record<string, Column> = {
    pid: { header: 'PID', align: 'right', value: (p) => String(p.pid), width: 7 },
    ppid: { header: 'PPID', align: 'right', value: (p) => String(p.ppid), width: 7 },
    pgid: { header: 'PGID', align: 'right', value: (p) => String(p.pgrp), width: 7 },
    pgrp: { header: 'PGRP', align: 'right', value: (p) => String(p.pgrp), width: 7 },
    sid: { header: 'SID', align: 'right', value: (p) => String(p.sid), width: 7 },
    sess: { header: 'SESS', align: 'right', value: (p) => String(p.sid), width: 7 },
    tty: { header: 'TT', align: 'left', value: tty, width: 8 },
    tname: { header: 'TTY', align: 'left', value: tty, width: 8 },
    time: { header: 'TIME', align: 'right', value: (p) => cputime(p.ticks), width: 8 },
    cputime: { header: 'TIME', align: 'right', value: (p) => cputime(p.ticks), width: 8 },
    etime: { header: 'ELAPSED', align: 'right', value: (p) => etime(env.uptime - p.start / 100), width: 11 },
    comm: { header: 'COMMAND', align: 'left', value: (p) => p.comm },
    ucmd: { header: 'CMD', align: 'left', value: (p) => p.comm },
    cmd: { header: 'CMD', align: 'left', value: (p) => p.args },
    args: { header: 'COMMAND', align: 'left', value: (p) => p.args },
    command: { header: 'COMMAND', align: 'left', value: (p) => p.args },
    s: { header: 'S', align: 'left', value: (p) => p.state },
    state: { header: 'S', align: 'left', value: (p) => p.state },
    stat: { header: 'STAT', align: 'left', value: stat, width: 4 },
    ni: { header: 'NI', align: 'right', value: (p) => String(p.nice), width: 3 },
    nice: { header: 'NI', align: 'right', value: (p) => String(p.nice), width: 3 },
    pri: { header: 'PRI', align: 'right', value: (p) => String(p.priority + 60), width: 3 },
    min_flt: { header: 'MINFL', align: 'right', value: (p) => String(p.minflt), width: 5 },
    minflt: { header: 'MINFL', align: 'right', value: (p) => String(p.minflt), width: 5 },
    maj_flt: { header: 'MAJFL', align: 'right', value: (p) => String(p.majflt), width: 5 },
    majflt: { header: 'MAJFL', align: 'right', value: (p) => String(p.majflt), width: 5 },
    rss: { header: 'RSS', align: 'right', value: (p) => String(p.rssPages * 4), width: 5 },
    rssize: { header: 'RSS', align: 'right', value: (p) => String(p.rssPages * 4), width: 5 },
    vsz: { header: 'VSZ', align: 'right', value: (p) => String(Math.floor(p.vsizeBytes / 1024)), width: 6 },
    sz: { header: 'SZ', align: 'right', value: (p) => String(Math.ceil(p.vsizeBytes / 4096)), width: 5 },
    '%cpu': { header: '%CPU', align: 'right', value: pcpu, width: 4 },
    pcpu: { header: '%CPU', align: 'right', value: pcpu, width: 4 },
    '%mem': { header: '%MEM', align: 'right', value: pmem, width: 4 },
    pmem: { header: '%MEM', align: 'right', value: pmem, width: 4 },
    user: { header: 'USER', align: 'left', value: user, width: 8 },
    uid: { header: 'UID', align: 'right', value: (p) => (p.kthread ? '0' : '1000'), width: 5 },
    psr: { header: 'PSR', align: 'right', value: (p) => String(p.cpu), width: 3 },
    c: { header: 'C', align: 'right', value: (p) => String(Math.floor(Number(pcpu(p)))), width: 2 },
    stime: { header: 'STIME', align: 'left', value: (p) => clockTime((env.boot + p.start / 100) * 1000).slice(0, 5), width: 5 },
    start: { header: 'START', align: 'right', value: (p) => clockTime((env.boot + p.start / 100) * 1000).slice(0, 5), width: 5 },
    f: { header: 'F', align: 'right', value: (p) => String(p.kthread ? 1 : 0), width: 1 },
    wchan: { header: 'WCHAN', align: 'left', value: (p) => (p.state === 'R' ? '-' : '-'), width: 6 },
  };
  return cols[name];
}

function render(cols: Array<{ col: Column; header: string }>, procs: Proc[]): string {
  const rows = procs.map((p) => cols.map((c) => c.col.value(p)));
  const showHeader = cols.some((c) => c.header !== '');
  const widths = cols.map((c, i) => Math.max(c.col.width ?? 0, c.header.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]): string => cells.map((v, i) => {
    const last = i === cells.length - 1;
    if (cols[i].col.align === 'right') return v.padStart(widths[i]);
    return last ? v : v.padEnd(widths[i]);
  }).join(' ').replace(/\s+$/, '');
  let text = showHeader ? `${fmt(cols.map((c) => c.header))}\n` : '';
  for (const r of rows) text += `${fmt(r)}\n`;
  return text;
}

const USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

export const ps: Program = function* (sys, argv) {
  let all = false;
  let full = false;
  let long = false;
  let bsd = '';
  let format: string[] | undefined;
  let pidList: number[] | undefined;
  let commands: string[] | undefined;
  // "-eo pid,comm", "-ep 12": flag letters followed by an option that takes a value
  const args = argv.slice(1).flatMap((a) => {
    const m = /^-([eAflaxuwH]+)([opC].*)$/.exec(a);
    return m ? [`-${m[1]}`, `-${m[2]}`] : [a];
  });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o' || a === '--format' || a === '-p' || a === '--pid' || a === '-C' || a === '-q') {
      const v = args[++i];
      if (v === undefined) {
        yield* err(sys, `error: ${a === '-o' ? 'format specification must follow -o' : 'list of process IDs must follow -p'}\n${USAGE}`);
        return 1;
      }
      if (a === '-o' || a === '--format') format = [...(format ?? []), ...v.split(/[,\s]+/).filter(Boolean)];
      else if (a === '-C') commands = v.split(',');
      else {
        const ids = v.split(/[,\s]+/).filter(Boolean);
        if (!ids.every((x) => /^\d+$/.test(x))) {
          yield* err(sys, `error: process ID list syntax error\n${USAGE}`);
          return 1;
        }
        pidList = [...(pidList ?? []), ...ids.map(Number)];
      }
    } else if (a.startsWith('-o') && a.length > 2) {
      format = [...(format ?? []), ...a.slice(2).split(',')];
    } else if (a.startsWith('-p') && a.length > 2) {
      pidList = [...(pidList ?? []), ...a.slice(2).split(',').map(Number)];
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'e' || c === 'A') all = true;
        else if (c === 'f') full = true;
        else if (c === 'l') long = true;
        else if (c === 'a' || c === 'x' || c === 'u' || c === 'w' || c === 'H') {
          if (c === 'a') all = true;
        } else {
          yield* err(sys, `error: unsupported SysV option\n${USAGE}`);
          return 1;
        }
      }
    } else if (/^\d+(,\d+)*$/.test(a)) {
      pidList = [...(pidList ?? []), ...a.split(',').map(Number)];
    } else if (/^[auxwfhe]+$/.test(a)) {
      bsd += a;
    } else {
      yield* err(sys, `error: garbage option\n${USAGE}`);
      return 1;
    }
  }
  const env: Env = { uptime: yield* uptimeSeconds(sys), boot: yield* bootTime(sys), memTotalKb: 0, fgPgrp: 0 };
  const mem = yield* readFile(sys, '/proc/meminfo');
  if (typeof mem === 'string') env.memTotalKb = parseMeminfo(mem).get('MemTotal') ?? 0;
  const fg = yield* sys.ioctl(0, TIOCGPGRP);
  if (typeof fg === 'number' && fg > 0) env.fgPgrp = fg;
  const pids = yield* listPids(sys);
  if (typeof pids === 'number') {
    yield* err(sys, 'Error, do this: mount -t proc proc /proc\n');
    return 1;
  }
  const me = yield* sys.getpid();
  const procs: Proc[] = [];
  for (const pid of pids) {
    const p = yield* readProc(sys, pid);
    if (p) procs.push(p);
  }
  const self = procs.find((p) => p.pid === me);
  let selected: Proc[];
  if (pidList) selected = procs.filter((p) => pidList!.includes(p.pid));
  else if (commands) selected = procs.filter((p) => commands!.includes(p.comm));
  else if (all || bsd.includes('x') || (bsd.includes('a') && bsd.includes('x'))) selected = procs;
  else if (bsd.includes('a')) selected = procs.filter((p) => !p.kthread);
  else if (bsd !== '') selected = procs.filter((p) => !p.kthread && (self ? p.sid === self.sid : true));
  else selected = procs.filter((p) => !p.kthread && (self ? p.sid === self.sid : true));
  let names: string[];
  if (format) names = format;
  else if (bsd.includes('u')) names = ['user', 'pid', '%cpu', '%mem', 'vsz', 'rss', 'tname', 'stat', 'start', 'bsdtime', 'args'];
  else if (bsd !== '') names = ['pid', 'tname', 'stat', 'bsdtime', 'args'];
  else if (full && long) names = ['f', 's', 'user', 'pid', 'ppid', 'c', 'pri', 'ni', 'addr', 'sz', 'wchan', 'stime', 'tname', 'time', 'cmd'];
  else if (full) names = ['uidname', 'pid', 'ppid', 'c', 'stime', 'tname', 'time', 'cmd'];
  else if (long) names = ['f', 's', 'uid', 'pid', 'ppid', 'c', 'pri', 'ni', 'addr', 'sz', 'wchan', 'tname', 'time', 'ucmd'];
  else names = ['pid', 'tname', 'time', 'ucmd'];
  const cols: Array<{ col: Column; header: string }> = [];
  for (const spec of names) {
    const eq = spec.indexOf('=');
    const key = (eq >= 0 ? spec.slice(0, eq) : spec).toLowerCase();
    let col: Column | undefined;
    if (key === 'bsdtime') col = { header: 'TIME', align: 'right', value: (p) => bsdTime(p.ticks), width: 6 };
    else if (key === 'uidname') col = { header: 'UID', align: 'left', value: (p) => (p.kthread ? 'root' : 'student'), width: 8 };
    else if (key === 'addr') col = { header: 'ADDR', align: 'right', value: () => '-', width: 4 };
    else col = columnFor(key, env);
    if (!col) {
      yield* err(sys, `error: unknown user-defined format specifier "${key}"\n${USAGE}`);
      return 1;
    }
    cols.push({ col, header: eq >= 0 ? spec.slice(eq + 1) : col.header });
  }
  yield* out(sys, render(cols, selected));
  return selected.length === 0 && (pidList || commands) ? 1 : 0;
};

/** pidof(8): the pids of the programs named, newest first, on one line. */
export const pidof: Program = function* (sys, argv) {
  const names = argv.slice(1).filter((a) => !a.startsWith('-'));
  const single = argv.includes('-s');
  const pids = yield* listPids(sys);
  if (typeof pids === 'number' || names.length === 0) return 1;
  const found: number[] = [];
  for (const pid of [...pids].reverse()) {
    const p = yield* readProc(sys, pid);
    if (!p || p.kthread || p.state === 'Z') continue;
    const base = p.args.split(' ')[0].split('/').pop();
    if (names.some((n) => n === p.comm || n === base || n === p.args.split(' ')[0])) found.push(pid);
  }
  if (found.length === 0) return 1;
  yield* out(sys, `${(single ? found.slice(0, 1) : found).join(' ')}\n`);
  return 0;
};
