// What the dashboard panel reads its data from. The dashboard does no bookkeeping of its own:
// an implementation reads the simulated kernel's profiler buffer (the same bytes the monitor
// mmaps), the task list and the case-study results, or a loaded profile file.
//
// Wiring (in the extension's activate):
//
//   const source: DashboardDataSource = new KernelDashboardSource(kernel);   // yours
//   const dashboard = registerDashboard(context, source, log);               // registers the
//   context.subscriptions.push(                                              // panel serializer
//     vscode.commands.registerCommand(Command.openDashboard, () => dashboard.open()));
//
// and add "onWebviewPanel:kernelMemoryLab.dashboard" to activationEvents (already in package.json)
// so a dashboard left open is restored after a reload.
import type * as vscode from 'vscode';
import type { Case2Point, MachineInfo, ProcessRow, SourceInfo } from '../../shared/protocol';
import type { SampleArray } from '../../shared/samples';

/** A run of consecutive samples. Indices are absolute: 0 is the first sample the profiler wrote
 * since `generation` began, and they never reuse a number within a generation. */
export interface SampleSlice {
  /** Absolute index of samples[0] (may be greater than what was asked for, if the ring has
   * overwritten older samples). */
  firstIndex: number;
  /** Interleaved [jiffies, minor, major, cpu_ns]×n, oldest first (src/shared/samples.ts).
   * Must be a fresh array (it is posted to the webview as is). */
  samples: SampleArray;
  /** Changes whenever the sample sequence starts over: kernel reset, module reloaded, another
   * file loaded. The dashboard then replaces its history instead of appending. */
  generation: number;
}

/** What changed; several flags may be set. Firing more often than needed is fine: the panel
 * coalesces changes and sends at most one delta of each kind per 50 ms, only while visible. */
export interface DashboardChange {
  samples?: boolean;
  processes?: boolean;
  caseStudy2?: boolean;
  /** Machine configuration or source label/live flag changed. */
  machine?: boolean;
}

export interface DashboardDataSource {
  /** The simulated machine (HZ converts jiffies to seconds). */
  machine(): MachineInfo;
  /** Where the samples come from, and whether a run is in progress. */
  source(): SourceInfo;
  /** Samples with absolute index ≥ fromIndex that are still available (at most the ring's
   * 12000), oldest first. `samples(0)` returns the whole available history. */
  samples(fromIndex: number): SampleSlice;
  /** Processes to show in the per-process breakdown (registered ones at least), cumulative
   * counters as the kernel keeps them per task. */
  processes(): ProcessRow[];
  /** Case-study-2 results so far, one point per N (empty until a sweep ran). */
  caseStudy2(): Case2Point[];
  /** How many samples the webview should keep (default: the ring's 12000). */
  readonly historyCap?: number;
  readonly onDidChange: vscode.Event<DashboardChange>;
}

/** The subset of LogOutputChannel the dashboard uses. */
export interface DashboardLog {
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}
