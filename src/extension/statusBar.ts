// The status bar item: the simulated machine's uptime and jiffies, and how many work processes
// run. A click opens the dashboard. Updated at most four times a second, and only when the text
// would change.
import * as vscode from 'vscode';
import { Command } from './ids';
import type { LabHost } from './lab';

const UPDATE_MS = 250;

export class LabStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastText = '';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly lab: LabHost) {
    this.item = vscode.window.createStatusBarItem('kernelMemoryLab.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Kernel Memory Lab';
    this.item.command = { command: Command.openDashboard, title: 'Open Dashboard' };
    this.disposables.push(
      this.item,
      lab.onDidTick(() => this.schedule()),
      lab.onDidChange(() => this.schedule()),
      lab.onDidBoot(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, UPDATE_MS);
  }

  /** The item's text and tooltip from the machine's state (exported for the tests via state()). */
  update(): void {
    const s = this.lab.peek();
    let text: string;
    let tooltip: string;
    const speed = this.lab.settings.speed;
    if (!s) {
      text = '$(circuit-board) Lab: off';
      tooltip = 'Kernel Memory Lab: the simulated machine boots the first time you use it (terminal, workload, /proc).\nClick to open the dashboard.';
    } else {
      const uptime = s.uptimeNs / 1e9;
      const work = s.workProcesses().length;
      const hz = s.state?.machine.hz ?? this.lab.settings.machine.hz;
      const running = this.lab.running;
      const icon = work > 0 ? '$(pulse)' : '$(circuit-board)';
      const pace = speed === 'max' ? ' · max' : speed === 1 ? '' : ` · ×${speed}`;
      text = `${icon} ${uptime.toFixed(1)} s · ${work} work${pace}`;
      tooltip = [
        'Kernel Memory Lab — simulated Linux 5.15',
        `uptime ${uptime.toFixed(3)} s (simulated), jiffies ${s.jiffies} (HZ ${hz})`,
        `${work} work process${work === 1 ? '' : 'es'} running; mp3 module ${s.moduleLoaded ? 'loaded' : 'not loaded'}`,
        `speed ${speed === 'max' ? 'as fast as possible' : speed === 1 ? 'real time' : `×${speed}`}${running ? '' : ' (paused: nothing to run)'}`,
        'Click to open the dashboard.',
      ].join('\n');
    }
    if (text !== this.lastText) {
      this.lastText = text;
      this.item.text = text;
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, '').replace('·', ',') };
  }

  get text(): string {
    return this.lastText;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
