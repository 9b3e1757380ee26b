// rm(1): unlinks files. -f ignores missing files; directories need -r, which the lab's tree does not allow.
import type { Program } from '../../kernel/uapi';
import { S_IFDIR, S_IFMT } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { badOption, err, getopt, missingOperand } from './lib';

export const rm: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'frRiv', '', { force: 'f', recursive: 'r', verbose: 'v' });
  if (o.bad) return yield* badOption(sys, 'rm', o.bad);
  const force = o.flags.has('f');
  if (o.operands.length === 0) return force ? 0 : yield* missingOperand(sys, 'rm');
  let status = 0;
  for (const name of o.operands) {
    const st = yield* sys.stat(name);
    if (typeof st === 'number') {
      if (!force) {
        yield* err(sys, `rm: cannot remove '${name}': ${strerror(st)}\n`);
        status = 1;
      }
      continue;
    }
    if ((st.mode & S_IFMT) === S_IFDIR) {
      yield* err(sys, o.flags.has('r') || o.flags.has('R')
        ? `rm: cannot remove '${name}': Operation not permitted\n`
        : `rm: cannot remove '${name}': Is a directory\n`);
      status = 1;
      continue;
    }
    const r = yield* sys.unlink(name);
    if (r < 0) {
      yield* err(sys, `rm: cannot remove '${name}': ${strerror(r)}\n`);
      status = 1;
    } else if (o.flags.has('v')) {
      yield* err(sys, `removed '${name}'\n`);
    }
  }
  return status;
};
