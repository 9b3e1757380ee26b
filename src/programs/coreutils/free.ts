// free(1) (procps-ng 3.3.17): memory and swap from /proc/meminfo, in KiB by default;
// -b -k -m -g, -h human readable, -w wide, -t total, -s N repeat every N seconds, -c count.
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, out, parseMeminfo, readFile } from './lib';

type Unit = 'b' | 'k' | 'm' | 'g' | 'h';

/** procps' scale_size for -h: B, Ki, Mi, Gi, Ti with one decimal below 10 of a unit. */
function human(kb: number): string {
  const bytes = kb * 1024;
  if (bytes < 1024) return `${bytes}B`;
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return v < 10 ? `${v.toFixed(1)}${units[i]}` : `${Math.round(v)}${units[i]}`;
}

function scale(kb: number, unit: Unit): string {
  switch (unit) {
    case 'b': return String(kb * 1024);
    case 'k': return String(kb);
    case 'm': return String(Math.floor(kb / 1024));
    case 'g': return String(Math.floor(kb / 1024 / 1024));
    case 'h': return human(kb);
  }
}

export function* freeReport(sys: Sys, unit: Unit, wide: boolean, total: boolean): UserCode<string | number> {
  const text = yield* readFile(sys, '/proc/meminfo');
  if (typeof text === 'number') return text;
  const m = parseMeminfo(text);
  const g = (k: string): number => m.get(k) ?? 0;
  const memTotal = g('MemTotal');
  const memFree = g('MemFree');
  const buffers = g('Buffers');
  const cache = g('Cached') + g('SReclaimable');
  const used = Math.max(0, memTotal - memFree - buffers - cache);
  const available = m.has('MemAvailable') ? g('MemAvailable') : memFree + cache;
  const swapTotal = g('SwapTotal');
  const swapFree = g('SwapFree');
  const col = (v: number): string => scale(v, unit).padStart(12);
  let s = wide
    ? '               total        used        free      shared     buffers       cache   available\n'
    : '               total        used        free      shared  buff/cache   available\n';
  s += `${'Mem:'.padEnd(8)}${col(memTotal)}${col(used)}${col(memFree)}${col(g('Shmem'))}`;
  s += wide ? `${col(buffers)}${col(cache)}` : col(buffers + cache);
  s += `${col(available)}\n`;
  s += `${'Swap:'.padEnd(8)}${col(swapTotal)}${col(swapTotal - swapFree)}${col(swapFree)}\n`;
  if (total) s += `${'Total:'.padEnd(8)}${col(memTotal + swapTotal)}${col(used + swapTotal - swapFree)}${col(memFree + swapFree)}\n`;
  return s;
}

export const free: Program = function* (sys, argv) {
  let unit: Unit = 'k';
  let wide = false;
  let total = false;
  let delay: number | undefined;
  let count: number | undefined;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const longs: Record<string, Unit> = { '--bytes': 'b', '--kibi': 'k', '--mebi': 'm', '--gibi': 'g', '--human': 'h', '--kilo': 'k', '--mega': 'm', '--giga': 'g' };
    if (longs[a]) unit = longs[a];
    else if (a === '--wide') wide = true;
    else if (a === '--total') total = true;
    else if (a === '-s' || a === '--seconds' || a === '-c' || a === '--count') {
      const v = args[++i];
      if (v === undefined || !(Number(v) > 0)) {
        yield* err(sys, `free: ${a.startsWith('-s') || a === '--seconds' ? 'seconds argument' : 'failed to parse count argument'}: '${v ?? ''}'\n`);
        return 1;
      }
      if (a === '-s' || a === '--seconds') delay = Number(v);
      else count = Math.floor(Number(v));
    } else if (/^-[bkmghwtl]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'w') wide = true;
        else if (c === 't') total = true;
        else if (c !== 'l') unit = c as Unit;
      }
    } else {
      yield* err(sys, a.startsWith('--') ? `free: unrecognized option '${a}'\n` : `free: invalid option -- '${a.replace(/^-/, '').slice(0, 1)}'\n`);
      yield* err(sys, '\nUsage:\n free [options]\n\nFor more details see free(1).\n');
      return 1;
    }
  }
  if (count !== undefined && delay === undefined) delay = 1;
  for (let n = 0; ; n++) {
    const report = yield* freeReport(sys, unit, wide, total);
    if (typeof report === 'number') {
      yield* err(sys, `free: cannot read /proc/meminfo: ${strerror(report)}\n`);
      return 1;
    }
    yield* out(sys, n > 0 ? `\n${report}` : report);
    if (delay === undefined || (count !== undefined && n + 1 >= count)) return 0;
    yield* sys.nanosleep(Math.round(delay * 1e9));
  }
};
