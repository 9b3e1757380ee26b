// The simulated machine. Defaults are the course VM the lab's handouts used (mp3-facts §7):
// about 4 GiB RAM, 2 GiB swap, 2 CPUs, x86-64, Linux 5.15, HZ=1000, 4 KiB pages.
import type { PolicyName } from './mm/policy/index';

export type DiskKind = 'ssd' | 'hdd';

/** Costs of the hardware and of kernel paths, in simulated nanoseconds. */
export interface Costs {
  /** A random access to RAM that misses the caches (user time). */
  memoryAccessNs: number;
  /** A register-only operation such as work's "local access" (user time). */
  localOpNs: number;
  /** The kernel's share of a first-touch (zero-fill) minor fault (system time). */
  minorFaultNs: number;
  /** The kernel's share of a swap-cache minor fault (system time). */
  swapCacheFaultNs: number;
  /** The CPU part of a major fault: swap entry lookup, bio submission, mapping (system time). */
  majorFaultNs: number;
  /** Entering and leaving the kernel for a system call (system time). */
  syscallNs: number;
  /** Scanning one page in direct reclaim (system time of the allocating task). */
  reclaimScanNs: number;
}

/** The swap device: one request at a time, each taking `latencyNs + pages × transferNsPerPage`. */
export interface DiskModel {
  kind: DiskKind | 'custom';
  latencyNs: number;
  transferNsPerPage: number;
}

export interface MachineConfig {
  ramMiB: number;
  swapMiB: number;
  cpus: number;
  hz: number;
  disk: DiskModel;
  policy: PolicyName;
  seed: number;
  /** RAM the kernel image, struct pages and firmware take before MemTotal (≈ what a 4 GiB VM loses). */
  kernelReservedMiB: number;
  /** Memory the rest of the system holds (init, daemons, slab, page cache); not reclaimable here. */
  systemUsedMiB: number;
  costs: Costs;
  /** oops=panic (panic_on_oops): an Oops panics the machine, which then reboots (the course grader's setting). */
  panicOnOops: boolean;
  /** watchdog_thresh in seconds: module code stuck 2 × this long is a soft lockup; 0 turns the detector off. */
  watchdogThresh: number;
}

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const MiB = 1024 * 1024;

export const DISKS: Readonly<Record<DiskKind, DiskModel>> = {
  // A virtio disk backed by an SSD, as the course VMs ran: ≈0.1 ms a page read (mp3-facts §8).
  ssd: { kind: 'ssd', latencyNs: 100_000, transferNsPerPage: 8_000 },
  // The slides' hard disk: 3 ms rotation + 5 ms seek, 0.05 ms transfer a page.
  hdd: { kind: 'hdd', latencyNs: 8_000_000, transferNsPerPage: 50_000 },
};

export const DEFAULT_COSTS: Readonly<Costs> = {
  memoryAccessNs: 100,
  localOpNs: 10,
  minorFaultNs: 1_700,
  swapCacheFaultNs: 2_000,
  majorFaultNs: 4_000,
  syscallNs: 500,
  reclaimScanNs: 200,
};

export const DEFAULT_CONFIG: Readonly<MachineConfig> = {
  ramMiB: 4096,
  swapMiB: 2048,
  cpus: 2,
  hz: 1000,
  disk: DISKS.ssd,
  policy: 'linux',
  seed: 1,
  kernelReservedMiB: 160,
  systemUsedMiB: 320,
  costs: DEFAULT_COSTS,
  panicOnOops: false,
  watchdogThresh: 10,
};

/** A disk from its name or a latency in milliseconds ("ssd", "hdd", "2.5"). */
export function parseDisk(text: string): DiskModel | undefined {
  if (text === 'ssd' || text === 'hdd') return DISKS[text];
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const ms = Number(text);
  if (!(ms > 0 && ms <= 10_000)) return undefined;
  return { kind: 'custom', latencyNs: Math.round(ms * 1e6), transferNsPerPage: DISKS.ssd.transferNsPerPage };
}

