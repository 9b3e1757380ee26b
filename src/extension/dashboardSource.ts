// What the dashboard shows: by default the live machine's profiler buffer (the same frames the
// monitor mmaps, handed over by the machine's worker as page copies and read by the session
// client's BufferMirror), or a profile file the student imported or a
// case study wrote. No counting here: samples come from the buffer or the file, processes from
// the kernel's task list, case-study-2 points from the runs' data files.
import * as vscode from 'vscode';
import type { DashboardChange, DashboardDataSource, SampleSlice } from './dashboard/dataSource';
import type { Case2Point, MachineInfo, ProcessRow, ProcessState, SourceInfo } from '../shared/protocol';
import { RING_SAMPLES, SAMPLE_WIDTH, sampleCount } from '../shared/samples';
import type { TaskState } from '../lab/kernelFacts';
import type { LabHost } from './lab';

const STATE: Record<TaskState, ProcessState> = { R: 'running', S: 'sleeping', D: 'disk-sleep', T: 'stopped', Z: 'zombie', X: 'exited' };

interface FileSource {
  label: string;
  samples: Float64Array;
}

/** workspaceState key: the profile file the dashboard shows ({ uri, label }), restored after a reload. */
export const DASHBOARD_FILE_KEY = 'kernelMemoryLab.dashboardFile';

/** Parses a profile file's text (monitor format, or CSV by extension). */
export type ProfileParser = (text: string, name: string) => Float64Array;

