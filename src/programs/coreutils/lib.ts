// Small "libc" helpers shared by the lab's commands and the shell: whole-buffer writes, reading a
// file or a descriptor to the end, error messages in the GNU style. Everything goes through the
// system calls of uapi.ts; nothing here touches the kernel directly.
import { strerror } from '../../kernel/errno';
import { O_RDONLY, S_IFDIR, S_IFMT, type Stat, type Sys, type UserCode } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8; `stream` keeps a split multi-byte character for the next call. */
export function decode(bytes: Uint8Array, stream = false): string {
  return decoder.decode(bytes, { stream });
}

/**
 * Writes all of `data`, looping over short writes like a careful C program. Returns the byte
 * count, or -errno of the first failing write.
 */
export function* writeAll(sys: Sys, fd: number, data: string | Uint8Array): UserCode<number> {
  const bytes = typeof data === 'string' ? encode(data) : data;
  let done = 0;
  while (done < bytes.length) {
    const n = yield* sys.write(fd, done === 0 ? bytes : bytes.subarray(done));
    if (n < 0) return n;
    if (n === 0) return done; // should not happen; avoid spinning
    done += n;
  }
  return done;
}

/** Writes to stdout; ignores errors (most small tools do, their exit status says the rest). */
export function* out(sys: Sys, text: string): UserCode<number> {
  return yield* writeAll(sys, STDOUT, text);
}

/** Writes to stderr. */
export function* err(sys: Sys, text: string): UserCode<number> {
  return yield* writeAll(sys, STDERR, text);
}

/** Reads a descriptor to end of file. Returns the bytes, or -errno. */
export function* readAllFd(sys: Sys, fd: number, limit = 64 * 1024 * 1024): UserCode<Uint8Array | number> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buf = new Uint8Array(65536);
    const n = yield* sys.read(fd, buf);
    if (n < 0) return n;
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total >= limit) break;
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  return all;
}

/** Opens, reads to the end and closes a file. Returns its text or -errno. */
export function* readFile(sys: Sys, path: string): UserCode<string | number> {
  const fd = yield* sys.open(path, O_RDONLY);
  if (fd < 0) return fd;
  const data = yield* readAllFd(sys, fd);
  yield* sys.close(fd);
  if (typeof data === 'number') return data;
  return decode(data);
}

/** `prog: what: strerror` — the usual GNU diagnostic. */
export function* perror(sys: Sys, prog: string, what: string, errno: number): UserCode<void> {
  yield* err(sys, `${prog}: ${what}: ${strerror(errno)}\n`);
}

