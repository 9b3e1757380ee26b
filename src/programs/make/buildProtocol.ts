// What `make` (kbuild's modules target) asks the host's C toolchain for, and what it gets back.
// The toolchain runs on the host (src/host/toolchain), reached through the kernel's host_call();
// the same structured diagnostics feed the shell's gcc-format output and VS Code's Problems panel.

/** The host_call() service name of the module build. */
export const KBUILD_SERVICE = 'kbuild';

export interface BuildRequest {
  /** The module's name: obj-m := mp3.o builds mp3.ko. */
  readonly module: string;
  /** The external module's directory (M=), absolute: diagnostics name files under it. */
  readonly dir: string;
  /** The objects linked into the module (obj-m's mp3.o, or mp3-objs / mp3-y), each from <name>.c. */
  readonly objects: readonly string[];
  /** Every C source and header of the directory, by file name: what the compiler may read. */
  readonly sources: Readonly<Record<string, string>>;
  /** Compiler flags from the Makefile, in kbuild's order: ccflags-y / EXTRA_CFLAGS, CFLAGS_MODULE, CFLAGS_<obj>. */
  readonly cflags: readonly string[];
  /** The compiler speaks in this locale's quotes: gcc uses ‘ ’ under a UTF-8 LANG, ' ' otherwise. */
  readonly utf8: boolean;
}

export type Severity = 'error' | 'fatal error' | 'warning' | 'note';

/** One compiler diagnostic, in gcc's terms (positions 1-based, columns in bytes as gcc counts them). */
export interface Diagnostic {
  /** The file as the compiler named it (an absolute path under `dir`, or a header's path). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
  /** The message in gcc 11's words where the toolchain knows them, else clang's. */
  readonly message: string;
  /** The option that controls it, as gcc prints it: -Wunused-variable, -Werror=return-type. */
  readonly option?: string;
  /** Reported by clang only (gcc 11 is silent): never an error, shown with "(gcc does not report this)". */
  readonly clangOnly?: boolean;
  /** The enclosing function, for gcc's "In function ‘f’:" line. */
  readonly function?: string;
  /** A fix-it's replacement text shown under the caret (gcc shows the ';' it expects). */
  readonly fixit?: string;
}

export interface BuildResult {
  readonly ok: boolean;
  /** The stage that failed: compiling an object, modpost, or the final link. */
  readonly failed?: { readonly stage: 'cc' | 'modpost' | 'ld'; readonly target: string };
  readonly diagnostics: readonly Diagnostic[];
  /** "cc1: all warnings being treated as errors" and the like: lines gcc prints after the diagnostics. */
  readonly trailer?: readonly string[];
  /** Products by file name in `dir`: mp3.o, mp3.mod.c, mp3.mod.o, mp3.ko, Module.symvers, modules.order. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** Set when the toolchain itself failed (not the student's code): printed as make's error. */
  readonly hostError?: string;
  /** Wall time of the build in ms (for the bench). */
  readonly ms?: number;
}
