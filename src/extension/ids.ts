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
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];
export type ViewId = (typeof View)[keyof typeof View];