/** GNU tools quote file names with special characters: 'a b'. */
export function quoteName(name: string): string {
  if (/^[A-Za-z0-9_./+:,@%=-]+$/.test(name)) return name;
  return `'${name.replace(/'/g, `'\\''`)}'`;
}

export function isDir(st: Stat): boolean {
  return (st.mode & S_IFMT) === S_IFDIR;
}

/** Joins a directory and a name the way a path is built in C. */
export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/')) return name;
  if (dir === '' || dir === '.') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export function basename(path: string): string {
  const p = path.replace(/\/+$/, '');
  if (p === '') return path.startsWith('/') ? '/' : '';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** What getopt() found, by letter. */
export interface ParsedOpts {
  flags: Set<string>;
  /** the last value of each option letter */
  values: Map<string, string>;
  /** every value of each option letter, in order (grep -e A -e B) */
  allValues: Map<string, string[]>;
  operands: string[];
  /** the unknown option: its letter, or the whole argument for a long one ("--foo") */
  bad?: string;
  /** the option that needed a value and had none: its letter or long name */
  missing?: string;
}

/**
 * parseGnuOptions (gnuopts.ts) summed up by letter, for commands that only ask which options
 * were given. `letters` are the flags, `withValue` the letters that take an argument ("n" for
 * `-n 5` / `-n5`); long options are given in full as `long: { name: letter }`. Parsing stops
 * at the first bad or missing option, which the command reports.
 */
export function getopt(args: readonly string[], letters: string, withValue = '', long: Record<string, string> = {}): ParsedOpts {
  const valued = (c: string): string => (withValue.includes(c) ? `${c}:` : c);
  const o = parseGnuOptions(args, {
    short: [...letters].filter((c) => !withValue.includes(c)).join('') + [...withValue].map(valued).join(''),
    long: Object.fromEntries(Object.entries(long).map(([name, c]) => [name, valued(c)])),
    exact: true,
  });
  const res: ParsedOpts = { flags: new Set(), values: new Map(), allValues: new Map(), operands: o.operands };
  for (const [c, v] of o.options) {
    if (v === undefined) res.flags.add(c);
    else {
      res.values.set(c, v);
      res.allValues.set(c, [...(res.allValues.get(c) ?? []), v]);
    }
  }
  if (o.error?.kind === 'missing') res.missing = o.error.option.replace(/^--/, '');
  else if (o.error) res.bad = o.error.option;
  return res;
}

/** The GNU "invalid option" diagnostic plus the "Try ... --help" hint. */
export function* badOption(sys: Sys, prog: string, opt: string): UserCode<number> {
  if (opt.startsWith('--')) yield* err(sys, `${prog}: unrecognized option '${opt}'\n`);
  else yield* err(sys, `${prog}: invalid option -- '${opt}'\n`);
  yield* err(sys, `Try '${prog} --help' for more information.\n`);
  return 1;
}

export function* missingOperand(sys: Sys, prog: string): UserCode<number> {
  yield* err(sys, `${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
  return 1;
}

/** Parses "/proc/<pid>/stat": fields after the parenthesised comm, numbered like proc(5) (1-based). */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  /** all fields, index i = field number i of proc(5) (fields[1] = pid, fields[2] = comm) */
  fields: string[];
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const fields = ['', String(pid), comm, ...rest];
  return { pid, comm, state: rest[0] ?? '?', fields };
}

/** Parses /proc/meminfo into kB values. */
export function parseMeminfo(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([^:]+):\s+(\d+)/.exec(line);
    if (match) m.set(match[1], Number(match[2]));
  }
  return m;
}

/** Parses key-value files such as /proc/vmstat ("pgfault 1234"). */
export function parseKeyValues(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) m.set(k, Number(v));
  }
  return m;
}

/** Numeric entries of /proc, sorted: the pids of live tasks. */
export function* listPids(sys: Sys): UserCode<number[] | number> {
  const ents = yield* sys.getdents('/proc');
  if (typeof ents === 'number') return ents;
  return ents.filter((e) => /^\d+$/.test(e.name)).map((e) => Number(e.name)).sort((a, b) => a - b);
}

/** Human-readable sizes like coreutils' -h (1024-based, one decimal below 10: 1.5G, 15G, 980M). */
export function humanSize(bytes: number, units = 'BKMGTPE', suffixB = false): string {
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const u = units[i] === 'B' ? (suffixB ? 'B' : '') : units[i];
  if (i === 0) return `${Math.round(v)}${u}`;
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    return r >= 10 ? `${Math.ceil(v)}${u}` : `${r.toFixed(1)}${u}`;
  }
  return `${Math.ceil(v)}${u}`;
}

