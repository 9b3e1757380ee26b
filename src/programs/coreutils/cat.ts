// cat(1): copies files (or stdin) to stdout in chunks, so /proc files and a terminal work as on
// Linux. -n numbers lines.
import type { Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { badOption, decode, encode, err, getopt, openInput, perror, STDIN, writeAll } from './lib';

export const cat: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'nAEsuv', '', { number: 'n', 'show-all': 'A', 'show-ends': 'E', 'squeeze-blank': 's' });
  if (o.bad) return yield* badOption(sys, 'cat', o.bad);
  const number = o.flags.has('n');
  const ends = o.flags.has('E') || o.flags.has('A');
  let status = 0;
  let lineNo = 1;
  let atLineStart = true;
  const buf = new Uint8Array(65536);
  for (const name of o.operands.length ? o.operands : ['-']) {
    const fd = yield* openInput(sys, 'cat', name);
    if (fd === undefined) {
      status = 1;
      continue;
    }
    for (;;) {
      const n = yield* sys.read(fd, buf);
      if (n === -4) continue;
      if (n < 0) {
        yield* perror(sys, 'cat', name, n);
        status = 1;
        break;
      }
      if (n === 0) break;
      let chunk: Uint8Array | string = buf.slice(0, n);
      if (number || ends) {
        let text = '';
        for (const ch of decode(chunk, true)) {
          if (atLineStart && number) text += `${String(lineNo++).padStart(6)}\t`;
          atLineStart = ch === '\n';
          text += ends && ch === '\n' ? '$\n' : ch;
        }
        chunk = encode(text);
      }
      const w = yield* writeAll(sys, 1, chunk);
      if (w < 0) {
        yield* err(sys, `cat: write error: ${strerror(w)}\n`);
        if (fd !== STDIN) yield* sys.close(fd);
        return 1;
      }
    }
    if (fd !== STDIN) yield* sys.close(fd);
  }
  return status;
};
