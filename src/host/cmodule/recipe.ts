// The recipe C → .ko: how a student's module sources become the file `insmod` loads. This file
// is the contract between the build front end (make/kbuild in the Lab Shell, "Build Module" in
// VS Code: they decide WHAT to build and print kbuild's lines) and the runtime that loads the
// result (src/kernel/cmodule/). Entry point: buildModule(input, toolchain) → ModuleBuildResult.
//
// What it does, step by step, as kbuild would for `obj-m := mp3.o`:
//   1. clang compiles every object's .c for wasm64 (LP64: `unsigned long` and pointers are 8
//      bytes, as on x86-64) with the flags of Linux 5.15's kbuild (KBUILD_CFLAGS_5_15 below),
//      against the simulated kernel's headers (resources/kernel-headers/include, at Linux's
//      own paths) — the same command line kbuild runs, so the same warnings and errors.
//   2. It generates `<name>.mod.c` as modpost does (the vermagic and name .modinfo strings,
//      `struct module __this_module`) plus the kernel's data symbols the module may use
//      (`jiffies`), and compiles it.
//   3. wasm-ld links the objects; page 0 stays unmapped (NULL), the kernel stack comes first
//      (THREAD_SIZE, 16 KiB) and module data after it.
//   4. binaryen instruments and lowers (instrument.ts): every load and store is checked (NULL
//      page, beyond the module's memory, user pointers → a fault the kernel turns into an Oops),
//      every function entry and loop spends from an instruction budget (a soft lockup), the
//      stack pointer is checked (stack overflow); then memory64/table64 are lowered to wasm32.
//   5. The .ko is that wasm with a custom section `.modinfo` holding Linux's NUL-separated
//      `key=value` strings (license=GPL, author=…, description=…, vermagic=…, name=…), read by
//      insmod, lsmod and modinfo (parseModinfo in src/kernel/cmodule/ko.ts).
//
// The function is pure: the tools come in through `Toolchain` (loadToolchain() in toolchain.ts
// gives the real ones, from @yowasp/clang and binaryen, and the header tree from disk), so it
// runs in a worker thread as well as in a unit test.
import { instrumentModule, type Binaryen } from './instrument';
import { DATA_BASE, STACK_TOP } from '../../kernel/cmodule/layout';

/** A folder of files as @yowasp/clang takes and returns it: name → contents or sub-folder. */
export interface FileTree {
  [name: string]: FileTree | string | Uint8Array;
}

/** One run of a tool: its exit code, what it wrote to stderr, and the files afterwards. */
export interface ToolRun {
  exitCode: number;
  stderr: string;
  files: FileTree;
}

/** The tools the recipe needs. `clang` and `wasmLd` take argv (without argv[0]) and a file tree. */
export interface Toolchain {
  clang(args: string[], files: FileTree): Promise<ToolRun>;
  wasmLd(args: string[], files: FileTree): Promise<ToolRun>;
  /** binaryen's JS API (the `binaryen` npm package's default export). */
  binaryen: Binaryen;
  /** The kernel headers: the tree under resources/kernel-headers (holds `include/`). */
  headers: FileTree;
}

export interface ModuleBuildInput {
  /** The module's name, from obj-m (`obj-m := mp3.o` → "mp3"): the .ko's name= and KBUILD_MODNAME. */
  name: string;
  /** The module directory's files the compile may read: "mp3.c", "mp3_given.h", … (paths relative to M=). */
  sources: Record<string, string | Uint8Array>;
  /** The .c files to compile, in order ("mp3.c"; or each of mp3-objs / mp3-y as .c). */
  objects: string[];
  /** What the Makefile adds: ccflags-y, EXTRA_CFLAGS, CFLAGS_MODULE, CFLAGS_mp3.o (e.g. "-Werror", "-DDEBUG"). */
  extraCflags?: string[];
}

