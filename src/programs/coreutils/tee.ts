// tee(1): copies stdin to stdout and to files (-a appends): `./monitor | tee profile1.data`.
import type { Program } from '../../kernel/uapi';
import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } from '../../kernel/uapi';
import { badOption, getopt, perror, writeAll } from './lib';

export const tee: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'ai', '', { append: 'a' });
  if (o.bad) return yield* badOption(sys, 'tee', o.bad);
  let status = 0;
  const fds: Array<{ fd: number; name: string }> = [];
  for (const name of o.operands) {
    const fd = yield* sys.open(name, O_WRONLY | O_CREAT | (o.flags.has('a') ? O_APPEND : O_TRUNC), 0o666);
    if (fd < 0) {
      yield* perror(sys, 'tee', name, fd);
      status = 1;
    } else fds.push({ fd, name });
  }
  const buf = new Uint8Array(65536);
  for (;;) {
    const n = yield* sys.read(0, buf);
    if (n === -4) continue;
    if (n < 0) {
      yield* perror(sys, 'tee', 'standard input', n);
      status = 1;
      break;
    }
    if (n === 0) break;
    const chunk = buf.slice(0, n);
    const w = yield* writeAll(sys, 1, chunk);
    if (w < 0) {
      yield* perror(sys, 'tee', 'standard output', w);
      status = 1;
    }
    for (const f of fds) {
      const r = yield* writeAll(sys, f.fd, chunk);
      if (r < 0) {
        yield* perror(sys, 'tee', f.name, r);
        status = 1;
      }
    }
  }
  for (const f of fds) yield* sys.close(f.fd);
  return status;
};
