// Drives the lab's shell on a simulated machine through a tty, the way a terminal does.
import { createLabMachine } from '../../src/lab/machine';
import type { MachineConfig } from '../../src/kernel/config';
import type { HostFs } from '../../src/kernel/fs/inode';

export interface ShellSession {
  kernel: ReturnType<typeof createLabMachine>;
  pid: number;
  /** everything the terminal received, with \r\n turned into \n */
  output(): string;
  /** output since the last call */
  take(): string;
  /** types text and runs until the shell waits for input again (or maxNs passes) */
  type(text: string, maxNs?: number): string;
  /** types a line (with \r) and returns the output up to the next prompt */
  run(line: string, maxNs?: number): string;
  alive(): boolean;
  tty: { input(text: string): void; readonly waitingForInput: boolean };
}

export function startShell(config: Partial<MachineConfig> = {}, opts: { hostFs?: HostFs; cols?: number } = {}): ShellSession {
  const kernel = createLabMachine(config, opts.hostFs ? { hostFs: opts.hostFs } : {});
  let all = '';
  let mark = 0;
  const tty = kernel.openTty((t) => {
    all += t;
  }, { rows: 24, cols: opts.cols ?? 80 });
  const pid = kernel.spawn('/bin/bash', ['bash'], { tty });
  const alive = (): boolean => {
    for (const t of kernel.tasks) if (t.pid === pid) return t.state !== 'Z' && t.state !== 'X';
    return false;
  };
  const settle = (maxNs: number): void => {
    kernel.runUntil(() => tty.waitingForInput || !alive(), maxNs);
  };
  settle(1e9);
  const norm = (s: string): string => s.replace(/\r\n/g, '\n');
  const session: ShellSession = {
    kernel,
    pid,
    tty,
    output: () => norm(all),
    take: () => {
      const s = norm(all.slice(mark));
      mark = all.length;
      return s;
    },
    type(text, maxNs = 60e9) {
      session.take();
      tty.input(text);
      // let the shell take the input before checking whether it waits again
      kernel.runFor(1000);
      settle(maxNs);
      return session.take();
    },
    run(line, maxNs) {
      return session.type(`${line}\r`, maxNs);
    },
    alive,
  };
  session.take();
  return session;
}

/** Runs `bash -c script` to completion; returns its output and exit status. */
export function runScript(script: string, config: Partial<MachineConfig> = {}): { out: string; status: number } {
  const kernel = createLabMachine(config);
  let out = '';
  const tty = kernel.openTty((t) => {
    out += t;
  });
  let status = -1;
  let pid = -1;
  kernel.sched.onExit.push((t) => {
    if (t.pid === pid) status = (t.exitStatus & 0x7f) !== 0 ? 128 + (t.exitStatus & 0x7f) : (t.exitStatus >> 8) & 0xff;
  });
  pid = kernel.spawn('/bin/bash', ['bash', '-c', script], { tty });
  kernel.runUntil(() => status >= 0, 120e9);
  return { out: out.replace(/\r\n/g, '\n'), status };
}

/** What `bash -c script` printed. */
export const sh = (script: string, config: Partial<MachineConfig> = {}): string => runScript(script, config).out;

/** What `bash -c script` printed and its exit status, as "out[status]". */
export function shs(script: string, config: Partial<MachineConfig> = {}): string {
  const r = runScript(script, config);
  return `${r.out}[${r.status}]`;
}
