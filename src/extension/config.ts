// The extension's settings, checked. Pure (no `vscode`): the host reads the raw values with
// getConfiguration and passes them here, so the rules are unit-tested without VS Code.
//
// An invalid value never reaches the kernel: it is replaced by its default and reported in
// plain words ("kernelMemoryLab.machine.cpus: 0 is not an integer in 1..64; using 2"). The
// combination is then checked once more by the kernel's own resolveConfig (the one authority on
// what a machine can be); if that still refuses, the whole machine falls back to the defaults.
import { DEFAULT_CONFIG, KERNEL_POLICIES, MAX_RAM_MIB, minRamMiB, parseDisk, resolveConfig, type MachineConfig, type PolicyName } from '../lab/kernelFacts';
import type { Speed } from '../lab/session';
import { Setting } from './ids';
import { DEFAULT_HOME_QUOTA_MIB } from '../lab/kernelFacts';

/** What getConfiguration returned for each setting (anything a user can type into settings.json). */
export type RawSettings = Partial<Record<keyof typeof Setting, unknown>>;

export interface LabSettings {
  /** The machine as the kernel will be built (only the fields the user can set). */
  machine: Pick<MachineConfig, 'ramMiB' | 'swapMiB' | 'cpus' | 'hz' | 'disk' | 'policy' | 'seed' | 'panicOnOops'>;
  /** The disk as the user wrote it ("ssd", "hdd", or a latency in ms). */
  diskText: string;
  speed: Speed;
  /** How much the workspace folder behind the home directory may grow, in MiB (then ENOSPC). */
  homeQuotaMiB: number;
  /** One message per value that was replaced by its default. */
  errors: string[];
}

export const HZ_VALUES = [100, 250, 300, 1000] as const;
export const SPEEDS: readonly Speed[] = [1, 10, 'max'];

export const SETTING_DEFAULTS = {
  ramMiB: DEFAULT_CONFIG.ramMiB,
  swapMiB: DEFAULT_CONFIG.swapMiB,
  cpus: DEFAULT_CONFIG.cpus,
  hz: DEFAULT_CONFIG.hz,
  disk: 'ssd',
  policy: DEFAULT_CONFIG.policy,
  seed: DEFAULT_CONFIG.seed,
  panicOnOops: DEFAULT_CONFIG.panicOnOops,
  speed: 10 as Speed,
  homeQuotaMiB: DEFAULT_HOME_QUOTA_MIB,
} as const;

/** Bounds of the numeric settings (the same in package.json's schema). */
export const LIMITS = {
  // The kernel keeps kernelReservedMiB + systemUsedMiB (480 MiB) and wants at least half of the
  // RAM left for processes: minRamMiB() = 960, the same as `--ram-mib` and package.json.
  ramMiB: { min: minRamMiB(), max: MAX_RAM_MIB },
  swapMiB: { min: 0, max: 65536 },
  cpus: { min: 1, max: 64 },
  seed: { min: 0, max: 0xffffffff },
  homeQuotaMiB: { min: 0, max: 1 << 20 },
} as const;

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
}

