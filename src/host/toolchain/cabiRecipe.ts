// The ABI recipe (src/host/cmodule/recipe.ts: kbuild 5.15's flags against the shipped headers,
// binaryen's instrumentation and lowering, .modinfo) behind the toolchain's BuildRequest /
// BuildResult: its per-step clang output becomes gcc-format diagnostics, its products the files
// make writes. Used whenever the kernel headers are there (resources/kernel-headers); the
// minimal recipe (recipe.ts) serves until then.
import type { BuildRequest, BuildResult, Diagnostic } from '../../programs/make/buildProtocol';
import { buildModule, modC, type FileTree } from '../cmodule/recipe';
import type { Binaryen } from '../cmodule/instrument';
import { hasErrors, parseClangDiagnostics } from './clangDiagnostics';
import { clangOnlyFlags } from './clangOnly';
import type { Tools, Tree } from './recipe';

/** Clang switches for machine-readable diagnostics (the renderer draws gcc's carets). */
const DIAGNOSTIC_FLAGS = ['-fno-color-diagnostics', '-fdiagnostics-show-option', '-fdiagnostics-parseable-fixits'];

const enc = new TextEncoder();

export async function cabiRecipe(tools: Tools, binaryen: Binaryen, req: BuildRequest, headers: Tree): Promise<BuildResult> {
  const t0 = Date.now();
  const dir = req.dir.replace(/\/+$/, '');
  const adapt = (run: (a: string[], f: Tree) => ReturnType<Tools['clang']>) => async (args: string[], files: FileTree) => {
    const r = await run(args, files as Tree);
    return { exitCode: r.code, stderr: r.stderr, files: r.files as FileTree };
  };
  const result = await buildModule({
    name: req.module,
    sources: { ...req.sources },
    objects: req.objects.map((o) => o.replace(/\.o$/, '.c')),
    // after the Makefile's flags: no clang-only group may become an error (clangOnly.ts)
    extraCflags: [...req.cflags, ...DIAGNOSTIC_FLAGS, ...clangOnlyFlags()],
  }, { clang: adapt(tools.clang), wasmLd: adapt(tools.wasmLd), binaryen, headers: headers as FileTree });
  // clang was run in the module's directory: name its files as kbuild's gcc does (absolute)
  const absolute = (stderr: string): string => stderr.replace(/^(?!\/)([^\s:]+\.[ch]):(\d+):(\d+): /gm, `${dir}/$1:$2:$3: `).replace(/^fix-it:"(?!\/)([^"]+)"/gm, `fix-it:"${dir}/$1"`);
  const sourceOf = (file: string): string | undefined => (file.startsWith(`${dir}/`) ? req.sources[file.slice(dir.length + 1)] : undefined);
  const diagnostics: Diagnostic[] = [];
  const files: Record<string, Uint8Array> = { ...result.objectFiles };
  const werrorAll = req.cflags.includes('-Werror');
  for (const step of result.steps) {
    if (step.kind !== 'CC') continue;
    const parsed = parseClangDiagnostics(absolute(step.stderr), { source: sourceOf }, req.utf8);
    diagnostics.push(...parsed.diagnostics);
    if (step.exitCode !== 0 || hasErrors(parsed.diagnostics)) {
      const fatal = parsed.diagnostics.some((d) => d.severity === 'fatal error');
      const trailer = fatal ? ['compilation terminated.'] : parsed.promoted ? [`cc1: ${werrorAll ? 'all' : 'some'} warnings being treated as errors`] : [];
      if (!parsed.diagnostics.length && step.stderr.trim()) return { ok: false, failed: { stage: 'cc', target: `${dir}/${step.target}` }, diagnostics, files, hostError: step.stderr.trim(), ms: Date.now() - t0 };
      return { ok: false, failed: { stage: 'cc', target: `${dir}/${step.target}` }, diagnostics, trailer, files, ms: Date.now() - t0 };
    }
  }
  if (!result.ok || !result.ko) {
    const last = result.steps[result.steps.length - 1];
    return { ok: false, failed: { stage: last?.kind === 'LD' ? 'ld' : 'modpost', target: `${dir}/${last?.target ?? req.module}` }, diagnostics, files, hostError: last?.stderr.trim() || 'the build failed', ms: Date.now() - t0 };
  }
  files['Module.symvers'] = new Uint8Array(0);
  files['modules.order'] = enc.encode(`${dir}/${req.module}.ko\n`);
  files[`${req.module}.mod`] = enc.encode(`${req.objects.map((o) => `${dir}/${o}`).join(' ')}\n`);
  files[`${req.module}.mod.c`] = enc.encode(modC());
  files[`${req.module}.ko`] = result.ko;
  return { ok: true, diagnostics, files, ms: Date.now() - t0 };
}
