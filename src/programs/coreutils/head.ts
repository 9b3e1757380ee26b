// head(1) and tail(1): the first or last lines (-n N, also the old -N form) of files or stdin;
// "==> name <==" headers for several files, as GNU.
import { strerror } from '../../kernel/errno';
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { decode, err, forEachInput, openInput, out, STDIN, STDOUT, writeAll } from './lib';

function parseCount(args: string[], prog: string): { n: number; bytes: boolean; files: string[]; fromStart: boolean; quiet: boolean; verbose: boolean } | string {
  let n = 10;
  let bytes = false;
  let fromStart = false;
  let quiet = false;
  let verbose = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let v: string | undefined;
    if (a === '-n' || a === '-c' || a === '--lines' || a === '--bytes') {
      v = args[++i];
      if (v === undefined) return `${prog}: option requires an argument -- '${a.slice(-1)}'`;
      bytes = a === '-c' || a === '--bytes';
    } else if (/^-[nc].+/.test(a)) {
      v = a.slice(2);
      bytes = a[1] === 'c';
    } else if (/^--(lines|bytes)=/.test(a)) {
      v = a.slice(a.indexOf('=') + 1);
      bytes = a.startsWith('--bytes');
    } else if (/^-\d+$/.test(a)) {
      v = a.slice(1);
    } else if (a === '-q' || a === '--quiet' || a === '--silent') {
      quiet = true;
      continue;
    } else if (a === '-v' || a === '--verbose') {
      verbose = true;
      continue;
    } else if (a.startsWith('-') && a !== '-') {
      return `${prog}: invalid option -- '${a.slice(1, 2)}'\nTry '${prog} --help' for more information.`;
    } else {
      files.push(a);
      continue;
    }
    if (v.startsWith('+')) {
      fromStart = true;
      v = v.slice(1);
    }
    if (!/^-?\d+$/.test(v)) return `${prog}: invalid number of ${bytes ? 'bytes' : 'lines'}: '${v}'`;
    n = Number(v);
  }
  return { n, bytes, files, fromStart, quiet, verbose };
}

function* run(sys: Sys, argv: readonly string[], prog: 'head' | 'tail'): UserCode<number> {
  const o = parseCount(argv.slice(1), prog);
  if (typeof o === 'string') {
    yield* err(sys, `${o}\n`);
    return 1;
  }
  const many = (o.files.length > 1 && !o.quiet) || o.verbose;
  if (prog === 'head' && o.n >= 0) return yield* headPrefix(sys, o.files, o.n, o.bytes, many);
  let first = true;
  return yield* forEachInput(sys, prog, o.files, function* (name, data) {
    if (many) {
      yield* out(sys, `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
    }
    first = false;
    if (o.bytes) {
      const n = o.n;
      const part = prog === 'head' ? (n >= 0 ? data.subarray(0, n) : data.subarray(0, Math.max(0, data.length + n)))
        : o.fromStart ? data.subarray(Math.max(0, n - 1)) : data.subarray(Math.max(0, data.length - n));
      yield* out(sys, decode(part));
      return;
    }
    const text = decode(data);
    const lines = text.split(/(?<=\n)/);
    let sel: string[];
    if (prog === 'head') sel = o.n >= 0 ? lines.slice(0, o.n) : lines.slice(0, Math.max(0, lines.length + o.n));
    else if (o.fromStart) sel = lines.slice(Math.max(0, o.n - 1));
    else sel = o.n === 0 ? [] : lines.slice(-Math.abs(o.n));
    yield* out(sys, sel.join(''));
  });
}

export const head: Program = (sys, argv) => run(sys, argv, 'head');
export const tail: Program = (sys, argv) => run(sys, argv, 'tail');

/**
 * head -n N / -c N: reads only as far as it needs and stops, as GNU head does, so that
 * `yes | head -3` or `seq inf | head` end (the writer then gets SIGPIPE).
 */
function* headPrefix(sys: Sys, files: readonly string[], n: number, bytes: boolean, many: boolean): UserCode<number> {
  let status = 0;
  let first = true;
  const buf = new Uint8Array(65536);
  for (const name of files.length ? files : ['-']) {
    const fd = yield* openInput(sys, 'head', name, (n, errno) => `head: cannot open '${n}' for reading: ${strerror(errno)}\n`);
    if (fd === undefined) {
      status = 1;
      continue;
    }
    if (many) yield* out(sys, `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
    first = false;
    let left = n;
    while (left > 0) {
      const r = yield* sys.read(fd, buf);
      if (r === -4) continue;
      if (r < 0) {
        yield* err(sys, `head: error reading '${name}': ${strerror(r)}\n`);
        status = 1;
        break;
      }
      if (r === 0) break;
      let end = r;
      if (bytes) end = Math.min(r, left);
      else {
        for (let i = 0; i < r; i++) {
          if (buf[i] === 10 && --left === 0) {
            end = i + 1;
            break;
          }
        }
      }
      if (bytes) left -= end;
      const w = yield* writeAll(sys, STDOUT, buf.slice(0, end));
      if (w < 0) {
        // xwrite_stdout()
        yield* err(sys, `head: error writing 'standard output': ${strerror(w)}\n`);
        return 1;
      }
    }
    if (fd !== STDIN) yield* sys.close(fd);
  }
  return status;
}
