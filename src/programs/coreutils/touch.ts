// touch(1): creates empty files (O_CREAT); an existing file is left as it is.
import type { Program } from '../../kernel/uapi';
import { O_CREAT, O_WRONLY } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { badOption, err, getopt, missingOperand } from './lib';

export const touch: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'acm', '');
  if (o.bad) return yield* badOption(sys, 'touch', o.bad);
  if (o.operands.length === 0) return yield* missingOperand(sys, 'touch');
  let status = 0;
  for (const name of o.operands) {
    const st = yield* sys.stat(name);
    if (typeof st === 'object') continue;
    if (o.flags.has('c')) continue;
    const fd = yield* sys.open(name, O_WRONLY | O_CREAT, 0o666);
    if (fd < 0) {
      yield* err(sys, `touch: cannot touch '${name}': ${strerror(fd)}\n`);
      status = 1;
      continue;
    }
    yield* sys.close(fd);
  }
  return status;
};
