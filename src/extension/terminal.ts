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

const TERMINAL_NAME = 'Lab Shell';
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
    this.disposables.push(
      this.lab.onDidBoot((s) => {
        if (this.closed) return;
        this.write('\r\n\x1b[33m[the simulated machine was reset: a new shell on the new kernel]\x1b[0m\r\n');
        this.attach(s);
      }),
    );
    this.attach(this.lab.session);
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

/** The lab terminal(s): Open Terminal creates one, or shows the one already open. */
export class LabTerminals implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private pty: LabPty | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly lab: LabHost,
    private readonly log: LabLog,
  ) {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) this.forget();
      }),
    );
  }

  private forget(): void {
    this.terminal = undefined;
    this.pty = undefined;
  }

  /** Opens the lab terminal (or reveals it) and, if given, types `run` at its prompt. */
  open(run?: string, preserveFocus = false): vscode.Terminal {
    if (!this.terminal || !this.pty) {
      const pty = new LabPty(this.lab, this.log, () => {
        if (this.pty === pty) this.forget();
      });
      this.pty = pty;
      this.terminal = vscode.window.createTerminal({
        name: TERMINAL_NAME,
        pty,
        iconPath: new vscode.ThemeIcon('terminal-bash'),
        isTransient: true,
      });
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
