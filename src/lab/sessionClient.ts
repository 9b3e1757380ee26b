// The renderer's end of the session interface: typed calls (each a request with an id, resolved
// by its validated reply), and a mirror of what the machine posted — the latest state, the
// profiler buffer's pages and the samples read from them, dmesg, terminal output. Reads of the
// mirror are synchronous (a tree refresh, the status bar), anything that changes the machine is
// a call. The transport is the caller's: a worker's postMessage, or a direct hand-over
// in-process. Pure: no `vscode`, no Node built-ins.
import { BufferMirror } from './bufferMirror';
import { workProcesses } from './workProcesses';
import {
  parseCallResult, parseMachineEvent, SESSION_PROTOCOL_VERSION,
  type BootOptions, type CallResult, type MachineEvent, type CallType, type ExecResult, type MachineState, type ProcessInfo,
  type SessionCalls, type SessionRequest, type SessionSpeed,
} from './sessionProtocol';

/** The dmesg text kept for a late reader (the kernel's own ring is larger; this is a view). */
const DMESG_KEEP = 1024 * 1024;

export class SessionClosedError extends Error {}

/** A user process that exited on the machine. */
export interface ProcessExit {
  pid: number;
  comm: string;
  cmdline: string;
  /** wait status */
  status: number;
}

export interface TerminalHandle {
  readonly tty: number;
  readonly pid: number;
  input(data: string): void;
  resize(rows: number, cols: number): void;
  /** The window closed: SIGHUP to the terminal's session. */
  hangup(): void;
}

interface TerminalListeners {
  output(text: string): void;
  closed(status: number): void;
}

type Listener<T> = (value: T) => void;

interface EventMap {
  state: MachineState;
  dmesg: string;
  exit: ProcessExit;
  fatal: string;
  panic: string;
  invalid: string;
  build: Extract<MachineEvent, { type: 'build' }>;
}

export class SessionClient {
  private nextId = 1;
  private readonly pending = new Map<number, { type: CallType; resolve(v: unknown): void; reject(e: Error): void }>();
  private closed: string | undefined;
  state: MachineState | undefined;
  readonly view = new BufferMirror();
  private dmesgText = '';
  private readonly terminals = new Map<number, TerminalListeners>();
  /** Output of a terminal whose ttyOpen reply has not arrived yet (the prompt comes first). */
  private readonly early = new Map<number, { output: string; closed?: number }>();
  private readonly listeners = {
    state: new Set<Listener<MachineState>>(),
    dmesg: new Set<Listener<string>>(),
    exit: new Set<Listener<ProcessExit>>(),
    fatal: new Set<Listener<string>>(),
    panic: new Set<Listener<string>>(),
    build: new Set<Listener<Extract<MachineEvent, { type: 'build' }>>>(),
    invalid: new Set<Listener<string>>(),
  };

  constructor(private readonly send: (request: SessionRequest) => void) {}

  // ───────────── transport ─────────────

  /** Every message from the machine goes here; a malformed one is reported and ignored. */
  receive(raw: unknown): void {
    const parsed = parseMachineEvent(raw);
    if (!parsed.ok) return this.emit('invalid', parsed.error);
    const e = parsed.message;
    switch (e.type) {
      case 'reply': {
        const p = this.pending.get(e.id);
        if (!p) return this.emit('invalid', `reply to unknown request ${e.id}`);
        this.pending.delete(e.id);
        if (!e.ok) return p.reject(new Error(e.error));
        const r = parseCallResult(p.type, e.result);
        if (!r.ok) {
          this.emit('invalid', r.error);
          return p.reject(new Error(`invalid reply: ${r.error}`));
        }
        return p.resolve(r.message);
      }
      case 'state':
        this.state = e.state;
        return this.emit('state', e.state);
      case 'buffer':
        this.view.apply(e.generation, e.attached, e.pages);
        return;
      case 'dmesg':
        this.dmesgText += e.text;
        if (this.dmesgText.length > 2 * DMESG_KEEP) this.dmesgText = this.dmesgText.slice(this.dmesgText.indexOf('\n', this.dmesgText.length - DMESG_KEEP) + 1);
        return this.emit('dmesg', e.text);
      case 'ttyOutput': {
        const t = this.terminals.get(e.tty);
        if (t) t.output(e.data);
        else this.earlyFor(e.tty).output += e.data;
        return;
      }
      case 'ttyClosed': {
        const t = this.terminals.get(e.tty);
        this.terminals.delete(e.tty);
        if (t) t.closed(e.status);
        else this.earlyFor(e.tty).closed = e.status;
        return;
      }
      case 'exit':
        return this.emit('exit', { pid: e.pid, comm: e.comm, cmdline: e.cmdline, status: e.status });
      case 'fatal':
        return this.emit('fatal', e.error);
      case 'panic':
        return this.emit('panic', e.reason);
      case 'build':
        return this.emit('build', e);
    }
  }

