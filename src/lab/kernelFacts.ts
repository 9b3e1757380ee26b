// The kernel's plain facts a renderer needs — errno numbers and texts, signal numbers, the page
// size, task states, the machine configuration's defaults and checks, path normalisation — so
// that src/extension imports the lab layer only and never a kernel module (the kernel's objects
// live in the machine's worker). Values and types only: nothing here holds machine state.
export * from '../kernel/errno';
export { SIGCONT, SIGHUP, SIGINT, SIGKILL, SIGSTOP, SIGTERM } from '../kernel/uapi';
export { DEFAULT_CONFIG, KERNEL_POLICIES, MAX_RAM_MIB, minRamMiB, PAGE_SIZE, parseDisk, resolveConfig, type MachineConfig } from '../kernel/config';
export type { PolicyName } from '../kernel/mm/policy/index';
export type { TaskState } from '../kernel/sched/task';
export { normalizePath } from '../kernel/fs/vfs';
export { DEFAULT_HOME_QUOTA_MIB } from '../kernel/fs/inode';
