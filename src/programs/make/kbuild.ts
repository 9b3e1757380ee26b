// kbuild's external-module build (`make -C /lib/modules/$(uname -r)/build M=$PWD modules`), as
// Linux 5.15's top Makefile and scripts/Makefile.build run it, with their output:
//
//   make[1]: Entering directory '/usr/src/linux-headers-5.15.0-kmlab'
//     CC [M]  /home/student/mp3.o
//     MODPOST /home/student/Module.symvers
//     CC [M]  /home/student/mp3.mod.o
//     LD [M]  /home/student/mp3.ko
//   make[1]: Leaving directory '/usr/src/linux-headers-5.15.0-kmlab'
//
// The module's Kbuild (or Makefile) is read again with KERNELRELEASE set, as kbuild reads it:
// obj-m, <mod>-objs / <mod>-y, ccflags-y, EXTRA_CFLAGS, CFLAGS_<obj>.o and CFLAGS_MODULE (the
// Makefile's `CFLAGS_MODULE += -Werror` reaches the compiler, as it does on Linux). The compile
// itself runs on the host (host_call, see buildProtocol.ts); this task sleeps until it is done.
import type { Sys, UserCode } from '../../kernel/uapi';
import { O_CREAT, O_TRUNC, O_WRONLY } from '../../kernel/uapi';
import { err, out, readFile, writeAll } from '../coreutils/lib';
import { KBUILD_SERVICE, type BuildRequest, type BuildResult } from './buildProtocol';
import { renderDiagnostics } from './diagnostics';
import { MakeError, expand, readMakefile, type Expander, type Variable } from './makefile';

/** The running kernel's release (what `uname -r` prints). */
export const KERNEL_RELEASE = '5.15.0-kmlab';
/** Where /lib/modules/<release>/build points. */
export const KERNEL_BUILD_DIR = `/usr/src/linux-headers-${KERNEL_RELEASE}`;
/** Line numbers of the rules in 5.15's Makefiles that make names when a module fails to build. */
const MAKEFILE_BUILD_LINE = 297; // scripts/Makefile.build: $(obj)/%.o: $(src)/%.c
const TOP_MAKEFILE_MODULES_LINE = 1906; // Makefile: $(build-dirs): prepare

/** Whether a -C directory is the kernel's build tree (kbuild), and of which release. */
export function kbuildRelease(dir: string): string | undefined {
  const m = /^\/lib\/modules\/([^/]+)\/build\/?$/.exec(dir) ?? /^\/usr\/src\/linux-headers-([^/]+)\/?$/.exec(dir);
  return m?.[1];
}

/** What kbuild keeps of a build in M= (what `make clean` there removes). */
export function isBuildProduct(name: string): boolean {
  return /\.(o|ko|mod|mod\.c)$/.test(name) || name === 'Module.symvers' || name === 'modules.order' || /^\..*\.cmd$/.test(name);
}

export interface KbuildContext {
  readonly sys: Sys;
  /** "make[1]" */
  readonly prefix: string;
  readonly level: number;
  readonly vars: Map<string, Variable>;
  readonly x: Expander;
  readonly utf8: boolean;
}

const words = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter(Boolean);

/** Writes a product as the toolchain does: the old file is unlinked first (ld's way), so a
 * given mp3.ko in the home is replaced, not written through. */
function* writeFile(sys: Sys, path: string, data: Uint8Array): UserCode<number> {
  yield* sys.unlink(path);
  const fd = yield* sys.open(path, O_WRONLY | O_CREAT | O_TRUNC);
  if (fd < 0) return fd;
  const n = yield* writeAll(sys, fd, data);
  yield* sys.close(fd);
  return n < 0 ? n : 0;
}

function* mtime(sys: Sys, path: string): UserCode<number | undefined> {
  const st = yield* sys.stat(path);
  return typeof st === 'number' ? undefined : st.mtimeNs;
}

/** Runs kbuild for the goals; returns make's exit status. */
export function* kbuild(ctx: KbuildContext, goals: readonly string[]): UserCode<number> {
  const { sys, prefix } = ctx;
  const m = (ctx.vars.get('M')?.value ?? ctx.vars.get('KBUILD_EXTMOD')?.value ?? '').replace(/\/+$/, '');
  yield* out(sys, `${prefix}: Entering directory '${KERNEL_BUILD_DIR}'\n`);
  let status = 0;
  if (!m) {
    // without M= kbuild would build the kernel itself
    yield* err(sys, `${prefix}: *** No rule to make target 'vmlinux', needed by '__all'.  Stop.\n`);
    status = 2;
  } else {
    for (const goal of goals.length ? goals : ['modules']) {
      if (goal === 'clean') status = yield* clean(ctx, m);
      else if (goal === 'modules' || goal === 'all' || goal === '__all') status = yield* modules(ctx, m);
      else {
        yield* err(sys, `${prefix}: *** No rule to make target '${goal}'.  Stop.\n`);
        status = 2;
      }
      if (status) break;
    }
  }
  yield* out(sys, `${prefix}: Leaving directory '${KERNEL_BUILD_DIR}'\n`);
  return status;
}

function* clean(ctx: KbuildContext, m: string): UserCode<number> {
  const { sys } = ctx;
  const list = yield* sys.getdents(m);
  if (typeof list === 'number') return 0;
  if (list.some((e) => e.name === 'Module.symvers')) yield* out(sys, `  CLEAN   ${m}/Module.symvers\n`);
  for (const e of list) if (isBuildProduct(e.name)) yield* sys.unlink(`${m}/${e.name}`);
  return 0;
}

