// lscpu(1) (util-linux 2.37): the CPU summary, derived from /proc/cpuinfo alone (the simulated
// machine has no /sys, so the cache and vulnerability sections are left out). The layout is
// lscpu's tree: sections at the left, their fields indented two spaces per level, values in one
// column after the longest name.
import { strerror } from '../../kernel/errno';
import type { Program } from '../../kernel/uapi';
import { err, out, readFile } from './lib';
import { usageError } from './stream';

/** util-linux's cpulist: "0", "0,1", "0-2". */
function cpuList(n: number): string {
  if (n === 1) return '0';
  if (n === 2) return '0,1';
  return `0-${n - 1}`;
}

export const lscpu: Program = function* (sys, argv) {
  const a = argv[1];
  if (a !== undefined) {
    if (a.startsWith('--')) {
      yield* err(sys, `lscpu: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'lscpu', '');
    }
    if (a.startsWith('-')) return yield* usageError(sys, 'lscpu', `invalid option -- '${a[1]}'`);
    return yield* usageError(sys, 'lscpu', 'bad usage');
  }
  const text = yield* readFile(sys, '/proc/cpuinfo');
  if (typeof text === 'number') {
    yield* err(sys, `lscpu: cannot open /proc/cpuinfo: ${strerror(text)}\n`);
    return 1;
  }
  const blocks = text.split(/\n\n+/).filter((b) => b.trim() !== '').map((b) => {
    const m = new Map<string, string>();
    for (const line of b.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
    }
    return m;
  });
  const cpus = blocks.length;
  const first = blocks[0] ?? new Map<string, string>();
  const f = (k: string): string => first.get(k) ?? '';
  const sockets = new Set(blocks.map((b) => b.get('physical id') ?? '0')).size;
  const cores = Number(f('cpu cores')) || cpus;
  const siblings = Number(f('siblings')) || cpus;
  const rows: Array<[number, string, string]> = [
    [0, 'Architecture:', 'x86_64'],
    [1, 'CPU op-mode(s):', '32-bit, 64-bit'],
    [1, 'Address sizes:', f('address sizes')],
    [1, 'Byte Order:', 'Little Endian'],
    [0, 'CPU(s):', String(cpus)],
    [1, 'On-line CPU(s) list:', cpuList(cpus)],
    [0, 'Vendor ID:', f('vendor_id')],
    [1, 'Model name:', f('model name')],
    [2, 'CPU family:', f('cpu family')],
    [2, 'Model:', f('model')],
    [2, 'Thread(s) per core:', String(Math.max(1, Math.round(siblings / cores)))],
    [2, 'Core(s) per socket:', String(cores)],
    [2, 'Socket(s):', String(sockets)],
    [2, 'Stepping:', f('stepping')],
    [2, 'BogoMIPS:', f('bogomips')],
    [2, 'Flags:', f('flags')],
  ];
  if (f('flags').split(' ').includes('hypervisor')) {
    rows.push([0, 'Virtualization features:', ''], [1, 'Hypervisor vendor:', 'KVM'], [1, 'Virtualization type:', 'full']);
  }
  rows.push([0, 'NUMA:', ''], [1, 'NUMA node(s):', '1'], [1, 'NUMA node0 CPU(s):', cpuList(cpus)]);
  const names = rows.map(([level, name]) => '  '.repeat(level) + name);
  const width = Math.max(...names.map((n) => n.length)) + 1;
  yield* out(sys, rows.map(([, , value], i) => `${names[i].padEnd(width)}${value}\n`).join(''));
  return 0;
};
