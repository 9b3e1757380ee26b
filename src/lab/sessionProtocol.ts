// THE session interface between a renderer (the extension host, `kmlab sh`) and the live machine
// (LabSession: kernel, module, programs), which runs in a worker thread or in-process. One file:
// the message types for both directions, the version, and the runtime validators. Every message
// is checked on arrival (the machine checks requests, the client checks events and replies):
// a bad one is refused with the path of the bad field and changes nothing.
//
// Conversation:
//   client → machine  request {id, type, …}     boot first; each request gets exactly one reply
//   machine → client  reply {id, ok, result|error}
//   machine → client  state                    coalesced: processes, registered PIDs, uptime…
//   machine → client  buffer                   the profiler buffer's pages that changed, as they are
//   machine → client  dmesg | ttyOutput | ttyClosed | exit | fatal     events as they happen
// Pure: no `vscode`, no Node built-ins.
import type { TaskState } from '../kernel/sched/task';
import { PAGE_SIZE } from '../kernel/config';
import { BUFFER_PAGES } from '../module/mp3_defs';
import { arr, bool, fail, int, num, obj, oneOf, parseWith, str, bytes, type ParseResult } from '../shared/validate';

/** Bumped whenever a message shape changes incompatibly. */
export const SESSION_PROTOCOL_VERSION = 1;

/** Simulated seconds per wall-clock second, or as fast as the machine can. */
export type SessionSpeed = number | 'max';
export const MAX_FINITE_SPEED = 1000;

const TASK_STATES: readonly TaskState[] = ['R', 'S', 'D', 'T', 'Z', 'X'];
const MAX_LINE = 64 * 1024;
const MAX_PATH = 4096;
const MAX_OUTPUT = 16 * 1024 * 1024;

// ───────────────────────────── data types ─────────────────────────────

export interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
  state: TaskState;
  nice: number;
  registered: boolean;
  /** Cumulative since the task started (not reset by the profiler's get_cpu_use). */
  minFlt: number;
  majFlt: number;
  cpuNs: number;
  rssPages: number;
  swapPages: number;
}

export interface ExecResult {
  /** wait status as the shell exits: 0 for success */
  status: number;
  output: string;
  /** false when the command was still running at the time limit */
  finished: boolean;
}

/** The machine as configured (what the dashboard and the status bar show). */
export interface MachineSummary {
  hz: number;
  cpus: number;
  ramMiB: number;
  swapMiB: number;
  policy: string;
  diskLatencyNs: number;
  seed: number;
}

/** What a renderer shows of the machine, posted when it changed (at most every few tens of ms). */
export interface MachineState {
  uptimeNs: number;
  jiffies: number;
  moduleLoaded: boolean;
  /** A user process other than a shell is alive. */
  busy: boolean;
  /** The machine's pacing loop is advancing simulated time (something needs it). */
  running: boolean;
  /** Simulated seconds per wall second over the last second of running (0 while paused). */
  achievedSpeed: number;
  registered: number[];
  processes: ProcessInfo[];
  machine: MachineSummary;
  /** The pacing loop's own figures: slices run and the longest one (wall ms). */
  loop: { slices: number; maxSliceMs: number };
}

export interface BootOptions {
  /** Partial MachineConfig (the kernel's resolveConfig checks it). */
  config: Record<string, unknown>;
  /** A real folder to back /home/student with (worker and CLI only), else memory. */
  home?: string;
  /** The most the home folder may hold (MiB), as the setting was at boot. */
  homeQuotaMiB?: number;
  speed: SessionSpeed;
}

export type StatResult = { errno: number } | { kind: 'dir' | 'file'; writable: boolean };
export type ReaddirResult = { errno: number } | { entries: [string, 'dir' | 'file'][] };
export type ReadResult = { errno: number } | { text: string };

// ───────────────────────────── requests ─────────────────────────────

