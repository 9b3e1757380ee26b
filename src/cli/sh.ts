// `kmlab sh`: the lab's shell on a simulated machine, in your own terminal.
//
//   kmlab sh                      interactive: the shell's own line editing (the host terminal in
//                                 raw mode, Ctrl+C goes to the simulated tty), simulation in real time
//   kmlab sh -c 'SCRIPT'          runs the script non-interactively; exits with the shell's status
//   kmlab sh < script.sh          the same with the script read from stdin
//   --cwd DIR                     /home/student is backed by the real folder DIR, so
//                                 `./monitor > profile1.data` writes DIR/profile1.data
//   --speed 1|10|max              simulated seconds per real second (default 1; max for scripts)
//   machine options               --ram-mib --swap-mib --cpus --hz --disk --policy --seed
import type { Io } from './main';
import { MACHINE_OPTIONS_HELP, UsageError, takeMachineOptions } from './machineOptions';
import { NodeHostFs } from './nodeHostFs';
import { createLabMachine } from '../lab/machine';
import type { MachineConfig } from '../kernel/config';
import type { Kernel } from '../kernel/kernel';
import type { Tty } from '../kernel/fs/tty';
import type { Task } from '../kernel/sched/task';

export const SH_USAGE = `usage: kmlab sh [-c SCRIPT] [--cwd DIR] [--speed 1|10|max] [machine options]

The lab's shell (bash) on a simulated Linux machine with the MP3 module (mp3.ko), work and
monitor in /home/student. Without -c it is interactive; exit or Ctrl+D leaves it.

options:
  -c SCRIPT            run SCRIPT and exit with its status
  --cwd DIR            back /home/student with the real folder DIR (files written there are real)
  --speed S            simulated seconds per real second: a number, or max (default: 1
                       interactive, max with -c or a script on stdin)
${MACHINE_OPTIONS_HELP}`;

export interface ShOptions {
  script?: string;
  cwd?: string;
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
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-c') o.script = value();
    else if (flag === '--cwd') o.cwd = value();
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

/** The machine, with the home directory on a real folder when asked. */
function boot(o: ShOptions): Kernel {
  return createLabMachine(o.config, o.cwd ? { hostFs: new NodeHostFs(o.cwd) } : {});
}

/** Exit status of a wait status: the code, or 128 + signal. */
function exitCode(status: number): number {
  return (status & 0x7f) !== 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}

/** Simulated time the non-interactive runner gives a script before declaring it stuck. */
const SCRIPT_LIMIT_NS = 24 * 3600 * 1e9;

/**
 * Runs `bash -c script` to completion. With a finite speed it is paced against the wall clock;
 * a read of the terminal gets end-of-file (the script has no input). Resolves the exit status.
 */
export async function runShScript(o: ShOptions, io: Io, script: string): Promise<number> {
  const k = boot(o);
  const tty = k.openTty((t) => io.out(t.replace(/\r\n/g, '\n')), { rows: 24, cols: 80 });
  let status: number | undefined;
  let pid = -1;
  k.sched.onExit.push((t: Task) => {
    if (t.pid === pid) status = exitCode(t.exitStatus);
  });
  pid = k.spawn('/bin/bash', ['bash', '-c', script], { tty });
  if (pid < 0) {
    io.err(`kmlab: cannot start the shell (${pid})\n`);
    return 1;
  }
  const speed = o.speed ?? Infinity;
  const t0 = Date.now();
  const sim0 = k.now;
  while (status === undefined) {
    if (k.panicked) {
      io.err(panicConsole(k));
      return 1;
    }
    if (tty.waitingForInput) tty.input('\x04'); // no input: end of file
    if (speed === Infinity) {
      k.runUntil(() => status !== undefined || tty.waitingForInput, 1e9);
    } else {
      const target = sim0 + (Date.now() - t0) * 1e6 * speed;
      if (target > k.now) k.runUntil(() => status !== undefined || tty.waitingForInput, target - k.now);
      await new Promise((r) => setTimeout(r, 10));
    }
    if (k.now - sim0 > SCRIPT_LIMIT_NS) {
      io.err('kmlab: the script ran for a simulated day; giving up\n');
      return 124;
    }
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

/** How long (simulated) the machine runs after a keystroke so the echo appears at once. */
const ECHO_NS = 2_000_000;
const TICK_MS = 15;

/**
 * The interactive shell: keystrokes go to the simulated tty; the simulation advances in real
 * time × speed, or as fast as it can (max) while something besides the waiting shell runs.
 */
export function runShInteractive(o: ShOptions, term: Terminal): Promise<number> {
  const k = boot(o);
  const tty: Tty = k.openTty((t) => term.write(t), { rows: term.rows ?? 24, cols: term.columns ?? 80 });
  const speed = o.speed ?? 1;
  return new Promise((resolve) => {
    let shellPid = -1;
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      term.setRaw(false);
      term.close();
      resolve(code);
    };
    k.sched.onExit.push((t: Task) => {
      if (t.pid === shellPid) setImmediate(() => finish(exitCode(t.exitStatus)));
    });
    shellPid = k.spawn('/bin/bash', ['bash'], { tty });
    if (shellPid < 0) {
      finish(1);
      return;
    }
    /** Nothing to simulate: the shell waits for a key and no other user task is alive. */
    const idle = (): boolean => {
      if (!tty.waitingForInput) return false;
      for (const t of k.sched.tasks.values()) if (!t.kthread && t.alive && t.pid !== shellPid) return false;
      return true;
    };
    let wall0 = Date.now();
    let sim0 = k.now;
    const rebase = (): void => {
      wall0 = Date.now();
      sim0 = k.now;
    };
    const tick = (): void => {
      timer = undefined;
      if (done) return;
      if (k.panicked) {
        term.write(panicConsole(k).replace(/\n/g, '\r\n'));
        finish(1);
        return;
      }
      if (idle()) {
        rebase();
        return; // wait for a key
      }
      if (speed === Infinity) {
        const start = Date.now();
        while (!done && !idle() && Date.now() - start < 50) k.runFor(10_000_000);
        timer = setTimeout(tick, 0);
        return;
      }
      const target = sim0 + (Date.now() - wall0) * 1e6 * speed;
      const start = Date.now();
      while (!done && k.now < target && Date.now() - start < 100) k.runFor(Math.min(10_000_000, target - k.now));
      if (k.now < target) rebase(); // the simulation is slower than asked: do not try to catch up
      timer = setTimeout(tick, TICK_MS);
    };
    const kick = (): void => {
      if (!timer && !done) timer = setTimeout(tick, 0);
    };
    term.onData((text) => {
      if (done) return;
      tty.input(text);
      k.runUntil(() => tty.waitingForInput || done, ECHO_NS);
      kick();
    });
    term.onResize(() => tty.resize({ rows: term.rows ?? 24, cols: term.columns ?? 80 }));
    term.setRaw(true);
    k.runUntil(() => tty.waitingForInput || done, 1e9);
    rebase();
    kick();
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

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
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
  if (o.script !== undefined) return runShScript(o, io, o.script);
  const t = term ?? nodeTerminal();
  if (!t.isTTY && !term) {
    // a script on stdin: run it like `bash < script.sh`
    return runShScript(o, io, await readAllStdin());
  }
  return runShInteractive(o, t);
}
