// The kernel's printk ring as an output channel, "Kernel Memory Lab: dmesg": every record the
// simulated kernel logs (module load messages, "mp3: registered PID …", OOM kills, Oopses)
// appears as `dmesg` prints it (the machine's worker posts the records' text as it goes).
// Records are batched: at most one append per 100 ms.
import * as vscode from 'vscode';
import type { LabHost } from './lab';

export const DMESG_CHANNEL = 'Kernel Memory Lab: dmesg';
const FLUSH_MS = 100;
/** An append larger than this is cut to its end (a flood of records during thrashing). */
const MAX_APPEND = 256 * 1024;

export class DmesgChannel implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly lab: LabHost) {
    this.disposables.push(lab.onDidBoot(() => this.follow()));
    if (lab.booted) this.follow();
  }

  private get out(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel(DMESG_CHANNEL, 'log');
    return this.channel;
  }

  private follow(): void {
    this.unsubscribe?.();
    const s = this.lab.session;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.channel) this.out.appendLine('──────── the simulated machine rebooted ────────');
    this.push(s.dmesg);
    this.unsubscribe = s.onDmesg((text) => this.push(text));
  }

  private push(text: string): void {
    if (!text) return;
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes > 4 * MAX_APPEND) {
      const joined = this.pending.join('');
      this.pending = [joined.slice(-MAX_APPEND)];
      this.pendingBytes = this.pending[0].length;
    }
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.pending.length) return;
    let text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    if (text.length > MAX_APPEND) text = `[… earlier records not shown]\n${text.slice(text.indexOf('\n', text.length - MAX_APPEND) + 1)}`;
    this.out.append(text);
  }

  show(): void {
    void this.lab.ensureBooted(); // so there is a log to show
    this.flush();
    this.out.show(true);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unsubscribe?.();
    this.channel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
