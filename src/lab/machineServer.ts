// The machine's end of the session interface: validates each request, runs it against the
// LabSession, paces simulated time (machinePacer.ts), and posts what changed — coalesced state,
// the profiler buffer's dirty pages, dmesg, terminal output, exits. The same class runs inside
// the worker thread (src/host/machineWorker.ts) and in-process for `kmlab sh` and the tests
// (inProcessSession.ts). Pure: no `vscode`, no Node built-ins.
import type { HostFs } from '../kernel/fs/inode';
import type { Tty } from '../kernel/fs/tty';
import type { Task } from '../kernel/sched/task';
import { lookupPath } from '../kernel/fs/vfs';
import { S_IFDIR, S_IFMT } from '../kernel/uapi';
import { formatRecord } from '../kernel/printk';
import { LabSession } from './session';
import { BufferPages } from './bufferPages';
import { MachinePacer } from './machinePacer';
import { isWorkProcess } from './workProcesses';
import {
  parseSessionRequest, type CallResult, type CallType, type MachineEvent, type MachineState, type SessionRequest,
} from './sessionProtocol';

/** State is posted at most this often while the machine runs (ms). */
const STATE_MS = 50;
/** After a keystroke, run until the shell waits again, for at most this much simulated time. */
const ECHO_RUN_NS = 2_000_000;
/** An unpaced command yields to the event loop after this much real time (ms). */
const EXEC_SLICE_MS = 20;
const ESRCH = 3;
const EPERM = 1;
const ENOTDIR = 20;

export interface ServerHost {
  post(event: MachineEvent, transfer?: ArrayBuffer[]): void;
  /** The HostFs behind /home/student for a real folder (undefined: memory). */
  hostFs(home: string | undefined, quotaMiB: number | undefined): HostFs | undefined;
  clock(): number;
  /** A machine booted: offer it the host's services (the C toolchain for `make`). */
  onBoot?(kernel: LabSession['kernel'], post: (event: MachineEvent) => void): void;
}

interface Terminal {
  tty: Tty;
  shell: Task;
  /** No one types on it (bash -c script): a read gets end-of-file. */
  noInput: boolean;
  output: string;
}

type Handler<K extends CallType> = (req: Extract<SessionRequest, { type: K }>) => CallResult<K> | Promise<CallResult<K>>;