/** Every request, its fields (besides type and id), and the shape of its result. */
export interface SessionCalls {
  boot: { args: { protocol: number } & BootOptions; result: { bootMs: number } };
  setSpeed: { args: { speed: SessionSpeed }; result: null };
  /** `sh -c line`; paced: in simulated time against the wall clock (a monitor run), else at once. */
  exec: { args: { line: string; paced: boolean; maxSimNs?: number }; result: ExecResult };
  /** Runs the workload's line, then lets its jobs get as far as exec'ing work; the new work PIDs. */
  startWorkload: { args: { line: string; processes: number }; result: ExecResult & { pids: number[] } };
  stopWorkload: { args: Record<never, never>; result: { stopped: number } };
  /** kill(pid, sig): 0 or -errno. */
  signal: { args: { pid: number; sig: number }; result: { errno: number } };
  /** "R pid" / "U pid" to /proc/mp3/status: 0 or -errno (the module's answer). */
  register: { args: { pid: number; op: 'R' | 'U' }; result: { errno: number } };
  readFile: { args: { path: string }; result: ReadResult };
  /** One write(2) as the host: bytes written or -errno. */
  writeFile: { args: { path: string; data: string }; result: { errno: number } };
  stat: { args: { path: string }; result: StatResult };
  readdir: { args: { path: string }; result: ReaddirResult };
  /** A terminal: a login shell (bash -i in the home directory), or bash -c script with no input. */
  ttyOpen: { args: { rows: number; cols: number; script?: string }; result: { tty: number; pid: number } };
  ttyInput: { args: { tty: number; data: string }; result: null };
  ttyResize: { args: { tty: number; rows: number; cols: number }; result: null };
  /** The terminal window closed: SIGHUP to its session. */
  ttyHangup: { args: { tty: number }; result: null };
  /** Heartbeat: answered between two slices of simulation. */
  ping: { args: Record<never, never>; result: { uptimeNs: number } };
}

export type CallType = keyof SessionCalls;
export const CALL_TYPES = [
  'boot', 'setSpeed', 'exec', 'startWorkload', 'stopWorkload', 'signal', 'register', 'readFile', 'writeFile',
  'stat', 'readdir', 'ttyOpen', 'ttyInput', 'ttyResize', 'ttyHangup', 'ping',
] as const satisfies readonly CallType[];

export type SessionRequest = { [K in CallType]: { type: K; id: number } & SessionCalls[K]['args'] }[CallType];
export type CallResult<K extends CallType> = SessionCalls[K]['result'];

// ───────────────────────────── events ─────────────────────────────

export interface BufferPage {
  /** Page of the profiler buffer, 0 … BUFFER_PAGES-1. */
  page: number;
  bytes: Uint8Array;
}

export type MachineEvent =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'state'; state: MachineState }
  /**
   * The profiler buffer's changed pages, copied as they are after a slice of simulation. A new
   * generation starts when the module (re)maps its buffer; attached is false once it is gone.
   */
  | { type: 'buffer'; generation: number; attached: boolean; pages: BufferPage[] }
  | { type: 'dmesg'; text: string }
  | { type: 'ttyOutput'; tty: number; data: string }
  | { type: 'ttyClosed'; tty: number; status: number }
  /** A user process exited (cmdline: its argv joined, as /proc/<pid>/cmdline shows it). */
  | { type: 'exit'; pid: number; comm: string; cmdline: string; status: number }
  /** The simulation threw: the loop is paused until a new boot. */
  | { type: 'fatal'; error: string }
  /** The kernel panicked (an Oops with oops=panic): the machine has rebooted with the same settings. */
  | { type: 'panic'; reason: string }
  /** `make` built a module through the host's toolchain: what the Problems panel shows. */
  | { type: 'build'; module: string; dir: string; ok: boolean; ms?: number; hostError?: string; diagnostics: BuildDiagnostic[] };

export interface BuildDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'fatal error' | 'warning' | 'note';
  message: string;
  option?: string;
  /** Reported by clang only (gcc 11 is silent). */
  clangOnly?: boolean;
}

export const EVENT_TYPES = ['reply', 'state', 'buffer', 'dmesg', 'ttyOutput', 'ttyClosed', 'exit', 'fatal', 'panic', 'build'] as const satisfies readonly MachineEvent['type'][];

// ───────────────────────────── validation ─────────────────────────────

const pid = (v: unknown, p: string) => int(v, p, 0);
const path = (v: unknown, p: string) => {
  const s = str(v, p, MAX_PATH);
  if (!s.startsWith('/')) fail(p, 'expected an absolute path');
  if (s.includes('\0')) fail(p, 'contains a NUL byte');
  return s;
};