export const POLICIES: readonly PolicyName[] = ['linux', 'fifo', 'lru', 'clock', 'random', 'opt'];
/** Policies the running kernel can use: OPT needs the future reference string, which only `kmlab replay` has. */
export const KERNEL_POLICIES: readonly PolicyName[] = ['linux', 'fifo', 'lru', 'clock', 'random'];

export const MAX_RAM_MIB = 65536;

/**
 * The least RAM a machine boots with: what the kernel and the rest of the system keep
 * (kernelReservedMiB + systemUsedMiB) must leave at least half of it for processes, and never
 * below 64 MiB. For the default machine (480 MiB kept) that is 960 MiB, the minimum of
 * `--ram-mib` and of the `kernelMemoryLab.machine.ramMiB` setting.
 */
export function minRamMiB(c: Pick<MachineConfig, 'kernelReservedMiB' | 'systemUsedMiB'> = DEFAULT_CONFIG): number {
  return Math.max(64, Math.ceil(2 * (c.kernelReservedMiB + c.systemUsedMiB)));
}

/**
 * Completes a partial configuration with the defaults and checks every field. Throws a
 * RangeError naming the field for a value no real machine could have.
 */
export function resolveConfig(partial: Partial<MachineConfig> = {}): MachineConfig {
  const c: MachineConfig = {
    ...DEFAULT_CONFIG,
    ...stripUndefined(partial),
    costs: { ...DEFAULT_COSTS, ...stripUndefined(partial.costs ?? {}) },
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`invalid machine configuration: ${what}`);
  };
  const minRam = minRamMiB(c);
  check(Number.isInteger(c.ramMiB) && c.ramMiB >= minRam && c.ramMiB <= MAX_RAM_MIB, `ramMiB must be an integer in ${minRam}..${MAX_RAM_MIB} (got ${c.ramMiB})${
    c.ramMiB < minRam && minRam > 64 ? `: the kernel and the system keep ${c.kernelReservedMiB + c.systemUsedMiB} MiB, and at least half of the RAM must be left for processes` : ''}`);
  check(Number.isInteger(c.swapMiB) && c.swapMiB >= 0 && c.swapMiB <= 65536, `swapMiB must be an integer in 0..65536 (got ${c.swapMiB})`);
  check(Number.isInteger(c.cpus) && c.cpus >= 1 && c.cpus <= 64, `cpus must be an integer in 1..64 (got ${c.cpus})`);
  check([100, 250, 300, 1000].includes(c.hz), `hz must be one of 100, 250, 300, 1000 (got ${c.hz})`);
  check(KERNEL_POLICIES.includes(c.policy), c.policy === 'opt'
    ? 'policy opt needs the future reference string; use `kmlab replay --policy opt`'
    : `policy must be one of ${KERNEL_POLICIES.join(', ')} (got ${c.policy})`);
  check(Number.isInteger(c.seed) && c.seed >= 0 && c.seed <= 0xffffffff, `seed must be an integer in 0..2^32-1 (got ${c.seed})`);
  check(c.disk && c.disk.latencyNs > 0 && c.disk.transferNsPerPage >= 0, 'disk latency must be positive');
  check(c.kernelReservedMiB >= 0 && c.systemUsedMiB >= 0, 'kernelReservedMiB and systemUsedMiB must be ≥ 0');
  check(typeof c.panicOnOops === 'boolean', `panicOnOops must be true or false (got ${String(c.panicOnOops)})`);
  check(Number.isInteger(c.watchdogThresh) && c.watchdogThresh >= 0 && c.watchdogThresh <= 60, `watchdogThresh must be an integer in 0..60 (got ${c.watchdogThresh})`);
  for (const [k, v] of Object.entries(c.costs)) check(typeof v === 'number' && v >= 0 && Number.isFinite(v), `costs.${k} must be ≥ 0`);
  return c;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