  /** The machine is gone (worker terminated): every pending call fails with `reason`. */
  close(reason: string): void {
    this.closed = reason;
    for (const p of this.pending.values()) p.reject(new SessionClosedError(reason));
    this.pending.clear();
    // Terminals are not closed: their shells did not exit, the machine went away (the owner
    // boots a new one and the terminal gets a new shell).
    this.terminals.clear();
  }

  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** One call: resolves with its validated result, rejects with the machine's error. */
  call<K extends CallType>(type: K, args: SessionCalls[K]['args']): Promise<CallResult<K>> {
    if (this.closed !== undefined) return Promise.reject(new SessionClosedError(this.closed));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { type, resolve: resolve as (v: unknown) => void, reject });
      this.send({ ...args, type, id } as SessionRequest);
    });
  }

  // ───────────── events ─────────────

  onState(l: Listener<MachineState>): () => void {
    return this.on('state', l);
  }

  onDmesg(l: Listener<string>): () => void {
    return this.on('dmesg', l);
  }

  onExit(l: Listener<ProcessExit>): () => void {
    return this.on('exit', l);
  }

  /** `make` built a module (its diagnostics, for the Problems panel). */
  onBuild(l: Listener<Extract<MachineEvent, { type: 'build' }>>): () => void {
    return this.on('build', l);
  }

  onFatal(l: Listener<string>): () => void {
    return this.on('fatal', l);
  }

  /** The kernel panicked and the machine rebooted (the listener gets the panic's reason). */
  onPanic(l: Listener<string>): () => void {
    return this.on('panic', l);
  }

  /** A message that failed validation (logged by the host; it changed nothing). */
  onInvalid(l: Listener<string>): () => void {
    return this.on('invalid', l);
  }

  // ───────────── the mirror (synchronous reads) ─────────────

  get uptimeNs(): number {
    return this.state?.uptimeNs ?? 0;
  }

  get jiffies(): number {
    return this.state?.jiffies ?? 0;
  }

  get moduleLoaded(): boolean {
    return this.state?.moduleLoaded ?? false;
  }

  /** A user process other than a shell is alive. */
  get busy(): boolean {
    return this.state?.busy ?? false;
  }

  /** The machine's loop is advancing simulated time. */
  get running(): boolean {
    return this.state?.running ?? false;
  }

  processes(): ProcessInfo[] {
    return this.state?.processes ?? [];
  }

  registeredPids(): number[] {
    return this.state?.registered ?? [];
  }

  workProcesses(): ProcessInfo[] {
    return workProcesses(this.processes());
  }

  /** Everything dmesg printed since boot (the last MiB or so). */
  get dmesg(): string {
    return this.dmesgText;
  }

  // ───────────── calls ─────────────

  boot(o: BootOptions): Promise<CallResult<'boot'>> {
    return this.call('boot', { protocol: SESSION_PROTOCOL_VERSION, ...o });
  }

  setSpeed(speed: SessionSpeed): Promise<null> {
    return this.call('setSpeed', { speed });
  }

  /** `sh -c line`; paced runs in simulated time against the wall clock (a monitor run). */
  exec(line: string, o: { paced?: boolean; maxSimNs?: number } = {}): Promise<ExecResult> {
    return this.call('exec', { line, paced: o.paced ?? false, ...(o.maxSimNs !== undefined ? { maxSimNs: o.maxSimNs } : {}) });
  }

  startWorkload(line: string, processes: number): Promise<CallResult<'startWorkload'>> {
    return this.call('startWorkload', { line, processes });
  }

  async stopWorkload(): Promise<number> {
    return (await this.call('stopWorkload', {})).stopped;
  }

  /** kill(pid, sig): 0 or -errno. */
  async signal(pid: number, sig: number): Promise<number> {
    return (await this.call('signal', { pid, sig })).errno;
  }

  /** "R pid" / "U pid" to /proc/mp3/status: 0 or -errno. */
  async register(pid: number, op: 'R' | 'U' = 'R'): Promise<number> {
    return (await this.call('register', { pid, op })).errno;
  }

  /** The file's text, or -errno. */
  async readFile(path: string): Promise<string | number> {
    const r = await this.call('readFile', { path });
    return 'text' in r ? r.text : r.errno;
  }

  /** One write(2): bytes written or -errno. */
  async writeFile(path: string, data: string): Promise<number> {
    return (await this.call('writeFile', { path, data })).errno;
  }

  stat(path: string): Promise<CallResult<'stat'>> {
    return this.call('stat', { path });
  }

  readdir(path: string): Promise<CallResult<'readdir'>> {
    return this.call('readdir', { path });
  }

  async ping(): Promise<number> {
    return (await this.call('ping', {})).uptimeNs;
  }

  /**
   * A terminal: a login shell, or `bash -c script` whose reads get end-of-file. Output and the
   * shell's exit (its wait status) arrive through the listeners.
   */
  async openTerminal(size: { rows: number; cols: number }, listeners: TerminalListeners, script?: string): Promise<TerminalHandle> {
    const { tty, pid } = await this.call('ttyOpen', { rows: size.rows, cols: size.cols, ...(script !== undefined ? { script } : {}) });
    const early = this.early.get(tty);
    this.early.delete(tty);
    if (early?.closed === undefined) this.terminals.set(tty, listeners);
    if (early?.output) listeners.output(early.output);
    if (early?.closed !== undefined) listeners.closed(early.closed);
    const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);
    return {
      tty,
      pid,
      input: (data) => quiet(this.call('ttyInput', { tty, data })),
      resize: (rows, cols) => quiet(this.call('ttyResize', { tty, rows, cols })),
      hangup: () => {
        this.terminals.delete(tty);
        quiet(this.call('ttyHangup', { tty }));
      },
    };
  }

  private earlyFor(tty: number): { output: string; closed?: number } {
    let e = this.early.get(tty);
    if (!e) this.early.set(tty, (e = { output: '' }));
    return e;
  }

  private on<K extends keyof EventMap>(kind: K, l: Listener<EventMap[K]>): () => void {
    const set = this.listeners[kind] as Set<Listener<EventMap[K]>>;
    set.add(l);
    return () => set.delete(l);
  }

  private emit<K extends keyof EventMap>(kind: K, value: EventMap[K]): void {
    for (const l of this.listeners[kind] as Set<Listener<EventMap[K]>>) l(value);
  }
}
