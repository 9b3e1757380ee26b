// dmesg(1) (util-linux): prints the kernel log through syslog(2); -c prints then clears, -C only clears.
import type { Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, formatDate, getopt, out, bootTime } from './lib';

export const dmesg: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'cCTtHkx', '', { 'read-clear': 'c', clear: 'C', ctime: 'T', notime: 't', human: 'H' });
  if (o.bad) {
    yield* err(sys, o.bad.startsWith('--') ? `dmesg: unrecognized option '${o.bad}'\n` : `dmesg: invalid option -- '${o.bad}'\n`);
    yield* err(sys, "Try 'dmesg --help' for more information.\n");
    return 1;
  }
  const clear = o.flags.has('c') || o.flags.has('C');
  const text = yield* sys.syslog(clear);
  if (typeof text === 'number') {
    yield* err(sys, `dmesg: ${clear ? 'klogctl failed' : 'read kernel buffer failed'}: ${strerror(text)}\n`);
    return 1;
  }
  if (o.flags.has('C')) return 0;
  let shown = text;
  if (o.flags.has('t')) shown = text.replace(/^\[[ \d.]+\] /gm, '');
  else if (o.flags.has('T')) {
    const boot = yield* bootTime(sys);
    shown = text.replace(/^\[\s*(\d+)\.(\d+)\] /gm, (_m, s: string) => `[${formatDate((boot + Number(s)) * 1000).replace(' UTC', '')}] `);
  }
  yield* out(sys, shown);
  return 0;
};