export function validateSpeed(v: unknown, p = 'speed'): SessionSpeed {
  if (v === 'max') return v;
  const n = num(v, p, { max: MAX_FINITE_SPEED });
  if (!(n > 0)) fail(p, `must be > 0 or 'max', got ${n}`);
  return n;
}

function parseRequest(v: unknown): SessionRequest {
  const head = obj(v, 'request', ['type', 'id'], ['protocol', 'config', 'home', 'homeQuotaMiB', 'speed', 'line', 'paced', 'maxSimNs', 'processes', 'pid', 'sig', 'op', 'path', 'data', 'rows', 'cols', 'script', 'tty']);
  const type = oneOf(head.type, CALL_TYPES, 'request.type');
  const id = int(head.id, 'request.id', 0, Number.MAX_SAFE_INTEGER);
  const o = (required: string[], optional: string[] = []) => obj(v, type, ['type', 'id', ...required], optional);
  switch (type) {
    case 'boot': {
      const b = o(['protocol', 'config', 'speed'], ['home', 'homeQuotaMiB']);
      const protocol = int(b.protocol, 'boot.protocol', 0);
      if (protocol !== SESSION_PROTOCOL_VERSION) fail('boot.protocol', `expected version ${SESSION_PROTOCOL_VERSION}, got ${protocol}`);
      // Any MachineConfig key (the kernel's resolveConfig checks names and ranges at boot).
      const config = b.config;
      if (typeof config !== 'object' || config === null || Array.isArray(config)) fail('boot.config', 'expected an object');
      const out: SessionRequest = { type, id, protocol, config: structuredCloneable(config as Record<string, unknown>, 'boot.config'), speed: validateSpeed(b.speed, 'boot.speed') };
      if (b.home !== undefined) out.home = path(b.home, 'boot.home');
      if (b.homeQuotaMiB !== undefined) out.homeQuotaMiB = num(b.homeQuotaMiB, 'boot.homeQuotaMiB', { min: 0, max: 1 << 20 });
      return out;
    }
    case 'setSpeed':
      return { type, id, speed: validateSpeed(o(['speed']).speed) };
    case 'exec': {
      const e = o(['line', 'paced'], ['maxSimNs']);
      const out: SessionRequest = { type, id, line: str(e.line, 'exec.line', MAX_LINE), paced: bool(e.paced, 'exec.paced') };
      if (e.maxSimNs !== undefined) out.maxSimNs = num(e.maxSimNs, 'exec.maxSimNs', { min: 0, max: 3600e9 });
      return out;
    }
    case 'startWorkload': {
      const w = o(['line', 'processes']);
      return { type, id, line: str(w.line, 'startWorkload.line', MAX_LINE), processes: int(w.processes, 'startWorkload.processes', 0, 1024) };
    }
    case 'stopWorkload':
    case 'ping':
      o([]);
      return { type, id } as SessionRequest;
    case 'signal': {
      const s = o(['pid', 'sig']);
      return { type, id, pid: pid(s.pid, 'signal.pid'), sig: int(s.sig, 'signal.sig', 0, 64) };
    }
    case 'register': {
      const r = o(['pid', 'op']);
      return { type, id, pid: int(r.pid, 'register.pid'), op: oneOf(r.op, ['R', 'U'] as const, 'register.op') };
    }
    case 'readFile':
    case 'stat':
    case 'readdir':
      return { type, id, path: path(o(['path']).path, `${type}.path`) } as SessionRequest;
    case 'writeFile': {
      const w = o(['path', 'data']);
      return { type, id, path: path(w.path, 'writeFile.path'), data: str(w.data, 'writeFile.data', MAX_LINE) };
    }
    case 'ttyOpen': {
      const t = o(['rows', 'cols'], ['script']);
      const out: SessionRequest = { type, id, rows: int(t.rows, 'ttyOpen.rows', 1, 10_000), cols: int(t.cols, 'ttyOpen.cols', 1, 10_000) };
      if (t.script !== undefined) out.script = str(t.script, 'ttyOpen.script', MAX_OUTPUT);
      return out;
    }
    case 'ttyInput': {
      const t = o(['tty', 'data']);
      return { type, id, tty: int(t.tty, 'ttyInput.tty', 0), data: str(t.data, 'ttyInput.data', MAX_LINE) };
    }
    case 'ttyResize': {
      const t = o(['tty', 'rows', 'cols']);
      return { type, id, tty: int(t.tty, 'ttyResize.tty', 0), rows: int(t.rows, 'ttyResize.rows', 1, 10_000), cols: int(t.cols, 'ttyResize.cols', 1, 10_000) };
    }
    case 'ttyHangup':
      return { type, id, tty: int(o(['tty']).tty, 'ttyHangup.tty', 0) };
  }
}