export class MachineServer {
  private session: LabSession | undefined;
  private pages: BufferPages | undefined;
  private pacer: MachinePacer | undefined;
  private readonly terminals = new Map<number, Terminal>();
  /** Commands waiting for their shell to exit (paced ones keep the loop running). */
  private readonly waiting = new Set<{ task: Task; paced: boolean; done(finished: boolean): void }>();
  private dmesg = '';
  private exits: MachineEvent[] = [];
  private lastState = '';
  private lastStateAt = -Infinity;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly host: ServerHost) {}

  /** One message from the client: validated, run, answered. */
  handle(raw: unknown): void {
    const parsed = parseSessionRequest(raw);
    if (!parsed.ok) {
      const id = typeof raw === 'object' && raw !== null && Number.isSafeInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : -1;
      if (id >= 0) this.host.post({ type: 'reply', id, ok: false, error: `invalid request: ${parsed.error}` });
      return;
    }
    const req = parsed.message;
    const reply = (result: unknown) => {
      // The state goes first: a caller reading the mirror after the reply sees what it did.
      this.flush(req.type !== 'ttyInput' && req.type !== 'ttyResize' && req.type !== 'ping');
      this.host.post({ type: 'reply', id: req.id, ok: true, result: result ?? null });
    };
    const refuse = (e: unknown) => this.host.post({ type: 'reply', id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    try {
      const handler = this.handlers[req.type] as Handler<CallType>;
      if (req.type !== 'boot' && !this.session) throw new Error('the machine has not booted');
      const r = handler(req as never);
      if (r instanceof Promise) r.then(reply, refuse);
      else reply(r);
    } catch (e) {
      refuse(e);
    }
  }

  dispose(): void {
    this.shutdown();
    clearTimeout(this.stateTimer);
  }

  private get s(): LabSession {
    return this.session!;
  }

  private readonly handlers: { [K in CallType]: Handler<K> } = {
    boot: (r) => {
      const t0 = this.host.clock();
      this.shutdown();
      const s = new LabSession({ config: r.config, hostFs: this.host.hostFs(r.home, r.homeQuotaMiB) });
      this.session = s;
      this.pages = new BufferPages(s.kernel);
      this.pacer = new MachinePacer(s.kernel, r.speed, {
        needsTime: () => this.needsTime(),
        afterSlice: () => this.flush(),
        failed: (e) => this.fail(e),
        clock: () => this.host.clock(),
      });
      this.dmesg = s.kernel.log.format();
      this.unsubscribe.push(s.kernel.log.onRecord((rec) => (this.dmesg += formatRecord(rec))));
      s.kernel.sched.onExit.push((t) => this.onExit(t));
      // A host call finished (a build): run the task that waited on it.
      s.kernel.hostCalls.onComplete.push(() => {
        this.kick();
        this.flush();
      });
      this.host.onBoot?.(s.kernel, (e) => this.host.post(e));
      // oops=panic: the machine stops; like the VM's host after `panic=`, boot it again with the
      // same request, once the kernel's call stack (the faulting module code) has unwound.
      this.unsubscribe.push(s.kernel.onPanic((reason) => setTimeout(() => {
        if (this.session !== s) return;
        this.flush(true);
        void this.handlers.boot(r);
        this.host.post({ type: 'panic', reason });
      }, 0)));
      this.lastState = '';
      return { bootMs: this.host.clock() - t0 };
    },
    setSpeed: (r) => {
      if (this.pacer) this.pacer.speed = r.speed;
      this.kick();
      return null;
    },
    exec: async (r) => {
      const res = await this.exec(r.line, r.paced, r.maxSimNs ?? 5e9);
      this.kick(); // background jobs it started may need time
      return res;
    },
    startWorkload: async (r) => {
      const s = this.s;
      const k = s.kernel;
      let maxPid = 0;
      for (const t of k.tasks) maxPid = Math.max(maxPid, t.pid);
      const res = await this.exec(r.line, false, 5e9);
      // Let the background jobs get as far as exec'ing work (nice → work), so they can be named.
      const fresh = () => [...k.tasks].filter((t) => !t.kthread && t.pid > maxPid && t.comm !== 'sh' && t.comm !== 'bash');
      if (res.status === 0) k.runUntil(() => fresh().filter((t) => isWorkProcess(t) || !t.alive).length >= r.processes, 200_000_000, 500_000);
      const pids = fresh().filter(isWorkProcess).map((t) => t.pid).sort((a, b) => a - b);
      this.kick();
      return { ...res, pids };
    },
    stopWorkload: () => {
      const stopped = this.s.stopWorkload();
      this.kick();
      return { stopped };
    },
    signal: (r) => {
      const t = this.s.kernel.sched.tasks.get(r.pid);
      if (!t || !t.alive) return { errno: -ESRCH };
      if (t.kthread) return { errno: -EPERM }; // as kill(2) answers for a kernel thread
      this.s.kernel.sched.sendSignal(t, r.sig);
      this.kick();
      return { errno: 0 };
    },
    register: (r) => {
      const errno = this.s.register(r.pid, r.op);
      this.kick();
      return { errno };
    },
    readFile: (r) => {
      const text = this.s.kernel.hostReadFile(r.path);
      return typeof text === 'number' ? { errno: text } : { text };
    },
    writeFile: (r) => {
      const errno = this.s.kernel.hostWriteFile(r.path, r.data);
      this.kick();
      return { errno };
    },
    stat: (r) => {
      const inode = lookupPath(this.s.kernel.root, r.path);
      if (typeof inode === 'number') return { errno: inode };
      const dir = (inode.mode & S_IFMT) === S_IFDIR || inode.dir !== undefined;
      return { kind: dir ? 'dir' : 'file', writable: (inode.mode & 0o222) !== 0 };
    },
    readdir: (r) => {
      const inode = lookupPath(this.s.kernel.root, r.path);
      if (typeof inode === 'number') return { errno: inode };
      if (!inode.dir) return { errno: -ENOTDIR };
      return { entries: inode.dir.list().map((e) => [e.name, e.type === 'dir' ? 'dir' : 'file'] as [string, 'dir' | 'file']) };
    },
    ttyOpen: (r) => {
      const k = this.s.kernel;
      const size = { rows: r.rows, cols: r.cols };
      const sink = { output: '' };
      const onOutput = (text: string) => (sink.output += text);
      let tty: Tty;
      let pid: number;
      if (r.script === undefined) ({ tty, pid } = this.s.openShell(onOutput, size));
      else {
        tty = k.openTty(onOutput, size);
        pid = k.spawn('/bin/bash', ['bash', '-c', r.script], { tty });
      }
      if (pid < 0) {
        k.closeTty(tty);
        throw new Error(`cannot start the shell (${pid})`);
      }
      const term: Terminal = Object.assign(sink, { tty, shell: k.sched.tasks.get(pid)!, noInput: r.script !== undefined });
      this.terminals.set(tty.index, term);
      this.runBriefly(term);
      this.kick();
      return { tty: tty.index, pid };
    },
    ttyInput: (r) => {
      const term = this.terminals.get(r.tty);
      if (!term) throw new Error(`no terminal ${r.tty}`);
      term.tty.input(r.data);
      this.runBriefly(term);
      this.kick();
      return null;
    },
    ttyResize: (r) => {
      this.terminals.get(r.tty)?.tty.resize({ rows: r.rows, cols: r.cols });
      return null;
    },
    ttyHangup: (r) => {
      const term = this.terminals.get(r.tty);
      if (!term) return null;
      // Closing a terminal window: SIGHUP to its session, so a foreground job does not run on unseen.
      const k = this.s.kernel;
      if (term.shell.alive) for (const t of k.tasks) if (!t.kthread && t.alive && t.sid === term.shell.sid) k.sched.sendSignal(t, 1);
      this.terminals.delete(r.tty);
      k.closeTty(term.tty);
      this.kick();
      return null;
    },
    ping: () => ({ uptimeNs: this.s.kernel.now }),
  };

  /**
   * `sh -c line`. Unpaced: simulated time runs as fast as it can until the shell exits (up to
   * maxSimNs), in slices with a turn of the event loop between. Paced: the pacing loop runs it.
   */
  private exec(line: string, paced: boolean, maxSimNs: number): Promise<CallResult<'exec'>> | CallResult<'exec'> {
    const s = this.s;
    const k = s.kernel;
    const c = s.startCommand(line);
    if (!('task' in c)) return c;
    if (paced) {
      return new Promise((resolve) => {
        const w = { task: c.task, paced: true, done: (finished: boolean) => resolve(c.finish(finished)) };
        this.waiting.add(w);
        this.kick();
      });
    }
    const end = k.now + maxSimNs;
    const step = (): boolean => {
      const t0 = this.host.clock();
      while (c.task.alive && k.now < end && k.hostCalls.pending === 0 && this.host.clock() - t0 < EXEC_SLICE_MS) {
        k.runUntil(() => !c.task.alive || k.hostCalls.pending > 0, Math.min(end - k.now, 20_000_000), 100_000);
      }
      return !c.task.alive || k.now >= end;
    };
    if (step()) return c.finish(!c.task.alive);
    return new Promise((resolve, reject) => {
      const next = () => {
        if (this.session !== s) return resolve(c.finish(false));
        try {
          if (step()) resolve(c.finish(!c.task.alive));
          else {
            this.flush();
            // waiting on the host (a build): simulated time stands still until it answers
            if (k.hostCalls.pending > 0) void k.hostCalls.settled().then(() => setTimeout(next, 0));
            else setTimeout(next, 0);
          }
        } catch (e) {
          reject(e);
        }
      };
      setTimeout(next, 0);
    });
  }

  /** Lets the shell echo a keystroke (or print its prompt) at once instead of at the next slice. */
  private runBriefly(term: Terminal): void {
    this.s.kernel.runUntil(() => term.tty.waitingForInput || !term.shell.alive, ECHO_RUN_NS, 100_000);
    this.feedEof();
  }

  /** A script's terminal has no input: a read gets end-of-file (as `bash -c` under </dev/null). */
  private feedEof(): void {
    for (const term of this.terminals.values()) if (term.noInput && term.tty.waitingForInput) term.tty.input('\x04');
  }

  private kick(): void {
    this.pacer?.kick();
  }

  private needsTime(): boolean {
    const s = this.session;
    if (!s) return false;
    // `make` waits for the compiler on the host: simulated time stands still until it answers.
    if (s.kernel.hostCalls.pending > 0) return false;
    this.feedEof();
    if (s.busy) return true;
    for (const w of this.waiting) if (w.paced) return true;
    for (const term of this.terminals.values()) if (term.shell.alive && !term.tty.waitingForInput) return true;
    // A registered PID keeps the profiler's work item sampling, even a sleeping shell's.
    return s.moduleLoaded && s.registeredPids().length > 0;
  }

  private onExit(t: Task): void {
    if (t.kthread) return;
    this.exits.push({ type: 'exit', pid: t.pid, comm: t.comm, cmdline: t.cmdline.join(' ').slice(0, 64 * 1024), status: t.exitStatus & 0xffff });
    for (const w of this.waiting) {
      if (w.task === t) {
        this.waiting.delete(w);
        queueMicrotask(() => w.done(true));
      }
    }
  }

  private fail(e: unknown): void {
    this.pacer?.dispose();
    this.host.post({ type: 'fatal', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }

  /** Posts everything that changed since the last flush (the state at once when forced). */
  private flush(forceState = false): void {
    const s = this.session;
    if (!s) return;
    if (this.pages?.pending) {
      const b = this.pages.take();
      this.host.post({ type: 'buffer', ...b }, b.pages.map((p) => p.bytes.buffer as ArrayBuffer));
    }
    if (this.dmesg) {
      this.host.post({ type: 'dmesg', text: this.dmesg });
      this.dmesg = '';
    }
    for (const [index, term] of this.terminals) {
      if (term.output) {
        this.host.post({ type: 'ttyOutput', tty: index, data: term.output });
        term.output = '';
      }
      if (!term.shell.alive) {
        this.terminals.delete(index);
        s.kernel.closeTty(term.tty);
        this.host.post({ type: 'ttyClosed', tty: index, status: term.shell.exitStatus & 0xffff });
      }
    }
    for (const e of this.exits.splice(0)) this.host.post(e);
    this.postState(forceState);
  }

  /** The state, when it changed, at most every STATE_MS (a trailing post catches the last change). */
  private postState(force = false): void {
    const now = this.host.clock();
    if (!force && now - this.lastStateAt < STATE_MS) {
      this.stateTimer ??= setTimeout(() => {
        this.stateTimer = undefined;
        this.postState();
      }, STATE_MS - (now - this.lastStateAt));
      return;
    }
    const state = this.state();
    const sig = JSON.stringify(state);
    if (sig === this.lastState) return;
    this.lastState = sig;
    this.lastStateAt = now;
    this.host.post({ type: 'state', state });
  }

  private state(): MachineState {
    const s = this.s;
    const k = s.kernel;
    const registered = s.registeredPids();
    const c = k.config;
    return {
      uptimeNs: k.now,
      jiffies: k.jiffies,
      moduleLoaded: s.moduleLoaded,
      busy: s.busy,
      running: this.needsTime(),
      achievedSpeed: this.pacer?.achievedSpeed ?? 0,
      registered,
      processes: s.processes(registered),
      machine: { hz: c.hz, cpus: c.cpus, ramMiB: c.ramMiB, swapMiB: c.swapMiB, policy: c.policy, diskLatencyNs: c.disk.latencyNs, seed: c.seed },
      loop: { slices: this.pacer?.stats.slices ?? 0, maxSliceMs: this.pacer?.stats.maxSliceMs ?? 0 },
    };
  }

  private shutdown(): void {
    this.pacer?.dispose();
    this.pages?.dispose();
    for (const u of this.unsubscribe.splice(0)) u();
    // Commands still running died with their machine.
    for (const w of this.waiting) queueMicrotask(() => w.done(false));
    this.waiting.clear();
    this.terminals.clear();
    this.exits = [];
    this.dmesg = '';
    this.session = undefined;
  }
}
