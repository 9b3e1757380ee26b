// cp(1), mv(1) and mkdir(1) (GNU coreutils 8.32) for the simulated file system, through open,
// read, write, mknod, unlink and stat only.
//
// The tree is flat: /home/student and /tmp hold files and device nodes, and there is no
// mkdir(2) — the home directory is a host folder seen through a flat HostFs (see
// src/kernel/fs/inode.ts), and the other directories are fixed. So:
//   - mkdir answers EPERM, as mkdir(2) does on a file system that "does not support the creation
//     of directories" (and EEXIST/ENOENT first, as Linux checks those before);
//   - cp copies regular files (into a directory too: `cp f /tmp/`), and omits directories
//     without -r, or fails to create them with -r;
//   - mv is a copy and an unlink, since there is no rename(2) either: what mv does between two
//     file systems. A device node is moved by mknod at the destination. The lab's programs
//     (work, monitor) cannot be read, so they cannot be copied or moved ("cannot open ... for
//     reading: Permission denied"); moving a directory fails with EPERM.
import { strerror } from '../../kernel/errno';
import { O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, S_IFCHR, S_IFMT, type Program, type Stat, type Sys, type UserCode } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { basename, err, isDir, out, STDIN, writeAll } from './lib';
import { usageError } from './stream';