/** One tool invocation, in the order kbuild prints them (CC [M] per object, MODPOST, LD [M]). */
export interface BuildStep {
  kind: 'CC' | 'MODPOST' | 'LD';
  /** What kbuild's line names: "mp3.o" for CC, "mp3.ko" for LD, "Module.symvers" for MODPOST. */
  target: string;
  /** The source for CC ("mp3.c"). */
  source?: string;
  /** The exact argv the tool ran with (for `make V=1`). */
  argv: string[];
  exitCode: number;
  /** The tool's diagnostics as it printed them (clang's format: `mp3.c:42:17: error: …` with the caret line). */
  stderr: string;
}

export interface ModuleBuildResult {
  ok: boolean;
  steps: BuildStep[];
  /** The .ko's bytes when ok. */
  ko?: Uint8Array;
  /** The objects compiled (name.o → wasm object bytes), for `make` to place beside the sources. */
  objectFiles: Record<string, Uint8Array>;
}

/** The running kernel's `uname -r`-ish vermagic, as 5.15's modpost writes it. */
export const VERMAGIC = '5.15.0 SMP mod_unload modversions ';
/** Where the headers sit inside the compiler's file tree. */
export const HEADERS_ROOT = 'kernel';

/**
 * KBUILD_CFLAGS of Linux 5.15 (top-level Makefile and scripts/Makefile.extrawarn at W=0, with the
 * clang-specific lines, as `make V=1` shows them for an out-of-tree module), minus what is
 * x86-code-generation only (-mcmodel=kernel, -mno-red-zone, retpolines…).
 */
export const KBUILD_CFLAGS_5_15: readonly string[] = [
  '-Wall', '-Wundef', '-Werror=strict-prototypes', '-Wno-trigraphs',
  '-fno-strict-aliasing', '-fno-common', '-fshort-wchar', '-fno-PIE',
  '-Werror=implicit-function-declaration', '-Werror=implicit-int', '-Werror=return-type',
  '-Wno-format-security', '-std=gnu89',
  '-fno-delete-null-pointer-checks', '-Wno-frame-address', '-Wno-address-of-packed-member',
  '-O2', '-Wframe-larger-than=2048', '-Wno-gnu', '-Wno-unused-but-set-variable', '-Wno-unused-const-variable',
  '-fno-omit-frame-pointer', '-fno-optimize-sibling-calls', '-Wdeclaration-after-statement', '-Wvla',
  '-Wno-pointer-sign', '-Wcast-function-type', '-fno-strict-overflow', '-fno-stack-check',
  '-Werror=date-time', '-Werror=incompatible-pointer-types',
  // scripts/Makefile.extrawarn, CONFIG_CC_IS_CLANG, W=0
  '-Wno-initializer-overrides', '-Wno-format', '-Wno-sign-compare', '-Wno-format-zero-length',
  '-Wno-pointer-to-enum-cast', '-Wno-tautological-constant-out-of-range-compare',
];

/** What makes it C for this machine rather than x86: wasm64 (LP64), freestanding, no libc, no builtins. */
export const TARGET_CFLAGS: readonly string[] = [
  '--target=wasm64-unknown-unknown', '-ffreestanding', '-nostdlib', '-nostdinc', '-fno-builtin',
  // memcpy/memset stay calls into the kernel (checked there), not memory.copy/fill instructions
  '-mno-bulk-memory', '-mno-bulk-memory-opt',
  '-fno-exceptions',
];

/** The compile command for one object, exactly as run (kbuild's order: target, includes, flags, defines). */
export function compileArgs(input: ModuleBuildInput, source: string): string[] {
  const base = source.replace(/\.c$/, '');
  const inc = `/${HEADERS_ROOT}/include`;
  return [
    ...TARGET_CFLAGS,
    '-I', inc, '-I', `${inc}/uapi`,
    '-include', `${inc}/linux/compiler-version.h`, '-include', `${inc}/linux/kconfig.h`, '-include', `${inc}/linux/compiler_types.h`,
    '-D__KERNEL__', '-DMODULE',
    ...KBUILD_CFLAGS_5_15,
    ...(input.extraCflags ?? []),
    `-DKBUILD_BASENAME="${base}"`, `-DKBUILD_MODNAME="${input.name}"`, `-D__KBUILD_MODNAME=kmod_${input.name}`,
    '-c', '-o', `${base}.o`, source,
  ];
}

