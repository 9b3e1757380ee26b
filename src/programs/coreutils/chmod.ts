// chmod(1): changes permission bits, octal (755) or symbolic (u+x, go-w, a=r,u+w, +x), as GNU
// coreutils parses them. The umask (022, the lab's login default) applies where no who letter is
// given: `chmod +w f` adds write for the owner only, `chmod +x f` for everyone.
import type { Program } from '../../kernel/uapi';
import { S_IFDIR, S_IFMT } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err } from './lib';

const UMASK = 0o022;
const WHO: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777 };

/**
 * The new mode of a file whose mode is `old` (permission bits) under `spec`; undefined when the
 * spec is not a valid mode. `isDir` decides what X means (search for directories, or when some x
 * bit is already set).
 */
export function applyMode(spec: string, old: number, isDir: boolean, umask = UMASK): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return Number.parseInt(spec, 8);
  let mode = old & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=](?:[ugo]|[rwxXst]*))+)$/.exec(clause);
    if (!m) return undefined;
    let who = 0;
    for (const c of m[1]) who |= WHO[c];
    const masked = who === 0; // no who letter: all, minus the umask
    if (masked) who = 0o7777;
    for (const [, op, perms] of m[2].matchAll(/([-+=])([ugo]|[rwxXst]*)/g)) {
      let bits = 0;
      if (perms === 'u' || perms === 'g' || perms === 'o') {
        // copy another class's bits: u → rwx of the owner, spread to every class
        const shift = perms === 'u' ? 6 : perms === 'g' ? 3 : 0;
        const rwx = (mode >> shift) & 7;
        bits = (rwx << 6) | (rwx << 3) | rwx;
      } else {
        for (const c of perms) {
          if (c === 'r') bits |= 0o444;
          else if (c === 'w') bits |= 0o222;
          else if (c === 'x') bits |= 0o111;
          else if (c === 'X') bits |= isDir || mode & 0o111 ? 0o111 : 0;
          else if (c === 's') bits |= 0o6000;
          else if (c === 't') bits |= 0o1000;
        }
      }
      let affect = bits & who;
      if (masked) affect &= ~umask;
      if (op === '+') mode |= affect;
      else if (op === '-') mode &= ~affect;
      else mode = (masked ? 0 : mode & ~who) | affect; // '=': the named classes (or, with no who, every bit) start from nothing
    }
  }
  return mode & 0o7777;
}

export const chmod: Program = function* (sys, argv) {
  let verbose = false;
  let changes = false;
  let quiet = false;
  const operands: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === '--') options = false;
    else if (options && /^-[Rcfv]+$/.test(a)) {
      if (a.includes('v')) verbose = true;
      if (a.includes('c')) changes = true;
      if (a.includes('f')) quiet = true;
    } else if (options && a.startsWith('--') && a.length > 2) {
      yield* err(sys, `chmod: unrecognized option '${a}'\nTry 'chmod --help' for more information.\n`);
      return 1;
    } else operands.push(a); // "-x" is a mode, as GNU chmod reads it
  }
  if (operands.length === 0) {
    yield* err(sys, "chmod: missing operand\nTry 'chmod --help' for more information.\n");
    return 1;
  }
  const [spec, ...files] = operands;
  if (files.length === 0) {
    yield* err(sys, `chmod: missing operand after '${spec}'\nTry 'chmod --help' for more information.\n`);
    return 1;
  }
  if (applyMode(spec, 0, false) === undefined) {
    yield* err(sys, `chmod: invalid mode: '${spec}'\nTry 'chmod --help' for more information.\n`);
    return 1;
  }
  let status = 0;
  for (const file of files) {
    const st = yield* sys.stat(file);
    if (typeof st === 'number') {
      if (!quiet) yield* err(sys, `chmod: cannot access '${file}': ${strerror(st)}\n`);
      status = 1;
      continue;
    }
    const before = st.mode & 0o7777;
    const after = applyMode(spec, before, (st.mode & S_IFMT) === S_IFDIR)!;
    const r = yield* sys.chmod(file, after);
    if (r < 0) {
      if (!quiet) yield* err(sys, `chmod: changing permissions of '${file}': ${strerror(r)}\n`);
      status = 1;
      continue;
    }
    if (verbose || (changes && before !== after)) {
      const how = before === after ? 'retained as' : 'changed from';
      const tail = before === after ? `${octal(after)} (${symbolic(after)})` : `${octal(before)} (${symbolic(before)}) to ${octal(after)} (${symbolic(after)})`;
      yield* err(sys, `mode of '${file}' ${how} ${tail}\n`);
    }
  }
  return status;
};

const octal = (m: number): string => m.toString(8).padStart(4, '0');

/** rwxr-xr-x, with s/S and t/T as ls shows them. */
export function symbolic(m: number): string {
  const tri = (bits: number, special: boolean, ch: string): string =>
    `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-'}`;
  return tri((m >> 6) & 7, (m & 0o4000) !== 0, 's') + tri((m >> 3) & 7, (m & 0o2000) !== 0, 's') + tri(m & 7, (m & 0o1000) !== 0, 't');
}
