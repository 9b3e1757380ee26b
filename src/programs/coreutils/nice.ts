// nice(1): runs a command with an adjusted niceness (default +10), as `nice ./work 1024 R 50000 &`
// in the lab's case study 1. Without a command it prints the current niceness.
import type { Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, execvp, out } from './lib';

const TRY = "Try 'nice --help' for more information.\n";

export const nice: Program = function* (sys, argv, envp) {
  let adj = 10;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    let v: string | undefined;
    if (a === '-n' || a === '--adjustment') {
      v = argv[++i];
      if (v === undefined) {
        yield* err(sys, `nice: option requires an argument -- 'n'\n${TRY}`);
        return 125;
      }
    } else if (a.startsWith('--adjustment=')) v = a.slice(13);
    else if (/^-n-?\d+$/.test(a)) v = a.slice(2);
    else if (/^-\d+$/.test(a) || /^--\d+$/.test(a)) v = a.slice(1);
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a.length > 1) {
      yield* err(sys, `nice: invalid option -- '${a.slice(1, 2)}'\n${TRY}`);
      return 125;
    } else break;
    if (!/^[+-]?\d+$/.test(v)) {
      yield* err(sys, `nice: invalid adjustment '${v}'\n${TRY}`);
      return 125;
    }
    adj = Number(v);
  }
  const raw = yield* sys.getpriority(0);
  const current = raw < 0 ? 0 : 20 - raw;
  if (i >= argv.length) {
    yield* out(sys, `${current}\n`);
    return 0;
  }
  const next = Math.max(-20, Math.min(19, current + adj));
  const r = yield* sys.setpriority(0, next);
  if (r < 0) yield* err(sys, `nice: cannot set niceness: ${strerror(r)}\n`);
  const e = yield* execvp(sys, argv[i], argv.slice(i), envp);
  yield* err(sys, `nice: '${argv[i]}': ${strerror(e)}\n`);
  return e === -2 ? 127 : 126;
};
