// The sidebar's two trees:
//   /proc/mp3/status   the PIDs the profiler module lists (read from that file, as `cat` does),
//                      each with its live counters and a row of details when expanded;
//   Processes          every user process, like `ps`, with Register / Unregister inline.
// Counters are the kernel's own per-task totals (min_flt, maj_flt, utime + stime), not counts
// kept here. Items have stable ids (proc:<pid>) and composed context values
// (kmlab.proc.registered.running — menus match with regular expressions), and a refresh fires
// onDidChangeTreeData only for the items whose text changed, or for the root when the set of
// PIDs did; refreshes happen at most twice a second and only while the view is visible.
import * as vscode from 'vscode';
import type { ProcessInfo } from '../lab/sessionProtocol';
import type { TaskState } from '../lab/kernelFacts';
import { PAGE_SIZE } from '../lab/kernelFacts';
import { View } from './ids';
import { processDescription } from './treeText';
import type { LabHost } from './lab';

const REFRESH_MS = 500;

export const STATE_WORDS: Record<TaskState, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  Z: 'zombie',
  X: 'dead',
};

const STATE_ICONS: Record<TaskState, string> = {
  R: 'pulse',
  S: 'clock',
  D: 'sync',
  T: 'debug-pause',
  Z: 'circle-slash',
  X: 'circle-slash',
};

const int = new Intl.NumberFormat('en-US');

/** The lab's given programs: `ls` shows them in the home directory, the Explorer does not. */
const GIVEN_PROGRAMS = new Set(['work', 'monitor']);
const GIVEN_FILES_NOTE = '`work`, `monitor` and `mp3.ko` are the lab\'s given files: they live inside the simulated machine (in /home/student, beside what you create), not in your workspace folder, so the Explorer does not list them. Files the machine writes, such as `profile1.data`, do appear in the workspace folder.';