/** What modpost writes into <name>.mod.c, plus the kernel data symbols a module links against. */
export function modC(): string {
  return `#include <linux/module.h>
#include <linux/jiffies.h>
MODULE_INFO(vermagic, "${VERMAGIC}");
MODULE_INFO(name, KBUILD_MODNAME);
MODULE_INFO(retpoline, "Y");
__visible struct module __this_module __section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
};
/* The kernel's data the module reads: the runtime keeps them current before each entry. */
volatile unsigned long jiffies;
`;
}

/** The link command (wasm-ld), exports being the kernel's way into the module. */
export function linkArgs(name: string, objects: string[]): string[] {
  return [
    '-m', 'wasm64', '--no-entry', '--allow-undefined', '--export-table',
    '--stack-first', '-z', `stack-size=${STACK_TOP}`, `--global-base=${DATA_BASE}`,
    '--no-merge-data-segments', '--no-gc-sections',
    '--export=init_module', '--export=cleanup_module', '--export=jiffies', '--export=__this_module',
    '--export=__heap_base', '--export=__data_end',
    ...objects, '-o', `${name}.ko.wasm`,
  ];
}

/** Builds the module. Never throws for bad C: a failed step is in `steps` with its stderr, and ok is false. */
export async function buildModule(input: ModuleBuildInput, tc: Toolchain): Promise<ModuleBuildResult> {
  const steps: BuildStep[] = [];
  const objectFiles: Record<string, Uint8Array> = {};
  const tree: FileTree = { ...input.sources, [HEADERS_ROOT]: tc.headers };

  for (const source of input.objects) {
    const argv = compileArgs(input, source);
    const run = await tc.clang(argv, tree);
    const obj = source.replace(/\.c$/, '.o');
    steps.push({ kind: 'CC', target: obj, source, argv, exitCode: run.exitCode, stderr: run.stderr });
    if (run.exitCode !== 0) return { ok: false, steps, objectFiles };
    const bytes = run.files[obj];
    if (!(bytes instanceof Uint8Array)) return { ok: false, steps: [...steps.slice(0, -1), { ...steps[steps.length - 1], exitCode: 1, stderr: `${run.stderr}clang: error: no output file ${obj}\n` }], objectFiles };
    objectFiles[obj] = bytes;
  }

  // MODPOST: <name>.mod.c with vermagic/name and the kernel data symbols.
  const modSource = `${input.name}.mod.c`;
  const modArgv = compileArgs({ ...input, extraCflags: [] }, modSource);
  const modRun = await tc.clang(modArgv, { ...tree, [modSource]: modC() });
  steps.push({ kind: 'MODPOST', target: 'Module.symvers', source: modSource, argv: modArgv, exitCode: modRun.exitCode, stderr: modRun.stderr });
  const modObj = modRun.files[`${input.name}.mod.o`];
  if (modRun.exitCode !== 0 || !(modObj instanceof Uint8Array)) return { ok: false, steps, objectFiles };

  const objs = Object.keys(objectFiles);
  const ldArgv = linkArgs(input.name, [...objs, `${input.name}.mod.o`]);
  const ldRun = await tc.wasmLd(ldArgv, { ...objectFiles, [`${input.name}.mod.o`]: modObj });
  const linked = ldRun.files[`${input.name}.ko.wasm`];
  if (ldRun.exitCode !== 0 || !(linked instanceof Uint8Array)) {
    steps.push({ kind: 'LD', target: `${input.name}.ko`, argv: ldArgv, exitCode: ldRun.exitCode || 1, stderr: ldRun.stderr });
    return { ok: false, steps, objectFiles };
  }
  let ko: Uint8Array;
  try {
    ko = instrumentModule(tc.binaryen, linked);
  } catch (err) {
    steps.push({ kind: 'LD', target: `${input.name}.ko`, argv: ldArgv, exitCode: 1, stderr: `${ldRun.stderr}binaryen: ${err instanceof Error ? err.message : String(err)}\n` });
    return { ok: false, steps, objectFiles };
  }
  steps.push({ kind: 'LD', target: `${input.name}.ko`, argv: ldArgv, exitCode: 0, stderr: ldRun.stderr });
  return { ok: true, steps, ko, objectFiles };
}