/** An absolute, normalized path (no ".", "..", or repeated slashes), to tell "the same file". */
function absolute(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

interface Flags {
  force: boolean;
  interactive: boolean;
  noClobber: boolean;
  verbose: boolean;
  recursive: boolean;
  targetDir?: string;
  noTargetDir: boolean;
}

/** Parses cp/mv options; a number is the exit status of a usage error already reported. */
function* parseArgs(sys: Sys, prog: 'cp' | 'mv', argv: readonly string[]): UserCode<{ flags: Flags; operands: string[] } | number> {
  const flags: Flags = { force: false, interactive: false, noClobber: false, verbose: false, recursive: false, noTargetDir: false };
  const o = parseGnuOptions(argv.slice(1), {
    short: prog === 'cp' ? 'finvrRpaTdut:' : 'finvTut:',
    long: {
      force: 'f', interactive: 'i', 'no-clobber': 'n', verbose: 'v', 'target-directory': 't:', 'no-target-directory': 'T',
      ...(prog === 'cp' ? { recursive: 'r', archive: 'a', preserve: 'p' } : {}),
    },
    exact: true,
  });
  for (const [c, v] of o.options) {
    if (c === 't') flags.targetDir = v;
    else if (c === 'f') {
      flags.force = true;
      flags.interactive = false;
      flags.noClobber = false;
    } else if (c === 'i') {
      flags.interactive = true;
      flags.noClobber = false;
    } else if (c === 'n') {
      flags.noClobber = true;
      flags.interactive = false;
    } else if (c === 'v') flags.verbose = true;
    else if (c === 'r' || c === 'R' || c === 'a') flags.recursive = true;
    else if (c === 'T') flags.noTargetDir = true;
    // -p, -d and -u change nothing on this file system
  }
  if (o.error) return yield* usageError(sys, prog, o.error.message);
  const operands = o.operands;
  return { flags, operands };
}

/** Asks "prog: overwrite 'name'? " and reads the answer from stdin, like GNU's yesno(). */
function* confirm(sys: Sys, prog: string, name: string): UserCode<boolean> {
  yield* err(sys, `${prog}: overwrite '${name}'? `);
  const buf = new Uint8Array(256);
  let answer = '';
  for (;;) {
    const n = yield* sys.read(STDIN, buf);
    if (n <= 0) break;
    answer += new TextDecoder().decode(buf.subarray(0, n));
    if (answer.includes('\n')) break;
  }
  return /^\s*[yY]/.test(answer);
}

/** Copies the bytes of `src` to `dst` (created or truncated). Returns an error message or undefined. */
function* copyData(sys: Sys, prog: string, src: string, dst: string): UserCode<string | undefined> {
  const inFd = yield* sys.open(src, O_RDONLY);
  if (inFd < 0) return `${prog}: cannot open '${src}' for reading: ${strerror(inFd)}`;
  const outFd = yield* sys.open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
  if (outFd < 0) {
    yield* sys.close(inFd);
    return `${prog}: cannot create regular file '${dst}': ${strerror(outFd)}`;
  }
  const buf = new Uint8Array(65536);
  let failure: string | undefined;
  for (;;) {
    const n = yield* sys.read(inFd, buf);
    if (n === -4) continue;
    if (n < 0) {
      failure = `${prog}: error reading '${src}': ${strerror(n)}`;
      break;
    }
    if (n === 0) break;
    const w = yield* writeAll(sys, outFd, buf.subarray(0, n));
    if (w < 0) {
      failure = `${prog}: error writing '${dst}': ${strerror(w)}`;
      break;
    }
  }
  yield* sys.close(inFd);
  yield* sys.close(outFd);
  return failure;
}

function* copyOrMove(sys: Sys, argv: readonly string[], prog: 'cp' | 'mv'): UserCode<number> {
  const parsed = yield* parseArgs(sys, prog, argv);
  if (typeof parsed === 'number') return parsed;
  const { flags, operands } = parsed;
  if (operands.length === 0 && flags.targetDir === undefined) return yield* usageError(sys, prog, 'missing file operand');
  let target: string;
  let sources: string[];
  if (flags.targetDir !== undefined) {
    target = flags.targetDir;
    sources = operands;
    if (sources.length === 0) return yield* usageError(sys, prog, 'missing file operand');
  } else {
    if (operands.length === 1) return yield* usageError(sys, prog, `missing destination file operand after '${operands[0]}'`);
    target = operands[operands.length - 1];
    sources = operands.slice(0, -1);
  }
  const targetStat = yield* sys.stat(target);
  const targetIsDir = typeof targetStat === 'object' && isDir(targetStat) && !flags.noTargetDir;
  if ((sources.length > 1 || flags.targetDir !== undefined) && !targetIsDir) {
    if (flags.targetDir !== undefined && typeof targetStat === 'number') {
      yield* err(sys, `${prog}: target directory '${target}': ${strerror(targetStat)}\n`);
      return 1;
    }
    if (flags.noTargetDir) return yield* usageError(sys, prog, `extra operand '${operands[2]}'`);
    yield* err(sys, `${prog}: target '${target}' is not a directory\n`);
    return 1;
  }
  const cwd = yield* sys.getcwd();
  let status = 0;
  const fail = function* (message: string): UserCode<void> {
    yield* err(sys, `${message}\n`);
    status = 1;
  };
  for (const src of sources) {
    const st = yield* sys.stat(src);
    if (typeof st === 'number') {
      yield* fail(`${prog}: cannot stat '${src}': ${strerror(st)}`);
      continue;
    }
    const dst = targetIsDir ? (target.endsWith('/') ? target : `${target}/`) + basename(src) : target;
    if (absolute(cwd, src) === absolute(cwd, dst)) {
      yield* fail(`${prog}: '${src}' and '${dst}' are the same file`);
      continue;
    }
    if (isDir(st)) {
      if (prog === 'cp' && !flags.recursive) yield* fail(`cp: -r not specified; omitting directory '${src}'`);
      else if (prog === 'cp') yield* fail(`cp: cannot create directory '${dst}': ${strerror(-1)}`);
      else yield* fail(`mv: cannot move '${src}' to '${dst}': ${strerror(-1)}`);
      continue;
    }
    const dstStat = yield* sys.stat(dst);
    if (typeof dstStat === 'object') {
      if (isDir(dstStat)) {
        yield* fail(prog === 'cp'
          ? `cp: cannot overwrite directory '${dst}' with non-directory`
          : `mv: cannot overwrite directory '${dst}' with non-directory`);
        continue;
      }
      if (flags.noClobber) continue;
      if (flags.interactive && !(yield* confirm(sys, prog, dst))) continue;
    }
    const r = yield* transfer(sys, prog, src, st, dst, typeof dstStat === 'object');
    if (r) {
      yield* fail(r);
      continue;
    }
    if (prog === 'mv') {
      const u = yield* sys.unlink(src);
      if (u < 0) {
        yield* fail(`mv: cannot remove '${src}': ${strerror(u)}`);
        continue;
      }
    }
    if (flags.verbose) yield* out(sys, `${prog === 'mv' ? 'renamed ' : ''}'${src}' -> '${dst}'\n`);
  }
  return status;
}

/** Copies one non-directory: the bytes of a regular file, or (mv) a device node by mknod. */
function* transfer(sys: Sys, prog: 'cp' | 'mv', src: string, st: Stat, dst: string, dstExists: boolean): UserCode<string | undefined> {
  if (prog === 'mv' && (st.mode & S_IFMT) === S_IFCHR) {
    if (dstExists) {
      const u = yield* sys.unlink(dst);
      if (u < 0) return `mv: cannot remove '${dst}': ${strerror(u)}`;
    }
    const r = yield* sys.mknod(dst, st.mode, st.rdev);
    return r < 0 ? `mv: cannot create special file '${dst}': ${strerror(r)}` : undefined;
  }
  return yield* copyData(sys, prog, src, dst);
}

export const cp: Program = function* (sys, argv) {
  return yield* copyOrMove(sys, argv, 'cp');
};

export const mv: Program = function* (sys, argv) {
  return yield* copyOrMove(sys, argv, 'mv');
};

/** mkdir [-p] [-v] [-m MODE] DIRECTORY...: see the file's comment for why a new directory is EPERM. */
export const mkdir: Program = function* (sys, argv) {
  let parents = false;
  const dirs: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      dirs.push(...args.slice(i + 1));
      break;
    }
    if (a === '-p' || a === '--parents') parents = true;
    else if (a === '-v' || a === '--verbose') continue;
    else if (a === '-m' || a === '--mode') i++;
    else if (a.startsWith('--mode=') || /^-m./.test(a)) continue;
    else if (a.startsWith('--')) {
      yield* err(sys, `mkdir: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'mkdir', '');
    } else if (a.startsWith('-') && a !== '-') {
      for (const c of a.slice(1)) {
        if (c === 'p') parents = true;
        else if (c !== 'v') return yield* usageError(sys, 'mkdir', `invalid option -- '${c}'`);
      }
    } else dirs.push(a);
  }
  if (dirs.length === 0) return yield* usageError(sys, 'mkdir', 'missing operand');
  let status = 0;
  for (const d of dirs) {
    const st = yield* sys.stat(d);
    if (typeof st === 'object') {
      if (parents && isDir(st)) continue;
      yield* err(sys, `mkdir: cannot create directory '${d}': ${strerror(-17)}\n`);
      status = 1;
      continue;
    }
    // -p creates the missing ancestors first: the first of them is where it fails
    let name = d;
    if (parents) {
      const parts = d.split('/');
      for (let k = 1; k <= parts.length; k++) {
        const prefix = parts.slice(0, k).join('/');
        if (prefix === '' || typeof (yield* sys.stat(prefix)) === 'object') continue;
        name = prefix;
        break;
      }
    }
    const parent = name.replace(/\/+$/, '').replace(/[^/]*$/, '') || '.';
    const pst = yield* sys.stat(parent);
    const errno = typeof pst === 'number' ? pst : !isDir(pst) ? -20 : -1;
    yield* err(sys, `mkdir: cannot create directory '${name}': ${strerror(errno)}\n`);
    status = 1;
  }
  return status;
};