/** Config values are numbers, strings, booleans or one level of such objects (disk: {…}). */
function structuredCloneable(o: Record<string, unknown>, p: string): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) {
        if (typeof v2 !== 'number' && typeof v2 !== 'string' && typeof v2 !== 'boolean') fail(`${p}.${k}.${k2}`, 'expected a number, string or boolean');
      }
      continue;
    }
    fail(`${p}.${k}`, 'expected a number, string, boolean or object');
  }
  return o;
}

/** Validates a request arriving at the machine. */
export function parseSessionRequest(value: unknown): ParseResult<SessionRequest> {
  return parseWith(parseRequest, value);
}

function processInfo(v: unknown, p: string): ProcessInfo {
  const o = obj(v, p, ['pid', 'ppid', 'comm', 'cmdline', 'state', 'nice', 'registered', 'minFlt', 'majFlt', 'cpuNs', 'rssPages', 'swapPages']);
  const count = (k: string) => num(o[k], `${p}.${k}`, { min: 0 });
  return {
    pid: pid(o.pid, `${p}.pid`),
    ppid: pid(o.ppid, `${p}.ppid`),
    comm: str(o.comm, `${p}.comm`, 256),
    cmdline: str(o.cmdline, `${p}.cmdline`, MAX_LINE),
    state: oneOf(o.state, TASK_STATES, `${p}.state`),
    nice: int(o.nice, `${p}.nice`, -20, 19),
    registered: bool(o.registered, `${p}.registered`),
    minFlt: count('minFlt'),
    majFlt: count('majFlt'),
    cpuNs: count('cpuNs'),
    rssPages: count('rssPages'),
    swapPages: count('swapPages'),
  };
}

function machineState(v: unknown): MachineState {
  const o = obj(v, 'state', ['uptimeNs', 'jiffies', 'moduleLoaded', 'busy', 'running', 'achievedSpeed', 'registered', 'processes', 'machine', 'loop']);
  const m = obj(o.machine, 'state.machine', ['hz', 'cpus', 'ramMiB', 'swapMiB', 'policy', 'diskLatencyNs', 'seed']);
  const l = obj(o.loop, 'state.loop', ['slices', 'maxSliceMs']);
  return {
    uptimeNs: num(o.uptimeNs, 'state.uptimeNs', { min: 0 }),
    jiffies: num(o.jiffies, 'state.jiffies'),
    moduleLoaded: bool(o.moduleLoaded, 'state.moduleLoaded'),
    busy: bool(o.busy, 'state.busy'),
    running: bool(o.running, 'state.running'),
    achievedSpeed: num(o.achievedSpeed, 'state.achievedSpeed', { min: 0 }),
    registered: arr(o.registered, 'state.registered').map((x, i) => pid(x, `state.registered[${i}]`)),
    processes: arr(o.processes, 'state.processes').map((x, i) => processInfo(x, `state.processes[${i}]`)),
    machine: {
      hz: num(m.hz, 'state.machine.hz', { min: 1 }),
      cpus: int(m.cpus, 'state.machine.cpus', 1),
      ramMiB: num(m.ramMiB, 'state.machine.ramMiB', { min: 0 }),
      swapMiB: num(m.swapMiB, 'state.machine.swapMiB', { min: 0 }),
      policy: str(m.policy, 'state.machine.policy', 64),
      diskLatencyNs: num(m.diskLatencyNs, 'state.machine.diskLatencyNs', { min: 0 }),
      seed: num(m.seed, 'state.machine.seed'),
    },
    loop: { slices: num(l.slices, 'state.loop.slices', { min: 0 }), maxSliceMs: num(l.maxSliceMs, 'state.loop.maxSliceMs', { min: 0 }) },
  };
}