export class LabDashboardSource implements DashboardDataSource, vscode.Disposable {
  readonly historyCap = RING_SAMPLES;
  private readonly emitter = new vscode.EventEmitter<DashboardChange>();
  readonly onDidChange = this.emitter.event;
  private file: FileSource | undefined;
  private case2: Case2Point[] = [];
  /** Our generation: bumped whenever the sample sequence the dashboard sees starts over. */
  private generation = 1;
  private seen = { epoch: -1, viewGeneration: -1 };
  private lastEnd = -1;
  private lastProcessSig = '';
  private lastLive = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly lab: LabHost,
    case2: Case2Point[] = [],
    private readonly memento?: vscode.Memento,
  ) {
    this.case2 = case2;
    this.disposables.push(
      lab.onDidTick(() => this.poll()),
      lab.onDidChange(() => this.poll()),
      lab.onDidBoot(() => {
        this.poll();
        this.emitter.fire({ machine: true, samples: true, processes: true });
      }),
    );
  }

  /**
   * Shows a profile file instead of the live buffer (Import Profile Data, Run Monitor, a
   * case-study run). With its uri, the choice survives a window reload.
   */
  showFile(label: string, samples: Float64Array, uri?: vscode.Uri): void {
    this.file = { label, samples };
    this.generation++;
    void this.memento?.update(DASHBOARD_FILE_KEY, uri ? { uri: uri.toString(), label } : undefined);
    this.emitter.fire({ machine: true, samples: true });
  }

  /** Back to the live profiler buffer. */
  showLive(): void {
    if (!this.file) return;
    this.file = undefined;
    this.generation++;
    void this.memento?.update(DASHBOARD_FILE_KEY, undefined);
    this.emitter.fire({ machine: true, samples: true });
  }

  /** After a reload: shows the file the dashboard showed before, if it is still readable. */
  async restoreFile(parse: ProfileParser): Promise<boolean> {
    const saved = this.memento?.get<unknown>(DASHBOARD_FILE_KEY);
    if (!saved || typeof saved !== 'object') return false;
    const { uri, label } = saved as { uri?: unknown; label?: unknown };
    if (typeof uri !== 'string' || typeof label !== 'string') return false;
    try {
      const u = vscode.Uri.parse(uri, true);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
      if (this.file || this.lab.peek()?.view.end) return false; // something newer is shown already
      this.showFile(label, parse(text, u.path.slice(u.path.lastIndexOf('/') + 1)), u);
      return true;
    } catch {
      void this.memento?.update(DASHBOARD_FILE_KEY, undefined);
      return false;
    }
  }

  get showingFile(): string | undefined {
    return this.file?.label;
  }

  setCaseStudy2(points: Case2Point[]): void {
    this.case2 = points.slice().sort((a, b) => a.n - b.n);
    this.emitter.fire({ caseStudy2: true });
  }

  /** Called after each tick: reports what changed since the last call. */
  private poll(): void {
    const s = this.lab.peek();
    if (!s) return;
    const change: DashboardChange = {};
    if (this.seen.epoch !== this.lab.epoch || this.seen.viewGeneration !== s.view.generation) {
      this.seen = { epoch: this.lab.epoch, viewGeneration: s.view.generation };
      if (!this.file) {
        this.generation++;
        change.samples = true;
      }
    }
    if (!this.file && s.view.end !== this.lastEnd) {
      this.lastEnd = s.view.end;
      change.samples = true;
    }
    const live = s.busy;
    if (live !== this.lastLive) {
      this.lastLive = live;
      change.machine = true;
    }
    // Processes: only when something a row shows changed (cheap signature over the rows).
    let sig = '';
    for (const p of s.processes()) sig += `${p.pid}${p.state}${p.minFlt}.${p.majFlt}.${p.cpuNs};`;
    if (sig !== this.lastProcessSig) {
      this.lastProcessSig = sig;
      change.processes = true;
    }
    if (change.samples || change.machine || change.processes) this.emitter.fire(change);
  }

  machine(): MachineInfo {
    const c = this.lab.peek()?.state?.machine;
    const m = this.lab.settings.machine;
    return {
      hz: c?.hz ?? m.hz,
      cpus: c?.cpus ?? m.cpus,
      ramMiB: c?.ramMiB ?? m.ramMiB,
      swapMiB: c?.swapMiB ?? m.swapMiB,
      policy: c?.policy ?? m.policy,
      kernel: 'Linux 5.15 (simulated)',
      diskLatencyMs: (c?.diskLatencyNs ?? m.disk.latencyNs) / 1e6,
      seed: c?.seed ?? m.seed,
    };
  }

  source(): SourceInfo {
    if (this.file) return { label: this.file.label, live: false };
    const s = this.lab.peek();
    if (!s) return { label: 'Live: simulated kernel (not booted yet)', live: false };
    return { label: s.moduleLoaded ? 'Live: profiler buffer of the simulated kernel' : 'Live: simulated kernel (mp3 module not loaded)', live: s.busy };
  }

  samples(fromIndex: number): SampleSlice {
    if (this.file) {
      const all = this.file.samples;
      const n = sampleCount(all);
      const first = Math.max(0, n - RING_SAMPLES);
      const start = Math.min(n, Math.max(first, fromIndex));
      return { firstIndex: start, samples: all.slice(start * SAMPLE_WIDTH, n * SAMPLE_WIDTH), generation: this.generation };
    }
    const s = this.lab.peek();
    if (!s) return { firstIndex: 0, samples: new Float64Array(0), generation: this.generation };
    // The webview keeps the ring's worth (12000 samples, 10 min): never send more than that.
    const from = Math.max(fromIndex, s.view.end - RING_SAMPLES);
    const slice = s.view.slice(from);
    return { firstIndex: slice.firstIndex, samples: slice.samples, generation: this.generation };
  }

  processes(): ProcessRow[] {
    const s = this.lab.peek();
    if (!s) return [];
    return s.processes().map((p) => ({
      pid: p.pid,
      comm: p.comm,
      state: STATE[p.state],
      registered: p.registered,
      minFlt: p.minFlt,
      majFlt: p.majFlt,
      cpuNs: p.cpuNs,
    }));
  }

  caseStudy2(): Case2Point[] {
    return this.case2;
  }

  dispose(): void {
    this.emitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