/** HH:MM:SS of a duration in seconds. */
export function hms(totalSeconds: number): string {
  const s = Math.floor(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The simulated machine has no real-time clock: its wall clock starts at this time of day when
 * it boots (what `date`, `uptime`, `ps` START print), so runs stay deterministic.
 */
export const BOOT_TIME_OF_DAY_S = 9 * 3600;

/** Clock-of-day seconds at simulated time `ns` since boot. */
export function wallSeconds(ns: number): number {
  return BOOT_TIME_OF_DAY_S + Math.floor(ns / 1e9);
}

/** Reads /proc/uptime's first field (seconds since boot), falling back to CLOCK_MONOTONIC. */
export function* uptimeSeconds(sys: Sys): UserCode<number> {
  const t = yield* readFile(sys, '/proc/uptime');
  if (typeof t === 'string') {
    const v = Number(t.trim().split(/\s+/)[0]);
    if (Number.isFinite(v)) return v;
  }
  return (yield* sys.clock_gettime()) / 1e9;
}

/** Parses a decimal integer strictly (no trailing junk); undefined otherwise. */
export function parseIntStrict(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** /proc/stat's btime (the wall-clock boot time, Unix seconds), or a fixed fallback. */
export function* bootTime(sys: Sys): UserCode<number> {
  const t = yield* readFile(sys, '/proc/stat');
  if (typeof t === 'string') {
    const m = /^btime (\d+)$/m.exec(t);
    if (m) return Number(m[1]);
  }
  return 1764100000;
}

/** The simulated wall clock: boot time plus time since boot, in Unix milliseconds. */
export function* wallClockMs(sys: Sys): UserCode<number> {
  const boot = yield* bootTime(sys);
  const now = yield* sys.clock_gettime();
  return boot * 1000 + Math.floor(now / 1e6);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** date(1)'s default format in the C locale, UTC: "Tue Nov 25 19:46:40 UTC 2025". */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** HH:MM:SS of a wall-clock time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/**
 * PATH search + execve, as execvpe(3): the search uses the PATH of `envp`, which the program then
 * gets as its environment. Returns -errno when nothing could be executed.
 */
export function* execvp(sys: Sys, file: string, argv: readonly string[], envp: readonly string[]): UserCode<number> {
  if (file.includes('/')) return yield* sys.execve(file, argv, envp);
  let saw = -2; // ENOENT
  const path = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/bin:.';
  for (const dir of path.split(':')) {
    const r = yield* sys.execve(`${dir === '' ? '.' : dir}/${file}`, argv, envp);
    if (r === -2 || r === -20) continue;
    saw = r;
    if (r !== -13) return r;
  }
  return saw;
}

/** How a command words the failure to open or read an input (the default: `prog: name: error`). */
export type InputError = (name: string, errno: number) => string;

/**
 * Opens an input operand for reading, "-" being stdin. A failure is reported (by `openError`,
 * or as `prog: name: error`) and gives undefined. Close the descriptor unless it is STDIN.
 */
export function* openInput(sys: Sys, prog: string, name: string, openError?: InputError): UserCode<number | undefined> {
  if (name === '-') return STDIN;
  const fd = yield* sys.open(name, O_RDONLY);
  if (fd >= 0) return fd;
  if (openError) yield* err(sys, openError(name, fd));
  else yield* perror(sys, prog, name, fd);
  return undefined;
}

/**
 * Reads all of the named files (or stdin for none or "-") like cat and hands each to `each`;
 * returns 1 if an input could not be opened or read (reported as `errors` words it), else 0.
 * When `each` returns false (it could not write) the rest are not read and the status is 1.
 */
export function* forEachInput(
  sys: Sys, prog: string, files: readonly string[],
  each: (name: string, data: Uint8Array) => UserCode<void | boolean>,
  errors: { open?: InputError; read?: InputError } = {},
): UserCode<number> {
  let status = 0;
  for (const name of files.length ? files : ['-']) {
    const fd = yield* openInput(sys, prog, name, errors.open);
    if (fd === undefined) {
      status = 1;
      continue;
    }
    const data = yield* readAllFd(sys, fd);
    if (fd !== STDIN) yield* sys.close(fd);
    if (typeof data === 'number') {
      if (errors.read) yield* err(sys, errors.read(name, data));
      else yield* perror(sys, prog, name, data);
      status = 1;
      continue;
    }
    if ((yield* each(name, data)) === false) return 1;
  }
  return status;
}
