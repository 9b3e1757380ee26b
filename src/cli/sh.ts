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
import { NodeHostFs } from '../host/nodeHostFs';
import { inProcessSession, type InProcessSession } from '../lab/inProcessSession';
import type { MachineConfig } from '../kernel/config';

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

/**
 * The machine behind the session interface, in-process: the same MachineServer and SessionClient
 * the extension drives across its worker, so the CLI and the extension drive one thing.
 */
async function boot(o: ShOptions): Promise<InProcessSession> {
  const m = inProcessSession({ hostFs: () => (o.cwd ? new NodeHostFs(o.cwd) : undefined) });
  const speed = o.speed === undefined || o.speed === Infinity ? 'max' : o.speed;
  await m.client.boot({ config: { ...o.config }, speed });
  return m;
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
  const m = await boot({ ...o, speed: o.speed ?? Infinity });
  let watch: ReturnType<typeof setInterval> | undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      m.client.openTerminal({ rows: 24, cols: 80 }, {
        output: (t) => io.out(t.replace(/\r\n/g, '\n')),
        closed: (status) => resolve(exitCode(status)),
      }, script).catch(reject);
      watch = setInterval(() => {
        if (m.client.uptimeNs <= SCRIPT_LIMIT_NS) return;
        io.err('kmlab: the script ran for a simulated day; giving up\n');
        resolve(124);
      }, 100);
    });
  } catch (e) {
    io.err(`kmlab: cannot start the shell (${e instanceof Error ? e.message : String(e)})\n`);
    return 1;
  } finally {
    clearInterval(watch);
    m.dispose();
  }
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
 * The interactive shell: keystrokes go to the simulated tty; the simulation advances in real
 * time × speed, or as fast as it can (max) while something besides the waiting shell runs.
 */
export async function runShInteractive(o: ShOptions, term: Terminal): Promise<number> {
  const m = await boot({ ...o, speed: o.speed ?? 1 });
  return new Promise((resolve) => {
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      term.setRaw(false);
      term.close();
      // let the last output reach the terminal before the machine goes
      setImmediate(() => m.dispose());
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
