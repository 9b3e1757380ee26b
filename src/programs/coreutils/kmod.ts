// kmod's insmod, rmmod and lsmod, with kmod's messages:
//   insmod: ERROR: could not insert module mp3.ko: File exists
//   rmmod: ERROR: Module mp3 is in use / is not currently loaded
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import * as E from '../../kernel/errno';
import { strerror } from '../../kernel/errno';
import { basename, err, out, readFile } from './lib';

/** kmod's mod_strerror(): the kernel's init_module errors in the words insmod uses. */
function modStrerror(errno: number): string {
  switch (-Math.abs(errno)) {
    case -E.ENOEXEC: return 'Invalid module format';
    case -E.ENOENT: return 'Unknown symbol in module';
    case -E.ESRCH: return 'Unknown symbol in module';
    case -E.EINVAL: return 'Invalid parameters';
    default: return strerror(errno);
  }
}

export const insmod: Program = function* (sys, argv) {
  const args = argv.slice(1).filter((a) => !/^-(f|-force|s|-syslog|p|-verbose|v)$/.test(a));
  const file = args[0];
  if (file === undefined) {
    yield* err(sys, 'insmod: ERROR: missing filename.\n');
    return 1;
  }
  if (file === '-h' || file === '--help') {
    yield* out(sys, 'Usage:\n\tinsmod [options] filename [args]\nOptions:\n\t-V, --version     show version\n\t-h, --help        show this help\n');
    return 0;
  }
  const st = yield* sys.stat(file);
  if (typeof st === 'number') {
    yield* err(sys, `insmod: ERROR: could not load module ${file}: ${strerror(st)}\n`);
    return 1;
  }
  const r = yield* sys.init_module(file, args.slice(1).join(' '));
  if (r < 0) {
    yield* err(sys, `insmod: ERROR: could not insert module ${file}: ${modStrerror(r)}\n`);
    return 1;
  }
  return 0;
};

interface ModuleLine {
  name: string;
  size: number;
  refcount: number;
  holders: string[];
}

function* readModules(sys: Sys): UserCode<ModuleLine[] | number> {
  const text = yield* readFile(sys, '/proc/modules');
  if (typeof text === 'number') return text;
  const mods: ModuleLine[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3 || f[0] === '') continue;
    const holders = f[3] && f[3] !== '-' ? f[3].split(',').filter(Boolean) : [];
    mods.push({ name: f[0], size: Number(f[1]), refcount: Number(f[2]), holders });
  }
  return mods;
}

export const rmmod: Program = function* (sys, argv) {
  const args = argv.slice(1).filter((a) => !/^-(f|-force|s|-syslog|v|-verbose)$/.test(a));
  if (args.length === 0) {
    yield* err(sys, 'rmmod: ERROR: missing module name.\n');
    return 1;
  }
  let status = 0;
  for (const arg of args) {
    const name = basename(arg).replace(/\.ko$/, '').replace(/-/g, '_');
    const mods = yield* readModules(sys);
    if (typeof mods !== 'number') {
      const m = mods.find((x) => x.name === name);
      if (!m) {
        yield* err(sys, `rmmod: ERROR: Module ${name} is not currently loaded\n`);
        status = 1;
        continue;
      }
      if (m.holders.length) {
        yield* err(sys, `rmmod: ERROR: Module ${name} is in use by: ${m.holders.join(' ')}\n`);
        status = 1;
        continue;
      }
      if (m.refcount > 0) {
        yield* err(sys, `rmmod: ERROR: Module ${name} is in use\n`);
        status = 1;
        continue;
      }
    }
    const r = yield* sys.delete_module(name);
    if (r < 0) {
      if (r === -E.ENOENT) yield* err(sys, `rmmod: ERROR: Module ${name} is not currently loaded\n`);
      else if (r === -E.EBUSY) yield* err(sys, `rmmod: ERROR: Module ${name} is in use\n`);
      else yield* err(sys, `rmmod: ERROR: could not remove module ${arg}: ${strerror(r)}\n`);
      status = 1;
    }
  }
  return status;
};

export const lsmod: Program = function* (sys) {
  const mods = yield* readModules(sys);
  if (typeof mods === 'number') {
    yield* err(sys, `libkmod: ERROR ../libkmod/libkmod-module.c:1967 kmod_module_new_from_loaded: could not open /proc/modules: ${strerror(mods)}\n`);
    yield* err(sys, `Error: could not get list of modules: ${strerror(mods)}\n`);
    return 1;
  }
  let text = 'Module                  Size  Used by\n';
  for (const m of mods) {
    text += `${m.name.padEnd(19)} ${String(m.size).padStart(8)}  ${m.refcount}${m.holders.length ? ` ${m.holders.join(',')}` : ''}\n`;
  }
  yield* out(sys, text);
  return 0;
};