export function formatCpu(ns: number): string {
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function formatPages(pages: number): string {
  const mib = (pages * PAGE_SIZE) / (1024 * 1024);
  return `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
}

/** A process row. One object per PID per tree, kept while the PID exists (stable identity). */
export class ProcNode {
  readonly kind = 'proc';
  info: ProcessInfo | undefined;
  /** What the item showed last time (to refresh only changed items). */
  sig = '';
  constructor(readonly pid: number) {}
}

export class DetailNode {
  readonly kind = 'detail';
  constructor(
    readonly parent: ProcNode,
    readonly key: string,
    readonly label: string,
    readonly value: string,
    readonly tooltip?: string,
  ) {}
}

export type LabTreeNode = ProcNode | DetailNode;

/** The PID a command was invoked with: a tree item, a number, or { pid }. */
export function pidFromArg(arg: unknown): number | undefined {
  if (arg instanceof ProcNode) return arg.pid;
  if (arg instanceof DetailNode) return arg.parent.pid;
  if (typeof arg === 'number' && Number.isInteger(arg)) return arg;
  if (typeof arg === 'string' && /^\d+$/.test(arg.trim())) return Number(arg.trim());
  if (arg && typeof arg === 'object' && typeof (arg as { pid?: unknown }).pid === 'number') return (arg as { pid: number }).pid;
  return undefined;
}

/** The row's description (the state is the icon; the details and the tooltip spell it out). */
const describe = processDescription;

function details(node: ProcNode): DetailNode[] {
  const p = node.info;
  if (!p) return [new DetailNode(node, 'gone', 'Process', 'gone (the module drops it at its next sample)')];
  return [
    new DetailNode(node, 'cmd', 'Command', p.cmdline || p.comm),
    new DetailNode(node, 'state', 'State', `${p.state} (${STATE_WORDS[p.state]})`, 'R running or runnable, S sleeping (e.g. in sleep(1)), D waiting for the disk (a major fault reading swap), T stopped (Ctrl+Z or SIGSTOP; SIGCONT, fg or bg resumes it), Z zombie'),
    new DetailNode(node, 'minflt', 'Minor faults', int.format(p.minFlt), 'min_flt: faults served without disk I/O (first touch of a page, or a page still in the swap cache)'),
    new DetailNode(node, 'majflt', 'Major faults', int.format(p.majFlt), 'maj_flt: faults that waited for the page to be read back from swap'),
    new DetailNode(node, 'cpu', 'CPU time', formatCpu(p.cpuNs), 'utime + stime since the process started, charged a tick at a time'),
    new DetailNode(node, 'rss', 'Resident', formatPages(p.rssPages), 'anonymous pages in RAM (RssAnon)'),
    new DetailNode(node, 'swap', 'Swapped out', formatPages(p.swapPages), 'pages whose only copy is in swap (VmSwap)'),
    new DetailNode(node, 'nice', 'Nice', String(p.nice)),
    new DetailNode(node, 'ppid', 'Parent PID', String(p.ppid)),
    new DetailNode(node, 'registered', 'Profiled', p.registered ? 'yes (listed in /proc/mp3/status)' : 'no'),
  ];
}

abstract class ProcTree implements vscode.TreeDataProvider<LabTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<LabTreeNode | LabTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  protected nodes = new Map<number, ProcNode>();
  private order: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;
  private dirty = false;
  view: vscode.TreeView<LabTreeNode> | undefined;
  protected readonly disposables: vscode.Disposable[] = [];
  /** How many times each kind of refresh fired (for the tests: targeted, not whole-tree). */
  readonly refreshCounts = { root: 0, items: 0 };

  constructor(protected readonly lab: LabHost, readonly viewId: string) {
    this.disposables.push(
      lab.onDidChange(() => this.schedule()),
      // Counters move with simulated time even when nothing else changes (an unregistered process).
      lab.onDidTick(() => this.schedule()),
      lab.onDidBoot(() => {
        this.nodes.clear();
        this.order = [];
        this.schedule(true);
      }),
    );
  }

  attach(view: vscode.TreeView<LabTreeNode>): void {
    this.view = view;
    this.disposables.push(view, view.onDidChangeVisibility((e) => {
      if (e.visible && this.dirty) this.refresh();
    }));
  }

  /** Which processes the tree lists, in order (from the live machine). */
  protected abstract rows(): ProcessInfo[];
  protected abstract contextFor(p: ProcessInfo | undefined): string;
  protected abstract emptyMessage(): string | undefined;

  private schedule(now = false): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = now ? 0 : Math.max(0, REFRESH_MS - (Date.now() - this.lastRefresh));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view && !this.view.visible) return; // refreshed when shown again
      this.refresh();
    }, wait);
  }

  /** Recomputes the rows and fires the smallest change: the root, or the changed items. */
  refresh(): void {
    this.lastRefresh = Date.now();
    this.dirty = false;
    const rows = this.lab.booted ? this.rows() : [];
    const pids = rows.map((r) => r.pid);
    const sameSet = pids.length === this.order.length && pids.every((p, i) => p === this.order[i]);
    const changed: ProcNode[] = [];
    const next = new Map<number, ProcNode>();
    for (const r of rows) {
      const node = this.nodes.get(r.pid) ?? new ProcNode(r.pid);
      node.info = r;
      const sig = `${describe(r)}|${r.state}|${this.contextFor(r)}|${r.rssPages}|${r.swapPages}|${r.cmdline}`;
      if (node.sig !== sig) {
        node.sig = sig;
        changed.push(node);
      }
      next.set(r.pid, node);
    }
    this.nodes = next;
    this.order = pids;
    if (this.view) this.view.message = this.emptyMessage();
    if (!sameSet) {
      this.refreshCounts.root++;
      this.emitter.fire(undefined);
    } else if (changed.length) {
      this.refreshCounts.items++;
      this.emitter.fire(changed);
    }
  }

  getChildren(element?: LabTreeNode): LabTreeNode[] {
    if (!element) {
      if (this.dirty || this.order.length === 0) {
        // First paint (or a paint before the scheduled refresh): compute without firing.
        const rows = this.lab.booted ? this.rows() : [];
        for (const r of rows) {
          const node = this.nodes.get(r.pid) ?? new ProcNode(r.pid);
          node.info = r;
          node.sig = `${describe(r)}|${r.state}|${this.contextFor(r)}|${r.rssPages}|${r.swapPages}|${r.cmdline}`;
          this.nodes.set(r.pid, node);
        }
        this.order = rows.map((r) => r.pid);
        for (const pid of [...this.nodes.keys()]) if (!this.order.includes(pid)) this.nodes.delete(pid);
      }
      return this.order.map((pid) => this.nodes.get(pid)!).filter(Boolean);
    }
    if (element instanceof ProcNode) return details(element);
    return [];
  }

  getParent(element: LabTreeNode): LabTreeNode | undefined {
    return element instanceof DetailNode ? element.parent : undefined;
  }

  getTreeItem(element: LabTreeNode): vscode.TreeItem {
    if (element instanceof DetailNode) {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
      item.id = `proc:${element.parent.pid}/${element.key}`;
      item.description = element.value;
      item.tooltip = element.tooltip ? `${element.label}: ${element.value}\n${element.tooltip}` : `${element.label}: ${element.value}`;
      item.contextValue = `kmlab.detail.${element.key}`;
      return item;
    }
    const p = element.info;
    const item = new vscode.TreeItem(String(element.pid), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `proc:${element.pid}`;
    item.contextValue = this.contextFor(p);
    if (!p) {
      item.description = 'gone';
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      return item;
    }
    item.description = describe(p);
    item.iconPath = new vscode.ThemeIcon(STATE_ICONS[p.state], p.state === 'D' ? new vscode.ThemeColor('charts.orange') : undefined);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**PID ${p.pid}** \`${p.cmdline || p.comm}\`\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    md.appendMarkdown(`| State | ${p.state} (${STATE_WORDS[p.state]}) |\n`);
    md.appendMarkdown(`| Minor faults | ${int.format(p.minFlt)} |\n| Major faults | ${int.format(p.majFlt)} |\n`);
    md.appendMarkdown(`| CPU time | ${formatCpu(p.cpuNs)} |\n| Resident | ${formatPages(p.rssPages)} |\n| Swapped out | ${formatPages(p.swapPages)} |\n`);
    md.appendMarkdown(`\n${p.registered ? 'Registered with the profiler.' : 'Not registered with the profiler.'}`);
    if (GIVEN_PROGRAMS.has(p.comm)) md.appendMarkdown(`\n\n${GIVEN_FILES_NOTE}`);
    item.tooltip = md;
    item.accessibilityInformation = {
      label: `PID ${p.pid}, ${p.comm}, ${STATE_WORDS[p.state]}, ${int.format(p.minFlt)} minor faults, ${int.format(p.majFlt)} major faults, CPU ${formatCpu(p.cpuNs)}${p.registered ? ', registered' : ''}`,
    };
    return item;
  }

  /** The ProcNode for a PID if the tree shows it (for reveal and the tests). */
  node(pid: number): ProcNode | undefined {
    return this.nodes.get(pid);
  }

  /** PIDs currently listed. */
  pids(): number[] {
    return [...this.order];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.emitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** /proc/mp3/status: the registered PIDs, as the module lists them. */
export class StatusTree extends ProcTree {
  constructor(lab: LabHost) {
    super(lab, View.status);
  }

  protected rows(): ProcessInfo[] {
    const s = this.lab.session;
    const registered = s.registeredPids();
    if (registered.length === 0) return [];
    const byPid = new Map(s.processes().map((p) => [p.pid, p]));
    return registered.map((pid) => byPid.get(pid) ?? {
      pid, ppid: 0, comm: '?', cmdline: '', state: 'X' as TaskState, nice: 0, registered: true,
      minFlt: 0, majFlt: 0, cpuNs: 0, rssPages: 0, swapPages: 0,
    });
  }

  protected contextFor(p: ProcessInfo | undefined): string {
    return ['kmlab.proc', 'registered', p ? STATE_WORDS[p.state] : 'gone'].join('.');
  }

  protected emptyMessage(): string | undefined {
    return undefined; // the welcome view explains an empty list
  }
}

/** Processes: every user process, like ps. */
export class ProcessTree extends ProcTree {
  constructor(lab: LabHost) {
    super(lab, View.processes);
  }

  protected rows(): ProcessInfo[] {
    return this.lab.session.processes().filter((p) => p.state !== 'X');
  }

  protected contextFor(p: ProcessInfo | undefined): string {
    const parts = ['kmlab.proc', p?.registered ? 'registered' : 'unregistered', p ? STATE_WORDS[p.state] : 'gone'];
    if (this.lab.peek()?.moduleLoaded) parts.push('profiler');
    return parts.join('.');
  }

  protected emptyMessage(): string | undefined {
    return undefined;
  }
}
