// uptime(1) (procps-ng): " 19:50:12 up 3 min,  1 user,  load average: 0.00, 0.00, 0.00"; -p, -s.
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { bootTime, clockTime, err, out, readFile, uptimeSeconds } from './lib';

export const uptime: Program = function* (sys, argv) {
  const up = yield* uptimeSeconds(sys);
  const boot = yield* bootTime(sys);
  const mode = argv[1];
  const mins = Math.floor(up / 60);
  const days = Math.floor(mins / 1440);
  const hours = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (mode === '-p' || mode === '--pretty') {
    const parts: string[] = [];
    if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
    if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
    if (m || parts.length === 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
    yield* out(sys, `up ${parts.join(', ')}\n`);
    return 0;
  }
  if (mode === '-s' || mode === '--since') {
    const d = new Date(boot * 1000);
    const p2 = (n: number): string => String(n).padStart(2, '0');
    yield* out(sys, `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${clockTime(boot * 1000)}\n`);
    return 0;
  }
  if (mode !== undefined) {
    yield* err(sys, `uptime: invalid option -- '${mode.replace(/^-+/, '').slice(0, 1)}'\n\nUsage:\n uptime [options]\n`);
    return 1;
  }
  yield* out(sys, `${yield* uptimeLine(sys)}\n`);
  return 0;
};

/** procps' sprint_uptime(): " 19:50:12 up 3 min,  1 user,  load average: 0.00, 0.00, 0.00" (top's first line too). */
export function* uptimeLine(sys: Sys): UserCode<string> {
  const up = yield* uptimeSeconds(sys);
  const boot = yield* bootTime(sys);
  const mins = Math.floor(up / 60);
  const days = Math.floor(mins / 1440);
  const hours = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const load = yield* readFile(sys, '/proc/loadavg');
  const avgs = typeof load === 'string' ? load.trim().split(/\s+/).slice(0, 3).map((x) => Number(x).toFixed(2)) : ['0.00', '0.00', '0.00'];
  let text = ` ${clockTime(boot * 1000 + up * 1000)} up `;
  if (days) text += `${days} day${days === 1 ? '' : 's'}, `;
  text += hours ? `${String(hours).padStart(2)}:${String(m).padStart(2, '0')}, ` : `${m} min, `;
  text += ` 1 user,  load average: ${avgs.join(', ')}`;
  return text;
}