/** Reads and checks every setting; never throws. */
export function readSettings(raw: RawSettings): LabSettings {
  const errors: string[] = [];
  const bad = (key: keyof typeof Setting, value: unknown, rule: string, fallback: unknown) => {
    errors.push(`${Setting[key]}: ${show(value)} ${rule}; using ${show(fallback)}.`);
  };
  const int = (key: 'ramMiB' | 'swapMiB' | 'cpus' | 'seed' | 'homeQuotaMiB'): number => {
    const v = raw[key];
    const def = SETTING_DEFAULTS[key];
    if (v === undefined) return def;
    const { min, max } = LIMITS[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      bad(key, v, `is not an integer in ${min}..${max}`, def);
      return def;
    }
    return v;
  };
  const ramMiB = int('ramMiB');
  const swapMiB = int('swapMiB');
  const cpus = int('cpus');
  const seed = int('seed');
  const homeQuotaMiB = int('homeQuotaMiB');

  let hz: number = SETTING_DEFAULTS.hz;
  if (raw.hz !== undefined) {
    if (typeof raw.hz === 'number' && (HZ_VALUES as readonly number[]).includes(raw.hz)) hz = raw.hz;
    else bad('hz', raw.hz, `is not one of ${HZ_VALUES.join(', ')}`, hz);
  }

  let diskText: string = SETTING_DEFAULTS.disk;
  let disk = parseDisk(diskText)!;
  if (raw.disk !== undefined) {
    const text = typeof raw.disk === 'number' ? String(raw.disk) : raw.disk;
    const parsed = typeof text === 'string' ? parseDisk(text.trim().toLowerCase()) : undefined;
    if (parsed) {
      disk = parsed;
      diskText = (text as string).trim().toLowerCase();
    } else {
      bad('disk', raw.disk, 'is not "ssd", "hdd" or a page-read latency in milliseconds (0 < ms ≤ 10000)', diskText);
    }
  }

  let policy: PolicyName = SETTING_DEFAULTS.policy;
  if (raw.policy !== undefined) {
    if (typeof raw.policy === 'string' && (KERNEL_POLICIES as readonly string[]).includes(raw.policy)) policy = raw.policy as PolicyName;
    else bad('policy', raw.policy, `is not one of ${KERNEL_POLICIES.join(', ')}`, policy);
  }

  let speed: Speed = SETTING_DEFAULTS.speed;
  if (raw.speed !== undefined) {
    // Accept "10" as well as 10: settings.json is hand-edited.
    const v = raw.speed === '1' ? 1 : raw.speed === '10' ? 10 : raw.speed;
    if ((SPEEDS as readonly unknown[]).includes(v)) speed = v as Speed;
    else bad('speed', raw.speed, 'is not 1 (real time), 10 or "max"', speed);
  }

  let panicOnOops: boolean = SETTING_DEFAULTS.panicOnOops;
  if (raw.panicOnOops !== undefined) {
    if (typeof raw.panicOnOops === 'boolean') panicOnOops = raw.panicOnOops;
    else bad('panicOnOops', raw.panicOnOops, 'is not true or false', panicOnOops);
  }

  let machine: LabSettings['machine'] = { ramMiB, swapMiB, cpus, hz, disk, policy, seed, panicOnOops };
  try {
    resolveConfig(machine);
  } catch (e) {
    errors.push(`The machine settings do not describe a machine the kernel can boot (${e instanceof Error ? e.message : String(e)}); using the default machine.`);
    machine = {
      ramMiB: DEFAULT_CONFIG.ramMiB, swapMiB: DEFAULT_CONFIG.swapMiB, cpus: DEFAULT_CONFIG.cpus, hz: DEFAULT_CONFIG.hz,
      disk: DEFAULT_CONFIG.disk, policy: DEFAULT_CONFIG.policy, seed: DEFAULT_CONFIG.seed, panicOnOops,
    };
    diskText = SETTING_DEFAULTS.disk;
  }
  return { machine, diskText, speed, homeQuotaMiB, errors };
}

/** True when two machines differ in anything the kernel is built from (speed does not count). */
export function machineDiffers(a: LabSettings['machine'], b: LabSettings['machine']): boolean {
  return a.ramMiB !== b.ramMiB || a.swapMiB !== b.swapMiB || a.cpus !== b.cpus || a.hz !== b.hz
    || a.policy !== b.policy || a.seed !== b.seed || a.panicOnOops !== b.panicOnOops
    || a.disk.latencyNs !== b.disk.latencyNs || a.disk.transferNsPerPage !== b.disk.transferNsPerPage;
}

/** "4 GiB RAM, 2 GiB swap, 2 CPUs, HZ 1000, ssd, linux, seed 1" */
export function describeMachine(s: Pick<LabSettings, 'machine' | 'diskText'>): string {
  const m = s.machine;
  const size = (mib: number) => (mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);
  return `${size(m.ramMiB)} RAM, ${size(m.swapMiB)} swap, ${m.cpus} CPU${m.cpus === 1 ? '' : 's'}, HZ ${m.hz}, disk ${s.diskText}${/^[\d.]+$/.test(s.diskText) ? ' ms' : ''}, policy ${m.policy}, seed ${m.seed}${m.panicOnOops ? ', oops=panic' : ''}`;
}
