// The lab terminal: a Pseudoterminal whose other end is a terminal of the simulated kernel
// running the lab shell (the same bash as `kmlab sh`). Keystrokes go to the kernel's tty as
// they are typed; line editing, history, completion and Ctrl+C are the shell's and the tty's
// own (raw mode, ISIG), exactly as on the course VM. The tty lives in the machine's worker (a
// terminal of the session interface); output of `work` arrives as the simulation produces it.
//
// Open Terminal accepts { run: "line" }: it opens (or shows) the terminal and types the line,
// which the tty holds until the shell reads it (type-ahead), as the lab guide's shell buttons do.
import * as vscode from 'vscode';
import type { SessionClient, TerminalHandle } from '../lab/sessionClient';
import type { LabHost, LabLog } from './lab';
import { TerminalProfileId } from './ids';

export const TERMINAL_NAME = 'Lab Shell';

/** How every Lab Shell is created (Open Terminal and the "+" menu's profile alike). */
function labTerminalOptions(pty: vscode.Pseudoterminal): vscode.ExtensionTerminalOptions {
  return { name: TERMINAL_NAME, pty, iconPath: new vscode.ThemeIcon('terminal-bash'), isTransient: true };
}
/** How much of the terminal's output the test hook keeps. */
const TRANSCRIPT_MAX = 256 * 1024;

class LabPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  private session: SessionClient | undefined;
  private term: TerminalHandle | undefined;
  private size: { rows: number; cols: number } | undefined;
  private opened = false;
  private closed = false;
  /** Lines to type once the shell is there (Open Terminal { run }, typed before the shell started). */
  private readonly pending: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  transcript = '';

  constructor(
    private readonly lab: LabHost,
    private readonly log: LabLog,
    private readonly onClosed: () => void,
  ) {}

  open(dims: vscode.TerminalDimensions | undefined): void {
    this.opened = true;
    if (dims) this.size = { rows: dims.rows, cols: dims.columns };
    // Boot first (the first terminal may be what boots the machine): listening for boots before
    // that would take the first boot for a reset and attach a second shell to the same kernel.
    const session = this.lab.session;
    this.disposables.push(
      this.lab.onDidBoot((s) => {
        if (this.closed) return;
        this.write('\r\n\x1b[33m[the simulated machine was reset: a new shell on the new kernel]\x1b[0m\r\n');
        this.attach(s);
      }),
    );
    this.attach(session);
  }

  private attach(session: SessionClient): void {
    this.session = session;
    this.term = undefined;
    session.openTerminal(this.size ?? { rows: 24, cols: 80 }, {
      output: (text) => {
        if (this.session === session) this.write(text);
      },
      // The student typed `exit` (or the shell died): close the terminal like a real one.
      closed: (status) => {
        if (this.session !== session || this.closed) return;
        this.closed = true;
        setTimeout(() => this.closeEmitter.fire((status >> 8) & 0xff), 0);
      },
    }).then((term) => {
      if (this.session !== session) return;
      this.term = term;
      // Lines typed before the shell existed: the tty queues them, as a real one does type-ahead.
      for (const line of this.pending.splice(0)) term.input(line);
    }, (e) => {
      if (this.session === session) this.log.error(`lab terminal: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private write(text: string): void {
    this.transcript += text;
    if (this.transcript.length > TRANSCRIPT_MAX) this.transcript = this.transcript.slice(-TRANSCRIPT_MAX / 2);
    this.writeEmitter.fire(text);
  }

  handleInput(data: string): void {
    if (this.closed) return;
    if (this.term) this.term.input(data);
    else this.pending.push(data);
  }

  /** Types a line at the prompt (the tty holds it until the shell reads, like type-ahead). */
  typeLine(line: string): void {
    this.handleInput(line.replace(/[\r\n]+$/, '') + '\r');
  }

  setDimensions(dims: vscode.TerminalDimensions): void {
    this.size = { rows: dims.rows, cols: dims.columns };
    this.term?.resize(this.size.rows, this.size.cols);
  }

  close(): void {
    // The terminal was closed by the user: hang up, like closing a terminal window (SIGHUP to
    // the session), so a foreground job does not run on unseen.
    this.closed = true;
    this.term?.hangup();
    this.dispose();
    this.onClosed();
  }

  get isOpen(): boolean {
    return this.opened && !this.closed;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/**
 * The lab terminal(s): Open Terminal creates one, or shows the one already open; the terminal
 * panel's "+" menu offers a "Lab Shell" profile that opens another (a new bash on its own pts).
 *
 * Every Lab Shell is transient: its other end is a shell inside this extension host's simulated
 * machine, which a window reload throws away, so VS Code must not restore the tab — a restored
 * tab would be revived as a host shell under the lab's name, and `insmod mp3.ko` typed there
 * would run on the real machine. After a reload the student opens a new Lab Shell (Open
 * Terminal, or the profile), which attaches to the machine the extension host boots.
 */
export class LabTerminals implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private pty: LabPty | undefined;
  /** Ptys handed to VS Code by the profile provider, until their terminal opens. */
  private readonly fromProfile = new Set<LabPty>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly lab: LabHost,
    private readonly log: LabLog,
  ) {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) this.forget();
      }),
      vscode.window.onDidOpenTerminal((t) => {
        const pty = (t.creationOptions as vscode.ExtensionTerminalOptions).pty as LabPty | undefined;
        if (!pty || !this.fromProfile.delete(pty)) return;
        // The profile's terminal becomes the one Open Terminal and the guide type into, unless
        // one is open already.
        if (!this.terminal) {
          this.terminal = t;
          this.pty = pty;
        }
      }),
      vscode.window.registerTerminalProfileProvider(TerminalProfileId.labShell, {
        provideTerminalProfile: () => {
          const pty = this.newPty();
          this.fromProfile.add(pty);
          return new vscode.TerminalProfile(labTerminalOptions(pty));
        },
      }),
    );
  }

  private forget(): void {
    this.terminal = undefined;
    this.pty = undefined;
  }

  private newPty(): LabPty {
    const pty: LabPty = new LabPty(this.lab, this.log, () => {
      this.fromProfile.delete(pty);
      if (this.pty === pty) this.forget();
    });
    return pty;
  }

  /** Opens the lab terminal (or reveals it) and, if given, types `run` at its prompt. */
  open(run?: string, preserveFocus = false): vscode.Terminal {
    if (!this.terminal || !this.pty) {
      const pty = this.newPty();
      this.pty = pty;
      this.terminal = vscode.window.createTerminal(labTerminalOptions(pty));
    }
    this.terminal.show(preserveFocus);
    if (run !== undefined) this.pty.typeLine(run);
    return this.terminal;
  }

  /** Everything the terminal has shown (for the extension-host tests). */
  transcript(): string {
    return this.pty?.transcript ?? '';
  }

  dispose(): void {
    this.pty?.dispose();
    this.terminal?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
