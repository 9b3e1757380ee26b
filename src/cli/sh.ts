// `kmlab sh`: the lab's shell on a simulated machine, in your own terminal.
//
//   kmlab sh                      interactive: the shell's own line editing (the host terminal in
//                                 raw mode, Ctrl+C goes to the simulated tty), simulation in real time
//   kmlab sh -c 'SCRIPT'          runs the script non-interactively; exits with the shell's status
//   kmlab sh < script.sh          the same with the script read from stdin
//   --cwd DIR                     /home/student is backed by the real folder DIR, so
//                                 `./monitor > profile1.data` writes DIR/profile1.data
//   --speed 1|10|max              simulated seconds per real second (default 1; max for scripts)
//   --home-quota-mib N            how much the --cwd folder may grow (default 256); then ENOSPC
//   machine options               --ram-mib --swap-mib --cpus --hz --disk --policy --seed
import type { Io } from './main';
import { MACHINE_OPTIONS_HELP, UsageError, optionValue, takeMachineOptions } from './machineOptions';
import { HostFolderError, NodeHostFs } from '../host/nodeHostFs';
import { inProcessSession } from '../lab/inProcessSession';
import { DEFAULT_HOME_QUOTA_MIB, type Inode } from '../kernel/fs/inode';
import { File } from '../kernel/fs/file';
import { readSnapshot } from '../kernel/fs/vfs';
import { O_RDONLY } from '../kernel/uapi';
import { createLabMachine } from '../lab/machine';
import { installKbuildService } from '../host/toolchain/kbuildService';
import type { MachineConfig } from '../kernel/config';
import type { Kernel } from '../kernel/kernel';
import type { Tty } from '../kernel/fs/tty';
import type { Task } from '../kernel/sched/task';

export const SH_USAGE = `usage: kmlab sh [-c SCRIPT] [--cwd DIR] [--home-quota-mib N] [--speed 1|10|max] [machine options]

The lab's shell (bash) on a simulated Linux machine with the MP3 module (mp3.ko), work and
monitor in /home/student. Without -c it is interactive; exit or Ctrl+D leaves it.

options:
  -c SCRIPT            run SCRIPT and exit with its status
  --cwd DIR            back /home/student with the real folder DIR (files written there are real;
                       symbolic links in it are shown, never followed)
  --home-quota-mib N   how much DIR may grow, in MiB (default ${DEFAULT_HOME_QUOTA_MIB}); past it writes fail
                       with "No space left on device"
  --speed S            simulated seconds per real second: a number, or max (default: 1
                       interactive, max with -c or a script on stdin)
${MACHINE_OPTIONS_HELP}`;

export interface ShOptions {
  script?: string;
  cwd?: string;
  /** How much the --cwd folder may grow, in MiB. */
  homeQuotaMiB?: number;
  /** simulated seconds per real second; Infinity for as fast as possible */
  speed?: number;
  config: Partial<MachineConfig>;
}

/** Parses the command line (machine options are taken out first). Throws UsageError. */
export function parseShArgs(argv: string[]): ShOptions {
  const args = [...argv];
  const config = takeMachineOptions(args);
  const o: ShOptions = { config };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq >= 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      const [v, taken] = optionValue(flag, eq >= 0 ? a.slice(eq + 1) : undefined, args[i + 1]);
      i += taken - 1;
      return v;
    };
    if (flag === '-c') {
      // as bash -c: the next argument is the script, whatever it is ('' runs nothing, status 0)
      if (i + 1 >= args.length) throw new UsageError("option '-c' requires an argument");
      o.script = args[++i];
    } else if (flag === '--cwd') o.cwd = value();
    else if (flag === '--home-quota-mib') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 1 << 20) throw new UsageError(`--home-quota-mib: expected a whole number of MiB, got ${v}`);
      o.homeQuotaMiB = Number(v);
    }
    else if (flag === '--speed') {
      const v = value();
      if (v === 'max') o.speed = Infinity;
      else if (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0 && Number(v) <= 1000) o.speed = Number(v);
      else throw new UsageError(`--speed: expected a number in (0, 1000] or max, got ${v}`);
    } else if (flag === '-h' || flag === '--help') throw new UsageError('');
    else throw new UsageError(`unknown option ${a}`);
  }
  return o;
}

/** The machine, with the home directory on a real folder when asked. Throws HostFolderError. */
function boot(o: ShOptions): Kernel {
  const k = createLabMachine(o.config, o.cwd ? { hostFs: new NodeHostFs(o.cwd, { quotaMiB: o.homeQuotaMiB }) } : {});
  installKbuildService(k); // `make` compiles on the host (the toolchain loads on the first build)
  return k;
}

