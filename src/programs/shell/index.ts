// /bin/bash (and /bin/sh): the program the lab's terminal runs.
//   bash                  interactive when stdin is a terminal, else reads a script from stdin
//   bash -c 'script' [name [args...]]
//   bash [-i] file [args...]
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { TCGETS } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { readFile, writeAll } from '../coreutils/lib';
import { Shell, linesOf } from './shell';

export { Shell } from './shell';
export { parse, ParseError } from './parse';

export const shell: Program = function* (sys, argv, envp) {
  let i = 1;
  let command: string | undefined;
  let forceInteractive = false;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c') {
      command = argv[++i];
      if (command === undefined) {
        yield* writeAll(sys, 2, 'bash: -c: option requires an argument\n');
        return 2;
      }
      i++;
      break;
    }
    if (a === '-i') forceInteractive = true;
    else if (a === '-l' || a === '--login' || a === '--norc' || a === '--noprofile' || a === '-s') continue;
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a.length > 1) {
      yield* writeAll(sys, 2, `bash: ${a}: invalid option\nUsage:\tbash [option] ...\n\tbash [option] script-file ...\n`);
      return 2;
    } else break;
  }
  const rest = argv.slice(i);
  if (command !== undefined) {
    const sh = new Shell(sys, { environ: envp, interactive: false, argv0: rest[0] ?? 'bash', args: rest.slice(1), commandString: true });
    yield* sh.init();
    return yield* sh.scriptLoop(linesOf(command), command.endsWith('\n'));
  }
  if (rest.length > 0) {
    const file = rest[0];
    const text = yield* readFile(sys, file);
    if (typeof text === 'number') {
      yield* writeAll(sys, 2, `bash: ${file}: ${strerror(text)}\n`);
      return 127;
    }
    const sh = new Shell(sys, { environ: envp, interactive: false, argv0: file, args: rest.slice(1) });
    yield* sh.init();
    return yield* sh.scriptLoop(linesOf(text.replace(/^#![^\n]*/, '')), text.endsWith('\n'));
  }
  const tty = yield* sys.ioctl(0, TCGETS);
  const interactive = forceInteractive || typeof tty === 'object';
  const sh = new Shell(sys, { environ: envp, interactive, argv0: 'bash', args: [] });
  yield* sh.init();
  if (interactive) return yield* sh.interactiveLoop();
  return yield* sh.scriptLoop(stdinLines(sys));
};

/** Lines read from stdin a byte at a time (so commands that read stdin get the rest, as bash does). */
function stdinLines(sys: Sys): () => UserCode<string | undefined> {
  const byte = new Uint8Array(1);
  const dec = new TextDecoder();
  let ended = false;
  return function* () {
    if (ended) return undefined;
    let line = '';
    for (;;) {
      const n = yield* sys.read(0, byte);
      if (n === -4) continue;
      if (n <= 0) {
        ended = true;
        line += dec.decode();
        return line === '' ? undefined : line;
      }
      if (byte[0] === 0x0a) return line + dec.decode();
      line += dec.decode(byte, { stream: true });
    }
  };
}
