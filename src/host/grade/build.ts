// The grader's build step: `make` on the grading machine, as the course's grader runs it, with
// the host's C toolchain behind kbuild (host_call 'kbuild'). What the compiler reported comes
// back structured; the summary counts gcc 11's verdict: a finding only clang makes is listed
// as a warning marked so, and does not cost "compile no warn" (issue 11: same verdict as gcc).
import type { BuildDiagnostic, BuildSummary } from '../../shared/gradeReport';
import type { BuildResult } from '../../programs/make/buildProtocol';
import type { ModuleBuilder } from '../../lab/grader/grade';
import { installKbuildService } from '../toolchain/kbuildService';
import { sharedToolchain, type Toolchain } from '../toolchain/toolchain';

/** Simulated seconds `make` may take before the grader gives up on it. */
const MAKE_LIMIT_S = 600;

export function summarizeBuild(result: BuildResult | undefined, makeStatus: number): BuildSummary {
  if (!result) {
    // make never reached kbuild (no Makefile, no obj-m): the build failed without a compiler word
    return { ok: false, warnings: 0, errors: 1, diagnostics: [] };
  }
  const diagnostics: BuildDiagnostic[] = result.diagnostics.map((d) => ({
    file: d.file.slice(d.file.lastIndexOf('/') + 1),
    line: d.line,
    column: d.column,
    severity: d.severity === 'fatal error' ? 'error' : d.severity,
    message: d.clangOnly ? `${d.message} (gcc does not report this)` : d.message,
  }));
  const counted = result.diagnostics.filter((d) => !d.clangOnly);
  return {
    ok: result.ok && makeStatus === 0,
    warnings: counted.filter((d) => d.severity === 'warning').length,
    errors: counted.filter((d) => d.severity === 'error' || d.severity === 'fatal error').length,
    diagnostics,
  };
}

export function kbuildBuilder(toolchain: Toolchain = sharedToolchain()): ModuleBuilder {
  return async (machine) => {
    let last: BuildResult | undefined;
    const remove = installKbuildService(machine.kernel, toolchain, (_request, result) => {
      last = result;
    });
    try {
      const r = await machine.shAsync('make', MAKE_LIMIT_S);
      return { summary: summarizeBuild(last, r.status), log: `$ make\n${r.output.trim()}` };
    } finally {
      remove();
    }
  };
}
