// The machine options every kmlab command takes: --ram-mib --swap-mib --cpus --hz
// --disk ssd|hdd|<ms> --policy --seed --oops-panic. Parsed strictly: a bad value is a usage error naming it.
import { DEFAULT_CONFIG, MAX_RAM_MIB, minRamMiB, parseDisk, resolveConfig, type MachineConfig } from '../kernel/config';
import type { PolicyName } from '../kernel/mm/policy/index';

export const MACHINE_OPTIONS_HELP = `machine options:
  --ram-mib N          RAM in MiB (default 4096, at least ${minRamMiB()})
  --swap-mib N         swap in MiB (default 2048; 0 = no swap)
  --cpus N             CPUs (default 2)
  --hz N               timer frequency: 100, 250, 300 or 1000 (default 1000)
  --disk ssd|hdd|MS    swap device: SSD (0.1 ms), hard disk (8 ms) or a latency in ms
  --policy P           page replacement: linux (default), fifo, lru, clock, random
  --seed N             random seed (default 1): same seed, same data
  --oops-panic         oops=panic: an Oops in module code panics the machine (as the
                       course's grader boots), which then reboots
`;

export class UsageError extends Error {}

/**
 * The value of an option that requires one: the `=value` part, or the next argument. Like
 * getopt_long, a missing or empty value is "option '--x' requires an argument"; unlike getopt,
 * an argument that is itself an option (`--policy -c 'x'`) is not swallowed as the value (a
 * negative number such as `--frames -3` is still a value, for its own error).
 * Returns the value and how many arguments it took (1 or 2).
 */
export function optionValue(flag: string, inline: string | undefined, next: string | undefined): [string, number] {
  const value = inline ?? next;
  if (value === undefined || value === '' || (inline === undefined && /^-[-A-Za-z]/.test(value))) {
    throw new UsageError(`option '${flag}' requires an argument`);
  }
  return [value, inline === undefined ? 2 : 1];
}

const INT_FLAGS: Record<string, keyof MachineConfig> = {
  '--ram-mib': 'ramMiB',
  '--swap-mib': 'swapMiB',
  '--cpus': 'cpus',
  '--hz': 'hz',
  '--seed': 'seed',
};

/**
 * Takes the machine options out of argv (in place) and returns the validated configuration.
 * Accepts `--flag value` and `--flag=value`. Throws UsageError on a bad value.
 */
export function takeMachineOptions(argv: string[]): Partial<MachineConfig> {
  const config: Partial<MachineConfig> = {};
  for (let i = 0; i < argv.length; ) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    if (flag === '--oops-panic') {
      if (inline !== undefined) throw new UsageError('--oops-panic takes no value');
      argv.splice(i, 1);
      config.panicOnOops = true;
      continue;
    }
    const known = flag in INT_FLAGS || flag === '--disk' || flag === '--policy';
    if (!known) {
      i++;
      continue;
    }
    const [value, taken] = optionValue(flag, inline, argv[i + 1]);
    argv.splice(i, taken);
    if (flag in INT_FLAGS) {
      if (!/^\d+$/.test(value)) throw new UsageError(`${flag}: not a whole number: ${value}`);
      const n = Number(value);
      if (flag === '--ram-mib' && (n < minRamMiB() || n > MAX_RAM_MIB)) {
        throw new UsageError(`--ram-mib: ${value} MiB is outside ${minRamMiB()}..${MAX_RAM_MIB}: the kernel and the system keep ${DEFAULT_CONFIG.kernelReservedMiB + DEFAULT_CONFIG.systemUsedMiB} MiB, and at least half of the RAM must be left for processes`);
      }
      (config as Record<string, number>)[INT_FLAGS[flag]] = n;
    } else if (flag === '--disk') {
      const disk = parseDisk(value);
      if (!disk) throw new UsageError(`--disk: expected ssd, hdd or a latency in ms, got ${value}`);
      config.disk = disk;
    } else {
      config.policy = value as PolicyName;
    }
  }
  try {
    resolveConfig(config);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return config;
}