function parseEvent(v: unknown): MachineEvent {
  const head = obj(v, 'event', ['type'], ['id', 'ok', 'result', 'error', 'state', 'generation', 'attached', 'pages', 'text', 'tty', 'data', 'status', 'pid', 'comm', 'cmdline', 'module', 'dir', 'ms', 'hostError', 'diagnostics', 'reason']);
  const type = oneOf(head.type, EVENT_TYPES, 'event.type');
  switch (type) {
    case 'reply': {
      const r = obj(v, 'reply', ['type', 'id', 'ok'], ['result', 'error']);
      const id = int(r.id, 'reply.id', 0, Number.MAX_SAFE_INTEGER);
      if (bool(r.ok, 'reply.ok')) {
        if (!('result' in r)) fail('reply', 'missing "result"');
        return { type, id, ok: true, result: r.result };
      }
      return { type, id, ok: false, error: str(r.error, 'reply.error') };
    }
    case 'state':
      return { type, state: machineState(obj(v, 'state event', ['type', 'state']).state) };
    case 'buffer': {
      const b = obj(v, 'buffer', ['type', 'generation', 'attached', 'pages']);
      return {
        type,
        generation: int(b.generation, 'buffer.generation', 0, Number.MAX_SAFE_INTEGER),
        attached: bool(b.attached, 'buffer.attached'),
        pages: arr(b.pages, 'buffer.pages', BUFFER_PAGES).map((x, i) => {
          const pg = obj(x, `buffer.pages[${i}]`, ['page', 'bytes']);
          return { page: int(pg.page, `buffer.pages[${i}].page`, 0, BUFFER_PAGES - 1), bytes: bytes(pg.bytes, `buffer.pages[${i}].bytes`, PAGE_SIZE) };
        }),
      };
    }
    case 'dmesg':
      return { type, text: str(obj(v, 'dmesg', ['type', 'text']).text, 'dmesg.text', MAX_OUTPUT) };
    case 'ttyOutput': {
      const t = obj(v, 'ttyOutput', ['type', 'tty', 'data']);
      return { type, tty: int(t.tty, 'ttyOutput.tty', 0), data: str(t.data, 'ttyOutput.data', MAX_OUTPUT) };
    }
    case 'ttyClosed': {
      const t = obj(v, 'ttyClosed', ['type', 'tty', 'status']);
      return { type, tty: int(t.tty, 'ttyClosed.tty', 0), status: int(t.status, 'ttyClosed.status', 0, 0xffff) };
    }
    case 'exit': {
      const e = obj(v, 'exit', ['type', 'pid', 'comm', 'cmdline', 'status']);
      return { type, pid: pid(e.pid, 'exit.pid'), comm: str(e.comm, 'exit.comm', 256), cmdline: str(e.cmdline, 'exit.cmdline', MAX_LINE), status: int(e.status, 'exit.status', 0, 0xffff) };
    }
    case 'fatal':
      return { type, error: str(obj(v, 'fatal', ['type', 'error']).error, 'fatal.error') };
    case 'panic':
      return { type, reason: str(obj(v, 'panic', ['type', 'reason']).reason, 'panic.reason', 4096) };
    case 'build': {
      const b = obj(v, 'build', ['type', 'module', 'dir', 'ok', 'diagnostics'], ['ms', 'hostError']);
      const out: MachineEvent = {
        type, module: str(b.module, 'build.module', 256), dir: path(b.dir, 'build.dir'), ok: bool(b.ok, 'build.ok'),
        diagnostics: arr(b.diagnostics, 'build.diagnostics', 10_000).map((x, i) => {
          const p = `build.diagnostics[${i}]`;
          const d = obj(x, p, ['file', 'line', 'column', 'severity', 'message'], ['option', 'clangOnly']);
          const diag: BuildDiagnostic = {
            file: str(d.file, `${p}.file`, MAX_PATH), line: int(d.line, `${p}.line`, 0), column: int(d.column, `${p}.column`, 0),
            severity: oneOf(d.severity, ['error', 'fatal error', 'warning', 'note'] as const, `${p}.severity`), message: str(d.message, `${p}.message`),
          };
          if (d.option !== undefined) diag.option = str(d.option, `${p}.option`, 256);
          if (d.clangOnly !== undefined) diag.clangOnly = bool(d.clangOnly, `${p}.clangOnly`);
          return diag;
        }),
      };
      if (b.ms !== undefined) out.ms = num(b.ms, 'build.ms', { min: 0 });
      if (b.hostError !== undefined) out.hostError = str(b.hostError, 'build.hostError');
      return out;
    }
  }
}

