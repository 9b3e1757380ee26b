// kill(1) (procps-ng): kill [-s SIG | -SIG] pid..., kill -l [sig]. The shell's kill is a builtin
// that also knows %jobs; this is the program (`/bin/kill`).
import type { Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, out } from './lib';
import { parseSignal, signalTable, SIGNALS } from './signals';

const USAGE = `
Usage:
 kill [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
`;

export const kill: Program = function* (sys, argv) {
  const args = argv.slice(1);
  let sig = 15;
  if (args.length === 0) {
    yield* err(sys, USAGE);
    return 1;
  }
  if (args[0] === '-l' || args[0] === '--list' || args[0] === '-L' || args[0] === '--table') {
    if (args.length === 1) {
      if (args[0] === '-L' || args[0] === '--table') yield* out(sys, signalTable());
      else yield* out(sys, `${Object.values(SIGNALS).join(' ')}\n`);
      return 0;
    }
    const n = parseSignal(args[1]);
    if (n === undefined) {
      yield* err(sys, `kill: unknown signal name ${args[1]}\n`);
      return 1;
    }
    yield* out(sys, /^\d+$/.test(args[1]) ? `${SIGNALS[n]}\n` : `${n}\n`);
    return 0;
  }
  if (args[0] === '-s' || args[0] === '--signal') {
    const n = args[1] === undefined ? undefined : parseSignal(args[1]);
    if (n === undefined) {
      yield* err(sys, `kill: ${args[1] === undefined ? 'option requires an argument' : `unknown signal name ${args[1]}`}\n`);
      return 1;
    }
    sig = n;
    args.splice(0, 2);
  } else if (/^-[A-Za-z0-9]+$/.test(args[0]) && args.length > 1) {
    const n = parseSignal(args[0].slice(1));
    if (n === undefined) {
      yield* err(sys, `kill: unknown signal name ${args[0].slice(1)}\n`);
      return 1;
    }
    sig = n;
    args.shift();
  }
  if (args[0] === '--') args.shift();
  let status = 0;
  for (const a of args) {
    if (!/^-?\d+$/.test(a)) {
      yield* err(sys, `kill: failed to parse argument: '${a}'\n`);
      status = 1;
      continue;
    }
    const r = yield* sys.kill(Number(a), sig);
    if (r < 0) {
      yield* err(sys, `kill: (${a}): ${strerror(r)}\n`);
      status = 1;
    }
  }
  return status;
};