function* modules(ctx: KbuildContext, m: string): UserCode<number> {
  const { sys, prefix } = ctx;
  const sub = `make[${ctx.level + 1}]`;
  // the module's Kbuild file, or its Makefile, read as kbuild reads it
  let kbuildFile = `${m}/Kbuild`;
  let text = yield* readFile(sys, kbuildFile);
  if (typeof text === 'number') {
    kbuildFile = `${m}/Makefile`;
    text = yield* readFile(sys, kbuildFile);
  }
  if (typeof text === 'number') {
    yield* err(sys, `${sub}: *** No rule to make target '${m}/Makefile'.  Stop.\n`);
    yield* err(sys, `${prefix}: *** [Makefile:${TOP_MAKEFILE_MODULES_LINE}: ${m}] Error 2\n`);
    return 2;
  }
  const vars = new Map(ctx.vars);
  for (const [k, v] of [['KERNELRELEASE', KERNEL_RELEASE], ['src', m], ['obj', m], ['KBUILD_EXTMOD', m]]) vars.set(k, { value: v, recursive: false, origin: 'default' });
  try {
    yield* readMakefile(text, kbuildFile, vars, ctx.x);
  } catch (e) {
    if (!(e instanceof MakeError)) throw e;
    yield* err(sys, `${e.file}:${e.line}: *** ${e.message}.  Stop.\n`);
    yield* err(sys, `${prefix}: *** [Makefile:${TOP_MAKEFILE_MODULES_LINE}: ${m}] Error 2\n`);
    return 2;
  }
  const get = function* (name: string): UserCode<string> {
    const v = vars.get(name);
    if (!v) return '';
    return v.recursive ? yield* expand(v.value, vars, ctx.x) : v.value;
  };
  const mods = words(yield* get('obj-m')).filter((o) => o.endsWith('.o')).map((o) => o.slice(0, -2));
  const entries = yield* sys.getdents(m);
  const names = typeof entries === 'number' ? [] : entries.map((e) => e.name);
  const sources: Record<string, string> = {};
  let newestSource = (yield* mtime(sys, kbuildFile)) ?? 0;
  for (const name of names) {
    if (!/\.(c|h)$/.test(name) || /\.mod\.c$/.test(name)) continue;
    const t = yield* readFile(sys, `${m}/${name}`);
    if (typeof t === 'string') sources[name] = t;
    newestSource = Math.max(newestSource, (yield* mtime(sys, `${m}/${name}`)) ?? 0);
  }
  const common = [...words(yield* get('ccflags-y')), ...words(yield* get('EXTRA_CFLAGS'))];
  const moduleFlags = words(yield* get('CFLAGS_MODULE'));
  for (const mod of mods) {
    const objs = words(yield* get(`${mod}-objs`)).concat(words(yield* get(`${mod}-y`)));
    const objects = objs.length ? objs : [`${mod}.o`];
    for (const o of objects) {
      const c = `${o.replace(/\.o$/, '')}.c`;
      if (!(c in sources)) {
        yield* err(sys, `${sub}: *** No rule to make target '${m}/${c}', needed by '${m}/${o}'.  Stop.\n`);
        yield* err(sys, `${prefix}: *** [Makefile:${TOP_MAKEFILE_MODULES_LINE}: ${m}] Error 2\n`);
        return 2;
      }
    }
    // nothing changed since the last build: kbuild has nothing to do
    const ko = yield* mtime(sys, `${m}/${mod}.ko`);
    if (ko !== undefined && ko >= newestSource && names.includes(`${mod}.o`)) continue;
    const perObject: string[] = [];
    for (const o of objects) perObject.push(...words(yield* get(`CFLAGS_${o}`)));
    const request: BuildRequest = { module: mod, dir: m, objects, sources, cflags: [...common, ...perObject, ...moduleFlags], utf8: ctx.utf8 };
    for (const o of objects) yield* out(sys, `  CC [M]  ${m}/${o}\n`);
    const raw = yield* sys.host_call(KBUILD_SERVICE, request);
    if (typeof raw === 'number' || !raw || typeof raw !== 'object') {
      yield* err(sys, `${prefix}: *** the C compiler is not available in this machine (no host toolchain).  Stop.\n`);
      return 2;
    }
    const r = raw as BuildResult & { hostError?: string };
    const sourceOf = (file: string): string | undefined => (file.startsWith(`${m}/`) ? sources[file.slice(m.length + 1)] : undefined);
    const shown = renderDiagnostics(r.diagnostics ?? [], sourceOf, ctx.utf8);
    if (shown) yield* err(sys, shown);
    for (const line of r.trailer ?? []) yield* err(sys, `${line}\n`);
    if (!r.ok) {
      if (r.failed?.stage === 'cc') {
        yield* err(sys, `${sub}: *** [scripts/Makefile.build:${MAKEFILE_BUILD_LINE}: ${r.failed.target}] Error 1\n`);
      } else {
        yield* err(sys, `${prefix}: the C toolchain failed: ${r.hostError ?? 'unknown error'}\n`);
      }
      yield* err(sys, `${prefix}: *** [Makefile:${TOP_MAKEFILE_MODULES_LINE}: ${m}] Error 2\n`);
      return 2;
    }
    for (const [name, data] of Object.entries(r.files)) {
      const w = yield* writeFile(sys, `${m}/${name}`, data);
      if (w < 0) {
        yield* err(sys, `${prefix}: *** cannot write ${m}/${name}.  Stop.\n`);
        return 2;
      }
    }
    yield* out(sys, `  MODPOST ${m}/Module.symvers\n  CC [M]  ${m}/${mod}.mod.o\n  LD [M]  ${m}/${mod}.ko\n`);
  }
  return 0;
}
