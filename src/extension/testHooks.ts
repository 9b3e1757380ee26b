// Read-only hooks for the extension-host tests (InternalCommand: registered, never contributed,
// so they appear in no palette or menu). They report what the views show and what the machine
// holds, so a test can compare the tree, the dashboard's data and a data file without reaching
// into module internals.
import * as vscode from 'vscode';
import { F, SAMPLE_WIDTH, sampleCount } from '../shared/samples';
import { InternalCommand } from './ids';
import type { LabHost } from './lab';
import type { ProcessTree, StatusTree } from './trees';
import type { LabTerminals } from './terminal';
import type { DashboardHandle } from './dashboard/index';
import type { LabDashboardSource } from './dashboardSource';
import type { LabStatusBar } from './statusBar';
import type { LagProbe } from './lagProbe';
import type { GuideHost } from './guide/index';

export interface TestHookDeps {
  lab: LabHost;
  statusTree: StatusTree;
  processTree: ProcessTree;
  terminals: LabTerminals;
  dashboard: DashboardHandle;
  dashboardSource: LabDashboardSource;
  statusBar: LabStatusBar;
  guide: GuideHost;
  activationMs: number;
  lagProbe: LagProbe;
}

export interface LabStateSnapshot {
  activationMs: number;
  booted: boolean;
  epoch: number;
  speed: string | number;
  /** The machine's pacing loop, in its worker (ticks are its slices, maxTickMs the longest). */
  loop: { running: boolean; ticks: number; maxTickMs: number; over50: number; slowest: { ms: number; atSimS: number }[]; achievedSpeed: number; restarts: number };
  uptimeNs: number;
  moduleLoaded: boolean;
  registered: number[];
  processes: { pid: number; comm: string; state: string; registered: boolean; minFlt: number; majFlt: number }[];
  statusTree: { pids: number[]; refreshes: { root: number; items: number } };
  processTree: { pids: number[] };
  dashboard: { open: boolean; source: string; live: boolean; samples: number; firstIndex: number; minor: number; major: number; cpuNs: number; case2: number };
  statusBar: string;
}

export function registerTestHooks(d: TestHookDeps): vscode.Disposable {
  const state = (): LabStateSnapshot => {
    const s = d.lab.peek();
    const slice = d.dashboardSource.samples(0);
    let minor = 0;
    let major = 0;
    let cpuNs = 0;
    for (let i = 0; i < slice.samples.length; i += SAMPLE_WIDTH) {
      minor += slice.samples[i + F.minor];
      major += slice.samples[i + F.major];
      cpuNs += slice.samples[i + F.cpu];
    }
    const src = d.dashboardSource.source();
    return {
      activationMs: d.activationMs,
      booted: d.lab.booted,
      epoch: d.lab.epoch,
      speed: d.lab.settings.speed,
      loop: { running: d.lab.running, ticks: d.lab.stats.ticks, maxTickMs: d.lab.stats.maxTickMs, over50: d.lab.stats.over50, slowest: [...d.lab.stats.slowest], achievedSpeed: s?.state?.achievedSpeed ?? 0, restarts: d.lab.stats.restarts },
      uptimeNs: s?.uptimeNs ?? 0,
      moduleLoaded: s?.moduleLoaded ?? false,
      registered: s ? s.registeredPids() : [],
      processes: s ? s.processes().map((p) => ({ pid: p.pid, comm: p.comm, state: p.state, registered: p.registered, minFlt: p.minFlt, majFlt: p.majFlt })) : [],
      statusTree: { pids: d.statusTree.pids(), refreshes: { ...d.statusTree.refreshCounts } },
      processTree: { pids: d.processTree.pids() },
      dashboard: {
        open: d.dashboard.isOpen, source: src.label, live: src.live,
        samples: sampleCount(slice.samples), firstIndex: slice.firstIndex, minor, major, cpuNs,
        case2: d.dashboardSource.caseStudy2().length,
      },
      statusBar: d.statusBar.text,
    };
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(InternalCommand.state, state),
    vscode.commands.registerCommand(InternalCommand.terminalText, () => d.terminals.transcript()),
    vscode.commands.registerCommand(InternalCommand.hostLag, (arg?: { reset?: boolean; activation?: boolean }) => {
      d.lagProbe.start();
      const figures = d.lagProbe.read(arg?.activation ? 'activation' : 'current');
      if (arg?.reset) d.lagProbe.reset();
      return figures;
    }),
    d.lagProbe,
    vscode.commands.registerCommand(InternalCommand.guideCompleted, () => d.guide.completed()),
  );
}