/** A script given on kmlab's stdin, as the shell's fd 0: bash reads it from there as from a pipe. */
function scriptStdin(bytes: Uint8Array): File {
  const inode: Inode = { mode: 0o010600, size: () => 0, mtimeNs: () => 0, open: () => -6 };
  const f = new File({ read: readSnapshot }, O_RDONLY, inode, 'pipe:[stdin]');
  f.private_data = bytes;
  return f;
}

/**
 * The simulated terminal's output into a host stream, with flow control: when the stream's
 * buffer is full the tty stops (its writers sleep) until 'drain'; when its reader has gone
 * (EPIPE, `| head -1`) the writers get SIGPIPE. The machine does not run while it waits, so
 * memory stays bounded however fast a program writes (`kmlab sh -c yes | head -1`).
 */
interface HostOutput {
  write(text: string): unknown;
  /** Waits until the stopped tty's output drained (then starts it) or its reader left. */
  waitForRoom(tty: Tty): Promise<void>;
  close(): void;
}

function hostOutput(io: Io): HostOutput {
  const stream = io.stdout;
  if (!stream) return { write: (text) => io.out(text), waitForRoom: async () => {}, close: () => {} };
  let gone = false;
  let wake: (() => void) | undefined;
  const onDrain = (): void => wake?.();
  const onError = (): void => {
    gone = true; // EPIPE (the reader left) or any other failure of the stream: nothing more reaches it
    wake?.();
  };
  stream.on('drain', onDrain);
  stream.on('error', onError);
  stream.on('close', onError);
  return {
    write: (text) => (gone ? true : stream.write(text)),
    async waitForRoom(tty) {
      const state = stream as { destroyed?: boolean; writableNeedDrain?: boolean };
      // 'drain' may have come already (while the machine let the host's events in)
      if (!gone && !state.destroyed && state.writableNeedDrain !== false) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (gone || state.destroyed) tty.outputGone();
      else tty.start();
    },
    close() {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onError);
    },
  };
}

/** Exit status of a wait status: the code, or 128 + signal. */
function exitCode(status: number): number {
  return (status & 0x7f) !== 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}

/** Simulated time the non-interactive runner gives a script before declaring it stuck. */
const SCRIPT_LIMIT_NS = 24 * 3600 * 1e9;

/** How long (wall-clock ms) the machine may run as fast as it can before the host's events are let in. */
const SLICE_MS = 50;

/**
 * Runs `bash -c script` (a string), or bash reading a script from its stdin (bytes, as `bash <
 * script.sh`), to completion. With a finite speed it is paced against the wall clock; a read
 * of the terminal gets end-of-file (the script has no input). Resolves the exit status.
 */
export async function runShScript(o: ShOptions, io: Io, script: string | Uint8Array): Promise<number> {
  const k = boot(o);
  const out = hostOutput(io);
  const tty = k.openTty((t) => out.write(t.replace(/\r\n/g, '\n')), { rows: 24, cols: 80 });
  let status: number | undefined;
  let pid = -1;
  k.sched.onExit.push((t: Task) => {
    if (t.pid === pid) status = exitCode(t.exitStatus);
  });
  pid = typeof script === 'string'
    ? k.spawn('/bin/bash', ['bash', '-c', script], { tty })
    : k.spawn('/bin/bash', ['bash'], { tty, stdin: scriptStdin(script) });
  if (pid < 0) {
    out.close();
    io.err(`kmlab: cannot start the shell (${pid})\n`);
    return 1;
  }
  const speed = o.speed ?? Infinity;
  let t0 = Date.now();
  let sim0 = k.now;
  let simulated = 0;
  const stop = (): boolean => status !== undefined || tty.waitingForInput || tty.outputStopped || k.hostCalls.pending > 0;
  try {
    while (status === undefined) {
      if (k.panicked) {
        io.err(panicConsole(k));
        return 1;
      }
      if (tty.outputStopped) {
        // the host has not taken the output yet: the machine waits (its writer sleeps in write())
        simulated += k.now - sim0;
        await out.waitForRoom(tty);
        t0 = Date.now();
        sim0 = k.now;
        continue;
      }
      if (tty.waitingForInput) tty.input('\x04'); // no input: end of file
      if (k.hostCalls.pending > 0 && speed === Infinity) {
        await k.hostCalls.settled(); // make waits for the compiler: simulated time stands still
        continue;
      }
      if (speed === Infinity) {
        const start = Date.now();
        while (!stop() && Date.now() - start < SLICE_MS && k.now - sim0 + simulated <= SCRIPT_LIMIT_NS) k.runUntil(stop, 1e9);
        await new Promise((r) => setImmediate(r)); // let the host's events in (drain, EPIPE)
      } else {
        const target = sim0 + (Date.now() - t0) * 1e6 * speed;
        if (target > k.now) k.runUntil(() => status !== undefined || tty.waitingForInput || tty.outputStopped, target - k.now);
        await new Promise((r) => setTimeout(r, 10));
      }
      if (k.now - sim0 + simulated > SCRIPT_LIMIT_NS) {
        io.err('kmlab: the script ran for a simulated day; giving up\n');
        return 124;
      }
    }
  } finally {
    out.close();
  }
  return status;
}

