// A terminal (drivers/tty/n_tty.c in miniature). The host (the VS Code pseudoterminal or the
// kmlab CLI) is the other end: it feeds keystrokes to input() and receives output text.
//   - canonical mode (default): line editing in the kernel (erase, kill, ^D), echo;
//   - raw mode (TCSETS with icanon off): bytes go to the reader as they come, as readline wants;
//   - ISIG: ^C, ^\, ^Z signal the foreground process group;
//   - output post-processing (OPOST|ONLCR): "\n" leaves as "\r\n";
//   - output flow control: when the host cannot take more (its output callback returns false, as
//     a full pipe does for kmlab's stdout) the tty is stopped (stop_tty) and writers sleep until
//     the host starts it again; when the host's end is gone they get EPIPE and SIGPIPE, as a
//     writer into a pipe whose reader has left (`kmlab sh -c 'seq 100000' | head -1`).
import * as E from '../errno';
import { WaitQueue, wakeUpAll, type Waker } from '../sched/wait';
import { File, BLOCK, type FileOperations } from './file';
import type { Inode } from './inode';
import type { Task } from '../sched/task';
import { S_IFCHR, SIGPIPE, SIGINT, SIGTTIN, SIGQUIT, SIGTSTP, TCGETS, TCSETS, TIOCGPGRP, TIOCGWINSZ, TIOCSPGRP, makedev, type Termios, type WinSize } from '../uapi';