/** Validates an event arriving at the client. */
export function parseMachineEvent(value: unknown): ParseResult<MachineEvent> {
  return parseWith(parseEvent, value);
}

// Results: the client checks each reply against the request it answers.

const errnoOnly = (v: unknown, p: string) => ({ errno: int(obj(v, p, ['errno']).errno, `${p}.errno`) });

function execResult(v: unknown, p: string, extra: string[] = []): ExecResult & Record<string, unknown> {
  const o = obj(v, p, ['status', 'output', 'finished', ...extra]);
  return { status: int(o.status, `${p}.status`, 0, 0xffff), output: str(o.output, `${p}.output`, MAX_OUTPUT), finished: bool(o.finished, `${p}.finished`) };
}

const RESULT_PARSERS: { [K in CallType]: (v: unknown) => CallResult<K> } = {
  boot: (v) => ({ bootMs: num(obj(v, 'boot', ['bootMs']).bootMs, 'boot.bootMs', { min: 0 }) }),
  setSpeed: (v) => nul(v, 'setSpeed'),
  exec: (v) => execResult(v, 'exec'),
  startWorkload: (v) => {
    const r = execResult(v, 'startWorkload', ['pids']);
    const pids = arr((v as { pids: unknown }).pids, 'startWorkload.pids').map((x, i) => pid(x, `startWorkload.pids[${i}]`));
    return { status: r.status, output: r.output, finished: r.finished, pids };
  },
  stopWorkload: (v) => ({ stopped: int(obj(v, 'stopWorkload', ['stopped']).stopped, 'stopWorkload.stopped', 0) }),
  signal: (v) => errnoOnly(v, 'signal'),
  register: (v) => errnoOnly(v, 'register'),
  readFile: (v) => {
    const o = obj(v, 'readFile', [], ['errno', 'text']);
    if (o.text !== undefined) return { text: str(o.text, 'readFile.text', MAX_OUTPUT) };
    return errnoOnly(v, 'readFile');
  },
  writeFile: (v) => errnoOnly(v, 'writeFile'),
  stat: (v) => {
    const o = obj(v, 'stat', [], ['errno', 'kind', 'writable']);
    if (o.errno !== undefined) return errnoOnly(v, 'stat');
    const s = obj(v, 'stat', ['kind', 'writable']);
    return { kind: oneOf(s.kind, ['dir', 'file'] as const, 'stat.kind'), writable: bool(s.writable, 'stat.writable') };
  },
  readdir: (v) => {
    const o = obj(v, 'readdir', [], ['errno', 'entries']);
    if (o.errno !== undefined) return errnoOnly(v, 'readdir');
    return {
      entries: arr(o.entries, 'readdir.entries').map((e, i) => {
        const pair = arr(e, `readdir.entries[${i}]`, 2);
        if (pair.length !== 2) fail(`readdir.entries[${i}]`, 'expected [name, kind]');
        return [str(pair[0], `readdir.entries[${i}][0]`, 255), oneOf(pair[1], ['dir', 'file'] as const, `readdir.entries[${i}][1]`)] as [string, 'dir' | 'file'];
      }),
    };
  },
  ttyOpen: (v) => {
    const o = obj(v, 'ttyOpen', ['tty', 'pid']);
    return { tty: int(o.tty, 'ttyOpen.tty', 0), pid: int(o.pid, 'ttyOpen.pid') };
  },
  ttyInput: (v) => nul(v, 'ttyInput'),
  ttyResize: (v) => nul(v, 'ttyResize'),
  ttyHangup: (v) => nul(v, 'ttyHangup'),
  ping: (v) => ({ uptimeNs: num(obj(v, 'ping', ['uptimeNs']).uptimeNs, 'ping.uptimeNs', { min: 0 }) }),
};

function nul(v: unknown, p: string): null {
  if (v !== null) fail(p, 'expected null');
  return null;
}

/** Validates the result of a call of the given type. */
export function parseCallResult<K extends CallType>(type: K, value: unknown): ParseResult<CallResult<K>> {
  return parseWith(RESULT_PARSERS[type] as (v: unknown) => CallResult<K>, value);
}