/** What the interactive session needs from the host process (a fake in tests). */
export interface Terminal {
  readonly isTTY: boolean;
  columns?: number;
  rows?: number;
  onData(listener: (text: string) => void): void;
  onResize(listener: () => void): void;
  setRaw(raw: boolean): void;
  write(text: string): void;
  close(): void;
}

/**
 * The interactive shell, through the session interface in-process (the same MachineServer and
 * SessionClient the extension drives across its worker): keystrokes go to the simulated tty;
 * the machine advances in real time × speed, or as fast as it can (max) while something besides
 * the waiting shell runs. Throws HostFolderError for a --cwd it cannot use.
 */
export async function runShInteractive(o: ShOptions, term: Terminal): Promise<number> {
  const home = o.cwd ? new NodeHostFs(o.cwd, { quotaMiB: o.homeQuotaMiB }) : undefined;
  const m = inProcessSession({ hostFs: () => home });
  const speed = o.speed ?? 1;
  await m.client.boot({ config: { ...o.config }, speed: speed === Infinity ? 'max' : speed });
  return new Promise((resolve) => {
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      term.setRaw(false);
      term.close();
      setImmediate(() => m.dispose()); // after the last output reached the terminal
      resolve(code);
    };
    m.client.openTerminal({ rows: term.rows ?? 24, cols: term.columns ?? 80 }, {
      output: (t) => term.write(t),
      closed: (status) => setImmediate(() => finish(exitCode(status))),
    }).then((handle) => {
      term.onData((text) => {
        if (!done) handle.input(text);
      });
      term.onResize(() => handle.resize(term.rows ?? 24, term.columns ?? 80));
      term.setRaw(true);
    }, () => finish(1));
  });
}

/**
 * What the console shows of a panic: the kernel's messages from the first alert (the Oops)
 * on. The simulated machine has stopped; kmlab sh ends with status 1 (boot a new one to go on).
 */
function panicConsole(k: ReturnType<typeof boot>): string {
  const records = k.log.all();
  const first = records.findIndex((r) => r.level <= 1);
  return records.slice(Math.max(0, first)).map((r) => `${r.text}\n`).join('') + 'kmlab: the simulated machine panicked\n';
}

function nodeTerminal(): Terminal {
  const stdin = process.stdin;
  const stdout = process.stdout;
  return {
    isTTY: !!stdin.isTTY,
    get columns() {
      return stdout.columns;
    },
    get rows() {
      return stdout.rows;
    },
    onData(listener) {
      stdin.setEncoding('utf8');
      stdin.on('data', (d: string | Buffer) => listener(typeof d === 'string' ? d : d.toString('utf8')));
      stdin.resume();
    },
    onResize(listener) {
      stdout.on('resize', listener);
    },
    setRaw(raw) {
      if (stdin.isTTY) stdin.setRawMode(raw);
    },
    write(text) {
      stdout.write(text);
    },
    close() {
      stdin.pause();
    },
  };
}

async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function shCommand(argv: string[], io: Io, term?: Terminal): Promise<number> {
  let o: ShOptions;
  try {
    o = parseShArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message === '') {
        io.out(SH_USAGE);
        return 0;
      }
      io.err(`kmlab: ${err.message}\n${SH_USAGE}`);
      return 2;
    }
    throw err;
  }
  try {
    if (o.script !== undefined) return await runShScript(o, io, o.script);
    const t = term ?? nodeTerminal();
    if (!t.isTTY && !term) {
      // a script on stdin: run it like `bash < script.sh` (bash reads it from its stdin, so its
      // size is not bounded by execve's argument limit as `bash -c` is)
      return await runShScript(o, io, await readAllStdin());
    }
    return await runShInteractive(o, t);
  } catch (err) {
    if (!(err instanceof HostFolderError)) throw err;
    io.err(`kmlab: --cwd ${err.message}\n`);
    return 1;
  }
}