export interface TtyHost {
  signalGroup(pgid: number, sig: number): void;
  /** A signal to one task (SIGPIPE to a writer once the output is gone). */
  signalTask?(task: Task, sig: number): void;
  /** No member of the group has a parent in another group of the session (will_become_orphaned_pgrp). */
  isPgrpOrphaned(pgid: number, sid: number): boolean;
  readonly waker: Waker;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export class Tty {
  termios: Termios = { icanon: true, echo: true, isig: true };
  winsize: WinSize = { rows: 24, cols: 80 };
  /** Foreground process group (TIOCSPGRP), 0 when none. */
  fgPgrp = 0;
  /** The session this is the controlling terminal of (tty->session), 0 when none. */
  sid = 0;
  private readable: number[] = [];
  private line: number[] = [];
  /** Pending end-of-file (^D on an empty line in canonical mode). */
  private eof = 0;
  readonly readWait = new WaitQueue('n_tty_read');
  /** Writers waiting for the stopped output to start again. */
  readonly writeWait = new WaitQueue('n_tty_write');
  /** stop_tty(): the host's buffer is full; writes sleep until start(). */
  private stopped = false;
  /** The host's end of the output is gone: writes fail with EPIPE. */
  private gone = false;
  readonly inode: Inode;

  /**
   * `output` receives what programs write and what the line discipline echoes; it returns false
   * when the host cannot take more for now (the tty stops until start()).
   */
  constructor(
    readonly index: number,
    private readonly host: TtyHost,
    private readonly output: (text: string) => unknown,
  ) {
    this.inode = {
      mode: S_IFCHR | 0o620,
      rdev: makedev(136, index),
      size: () => 0,
      mtimeNs: () => 0,
      open: (_task, flags, path) => this.openFile(flags, path),
    };
  }

  /** A new open file description of this terminal (stdin/stdout/stderr of a session). */
  openFile(flags: number, path = `/dev/pts/${this.index}`): File {
    const f = new File(this.fops, flags, this.inode, path);
    f.wq = this.readWait;
    f.writeWq = this.writeWait;
    return f;
  }

  /** True while output is stopped: a writer may be asleep until the host drains and calls start(). */
  get outputStopped(): boolean {
    return this.stopped && !this.gone;
  }

  /** start_tty(): the host took the output; sleeping writers go on. */
  start(): void {
    this.stopped = false;
    wakeUpAll(this.writeWait, this.host.waker);
  }

  /** The host's end of the output closed (EPIPE on kmlab's stdout): every later write gets EPIPE. */
  outputGone(): void {
    this.gone = true;
    wakeUpAll(this.writeWait, this.host.waker);
  }

  /** True when a reader sleeps on this terminal and nothing is queued for it. */
  get waitingForInput(): boolean {
    return this.readWait.waiters.size > 0 && this.readable.length === 0 && this.eof === 0;
  }

  /** Keystrokes from the terminal emulator. */
  input(text: string): void {
    for (const byte of enc.encode(text)) this.receive(byte);
    wakeUpAll(this.readWait, this.host.waker);
  }

  resize(size: WinSize): void {
    this.winsize = { rows: Math.max(1, size.rows | 0), cols: Math.max(1, size.cols | 0) };
  }

  private receive(c: number): void {
    const t = this.termios;
    if (t.isig && (c === 0x03 || c === 0x1c || c === 0x1a)) {
      const sig = c === 0x03 ? SIGINT : c === 0x1c ? SIGQUIT : SIGTSTP;
      if (t.echo) this.echo(c === 0x03 ? '^C\n' : c === 0x1c ? '^\\\n' : '^Z\n');
      this.line = [];
      if (this.fgPgrp) this.host.signalGroup(this.fgPgrp, sig);
      return;
    }
    if (!t.icanon) {
      this.readable.push(c);
      return;
    }
    if (c === 0x0d) c = 0x0a; // ICRNL
    if (c === 0x7f || c === 0x08) {
      if (this.line.length) {
        // erase a whole UTF-8 character
        do this.line.pop();
        while (this.line.length && (this.line[this.line.length - 1] & 0xc0) === 0x80);
        if (t.echo) this.echo('\b \b');
      }
      return;
    }
    if (c === 0x15) {
      if (t.echo) this.echo('\b \b'.repeat(dec.decode(new Uint8Array(this.line)).length));
      this.line = [];
      return;
    }
    if (c === 0x04) {
      if (this.line.length === 0) this.eof++;
      this.readable.push(...this.line);
      this.line = [];
      return;
    }
    if (c === 0x0a) {
      this.line.push(c);
      this.readable.push(...this.line);
      this.line = [];
      if (t.echo) this.echo('\n');
      return;
    }
    if (c < 0x20 && c !== 0x09) return; // other control characters are not part of a line
    this.line.push(c);
    if (t.echo) this.echo(String.fromCharCode(c));
  }

  private echo(text: string): void {
    this.output(text.replace(/\n/g, '\r\n'));
  }

  /** Output from programs (write(2) to the tty). */
  write(data: Uint8Array): number {
    if (this.output(dec.decode(data).replace(/\r?\n/g, '\r\n')) === false) this.stopped = true;
    return data.length;
  }

  private writeFrom(data: Uint8Array, task: Task): number | typeof BLOCK {
    if (this.gone) {
      this.host.signalTask?.(task, SIGPIPE);
      return -E.EPIPE;
    }
    if (this.stopped) return BLOCK;
    return this.write(data);
  }

  /**
   * job_control() → __tty_check_change(tty, SIGTTIN): a process of a background group reading
   * its controlling terminal does not get the input; its group is sent SIGTTIN (and stops) and
   * the read is re-run once it is continued. If SIGTTIN is ignored or the group is orphaned,
   * the read fails with EIO. Returns 0 when the task may read.
   */
  private checkBackgroundRead(task: Task | undefined): number | typeof BLOCK {
    if (!task || this.sid === 0 || task.sid !== this.sid || this.fgPgrp === 0 || task.pgid === this.fgPgrp) return 0;
    if (task.ignoredSignals & (1 << SIGTTIN) || this.host.isPgrpOrphaned(task.pgid, task.sid)) return -E.EIO;
    this.host.signalGroup(task.pgid, SIGTTIN);
    return BLOCK; // -ERESTARTSYS: the sleep sees the signal pending and the call is re-run later
  }

  readonly fops: FileOperations = {
    read: (_file, buf, task) => {
      const bg = this.checkBackgroundRead(task);
      if (bg !== 0) return bg;
      if (this.readable.length === 0) {
        if (this.eof > 0) {
          this.eof--;
          return 0;
        }
        return BLOCK;
      }
      let n = 0;
      if (this.termios.icanon) {
        // one line at a time
        while (n < buf.length && this.readable.length) {
          const c = this.readable.shift()!;
          buf[n++] = c;
          if (c === 0x0a) break;
        }
      } else {
        while (n < buf.length && this.readable.length) buf[n++] = this.readable.shift()!;
      }
      return n;
    },
    write: (_file, data, task) => this.writeFrom(data, task),
    ioctl: (_file, request, arg) => {
      switch (request) {
        case TCGETS:
          return { ...this.termios };
        case TCSETS: {
          const t = arg as Partial<Termios> | undefined;
          if (!t || typeof t !== 'object') return -E.EFAULT;
          const wasCanon = this.termios.icanon;
          this.termios = { icanon: !!t.icanon, echo: !!t.echo, isig: !!t.isig };
          if (wasCanon && !this.termios.icanon && this.line.length) {
            this.readable.push(...this.line);
            this.line = [];
          }
          return 0;
        }
        case TIOCGPGRP:
          return this.fgPgrp;
        case TIOCSPGRP:
          if (typeof arg !== 'number' || arg <= 0) return -E.EINVAL;
          this.fgPgrp = arg;
          return 0;
        case TIOCGWINSZ:
          return { ...this.winsize };
        default:
          return -E.ENOTTY;
      }
    },
  };
}
