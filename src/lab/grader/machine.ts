// The grading machine: one simulated VM for all of a submission's tests, as the course's
// grader boots one QEMU guest (2 CPUs, 4 GiB, 2 GiB swap). Each test drives it through the
// lab shell like the grader's scripts do, and keeps a transcript of what it ran and saw.
import type { MachineConfig } from '../../kernel/config';
import type { HostFs } from '../../kernel/fs/inode';
import type { ModuleImage } from '../../kernel/module';
import { formatRecord } from '../../kernel/printk';
import { WEXITSTATUS, WIFSIGNALED, WTERMSIG } from '../../kernel/uapi';
import { LabSession } from '../session';
import type { Task } from '../../kernel/sched/task';
import { chardevOpen } from '../../programs/grader/chardev_open';
import { mmapTest } from '../../programs/grader/mmap_test';

export const GRADER_MACHINE: Partial<MachineConfig> = { cpus: 2, ramMiB: 4096, swapMiB: 2048, hz: 1000 };

/** Lines of the kernel log that mean the module did something wrong. */
export const KERNEL_TROUBLE = /^(BUG:|Oops:|WARNING:|watchdog: BUG:|INFO: task .* blocked|Kernel panic|kmemleak:|general protection fault|=+$|\[ BUG:)/;

export interface ShResult {
  status: number;
  output: string;
  finished: boolean;
}

export class GradingMachine {
  private session: LabSession;
  /** dmesg of machines that came before a reboot (an Oops with oops=panic). */
  private earlierLogs: string[] = [];
  private transcript: string[] = [];
  private logMark = 0;

  /** A module image to load as mp3.ko instead of the home's (the built-in reference, tests). */
  private moduleImage?: ModuleImage;

  constructor(
    private readonly home: HostFs,
    private readonly config: Partial<MachineConfig> = GRADER_MACHINE,
  ) {
    this.session = this.boot();
  }

  private boot(): LabSession {
    const s = new LabSession({ config: this.config, hostFs: this.home });
    s.kernel.registerProgram('/bin/chardev_open', chardevOpen);
    s.kernel.registerProgram('/bin/mmap_test', mmapTest);
    // The grader's machine has no given mp3.ko: what insmod loads is what the submission built
    // (also after a reboot, when the lab machine would put the given one back over it).
    s.kernel.home.overlay.delete('mp3.ko');
    if (this.moduleImage) s.kernel.registerModuleFile('mp3.ko', this.moduleImage);
    return s;
  }

  /** Loads `image` as mp3.ko from now on (and after a reboot). */
  useModuleImage(image: ModuleImage): void {
    this.moduleImage = image;
    this.kernel.registerModuleFile('mp3.ko', image);
  }

  get kernel(): LabSession['kernel'] {
    return this.session.kernel;
  }

  /** Starts a test's transcript and its dmesg excerpt. */
  begin(): void {
    this.transcript = [];
    this.logMark = this.kernel.log.all().length;
  }

  /** Runs a command line as the grader's script would, and records it. */
  sh(line: string, maxSimSeconds = 30): ShResult {
    return this.record(line, this.session.exec(line, maxSimSeconds * 1e9), maxSimSeconds);
  }

  private record(line: string, r: { status: number; output: string; finished: boolean }, maxSimSeconds: number): ShResult {
    // $? as bash reports it: the exit code, or 128 + the signal that ended the shell
    const status = WIFSIGNALED(r.status) ? 128 + WTERMSIG(r.status) : WEXITSTATUS(r.status);
    this.transcript.push(`$ ${line}`);
    if (r.output) this.transcript.push(r.output.replace(/\n$/, ''));
    if (!r.finished) this.transcript.push(`(still running after ${maxSimSeconds} s: the grader went on)`);
    return { status, output: r.output, finished: r.finished };
  }

  /**
   * Like sh(), for a command that waits on the host (make: the compiler runs outside the
   * simulation): while a host call is in flight simulated time stands still and the grader
   * waits for it, as `kmlab sh -c` does.
   */
  async shAsync(line: string, maxSimSeconds = 30): Promise<ShResult> {
    const k = this.kernel;
    let output = '';
    const tty = k.openTty((text) => (output += text));
    const pid = k.spawn('/bin/sh', ['sh', '-c', line], { tty });
    const task = k.sched.tasks.get(pid);
    let status = 0;
    const capture = (t: Task): void => {
      if (t === task) status = t.exitStatus;
    };
    k.sched.onExit.push(capture);
    const end = k.now + maxSimSeconds * 1e9;
    let finished = false;
    while (task) {
      finished = k.runUntil(() => !task.alive || k.hostCalls.pending > 0, Math.max(0, end - k.now), 100_000);
      if (!task.alive) break;
      if (k.hostCalls.pending > 0) await k.hostCalls.settled();
      else break;
    }
    k.sched.onExit.splice(k.sched.onExit.indexOf(capture), 1);
    k.closeTty(tty);
    return this.record(line, { status: output === '' && !task ? 127 << 8 : status, output: output.replace(/\r\n/g, '\n'), finished: finished || !task?.alive }, maxSimSeconds);
  }

  note(text: string): void {
    this.transcript.push(text);
  }

  /** Advances the machine's time with nothing typed (the grader's `sleep`). */
  idle(seconds: number): void {
    this.kernel.runFor(seconds * 1e9);
  }

  /** The kernel messages since begin() that say something went wrong. */
  trouble(): string[] {
    return this.kernel.log.all().slice(this.logMark).map((r) => r.text).filter((t) => KERNEL_TROUBLE.test(t));
  }

  /** What the test did, and the kernel's complaints during it. */
  details(findings: string[]): string {
    const trouble = this.trouble();
    const parts = [...findings, '', ...this.transcript];
    if (trouble.length) parts.push('', 'dmesg:', ...trouble);
    return parts.join('\n').trim();
  }

  /** After a panic (oops=panic) the grader's machine reboots and the next test runs on it. */
  rebootIfPanicked(): boolean {
    const panicked = this.kernel.log.all().slice(this.logMark).some((r) => r.text.startsWith('Kernel panic'));
    if (!panicked) return false;
    this.earlierLogs.push(this.dmesgOfThisBoot());
    this.session.dispose();
    this.session = this.boot();
    return true;
  }

  private dmesgOfThisBoot(): string {
    return this.kernel.log.all().map(formatRecord).join('');
  }

  dmesg(): string {
    return [...this.earlierLogs, this.dmesgOfThisBoot()].join('');
  }

  dispose(): void {
    this.session.dispose();
  }
}
