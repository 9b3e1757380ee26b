// Every command, view, container and setting id the extension uses, in one place.
// test/unit/ids.test.ts checks this module against package.json `contributes`, so an id
// cannot be renamed on one side only. No `vscode` import: unit tests read it directly.

export const EXTENSION_ID = 'kernel-memory-lab.kernel-memory-lab';
export const CATEGORY = 'Kernel Memory Lab';

export const ViewContainer = {
  main: 'kernelMemoryLab',
} as const;

export const View = {
  status: 'kernelMemoryLab.status',
  processes: 'kernelMemoryLab.processes',
} as const;

export const Command = {
  startWorkload: 'kernelMemoryLab.startWorkload',
  stopWorkload: 'kernelMemoryLab.stopWorkload',
  registerProcess: 'kernelMemoryLab.registerProcess',
  unregisterProcess: 'kernelMemoryLab.unregisterProcess',
  loadModule: 'kernelMemoryLab.loadModule',
  unloadModule: 'kernelMemoryLab.unloadModule',
  runMonitor: 'kernelMemoryLab.runMonitor',
  runCaseStudy1: 'kernelMemoryLab.runCaseStudy1',
  runCaseStudy2: 'kernelMemoryLab.runCaseStudy2',
  openDashboard: 'kernelMemoryLab.openDashboard',
  openGuide: 'kernelMemoryLab.openGuide',
  openTerminal: 'kernelMemoryLab.openTerminal',
  importProfile: 'kernelMemoryLab.importProfile',
  exportProfile: 'kernelMemoryLab.exportProfile',
  resetKernel: 'kernelMemoryLab.resetKernel',
  showLog: 'kernelMemoryLab.showLog',
  showDmesg: 'kernelMemoryLab.showDmesg',
  openProcFile: 'kernelMemoryLab.openProcFile',
  killProcess: 'kernelMemoryLab.killProcess',
  pauseProcess: 'kernelMemoryLab.pauseProcess',
  continueProcess: 'kernelMemoryLab.continueProcess',
  gradeModule: 'kernelMemoryLab.gradeModule',
  buildModule: 'kernelMemoryLab.buildModule',
  newModuleProject: 'kernelMemoryLab.newModuleProject',
} as const;

/**
 * Commands registered but not contributed (so never in the palette or a menu): hooks for the
 * extension-host tests, which read the lab's state through them instead of reaching into
 * module internals. They only read state or feed input a user could also type.
 */
export const InternalCommand = {
  /** Returns a JSON-safe snapshot of the lab (see src/extension/testHooks.ts). */
  state: 'kernelMemoryLab.internal.state',
  /** Returns the text the lab terminal has shown so far. */
  terminalText: 'kernelMemoryLab.internal.terminalText',
  /** Extension-host lag probe: { reset: true } starts a scenario, { activation: true } reads the first 5 s; p50/p99/max (ms). */
  hostLag: 'kernelMemoryLab.internal.hostLag',
  /** Returns the lab guide's completed step ids. */
  guideCompleted: 'kernelMemoryLab.internal.guideCompleted',
} as const;

/** Terminal profiles (contributes.terminal.profiles): the "+" menu of the terminal panel. */
export const TerminalProfileId = {
  labShell: 'kernelMemoryLab.labShell',
} as const;

/** Settings, all under `kernelMemoryLab.` (contributes.configuration). */
export const Setting = {
  ramMiB: 'kernelMemoryLab.machine.ramMiB',
  swapMiB: 'kernelMemoryLab.machine.swapMiB',
  cpus: 'kernelMemoryLab.machine.cpus',
  hz: 'kernelMemoryLab.machine.hz',
  disk: 'kernelMemoryLab.machine.disk',
  policy: 'kernelMemoryLab.machine.policy',
  seed: 'kernelMemoryLab.machine.seed',
  homeQuotaMiB: 'kernelMemoryLab.machine.homeQuotaMiB',
  panicOnOops: 'kernelMemoryLab.machine.panicOnOops',
  speed: 'kernelMemoryLab.speed',
} as const;

/** Context keys the extension sets (menus' and commands' `when` / `enablement`). */
export const ContextKey = {
  booted: 'kernelMemoryLab.booted',
  moduleLoaded: 'kernelMemoryLab.moduleLoaded',
  workloadRunning: 'kernelMemoryLab.workloadRunning',
  caseStudyRunning: 'kernelMemoryLab.caseStudyRunning',
  hasRegistered: 'kernelMemoryLab.hasRegistered',
} as const;

/** The URI scheme of the /proc file system provider: kmlab:/proc/mp3/status. */
export const PROC_SCHEME = 'kmlab';

export type CommandId = (typeof Command)[keyof typeof Command];
export type ViewId = (typeof View)[keyof typeof View];
export type SettingId = (typeof Setting)[keyof typeof Setting];
