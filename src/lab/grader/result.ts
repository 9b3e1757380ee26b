// What grading a submission yields, in the exact shape `kmlab grade --json` prints, and the
// CSV summary for a batch. Field order is part of the format: JSON.stringify keeps insertion
// order, so the objects are built in the documented order.
import { RUBRIC } from './rubric';
import type { BuildDiagnostic, BuildSummary, GradeResult, TestResult } from '../../shared/gradeReport';

export type { BuildDiagnostic, BuildSummary, GradeResult, TestResult };

export function gradeResult(dir: string, build: BuildSummary, tests: TestResult[], dmesg: string): GradeResult {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    dir,
    build: { ok: build.ok, warnings: build.warnings, errors: build.errors, diagnostics: build.diagnostics.map(orderDiagnostic) },
    tests: tests.map((t) => ({ name: t.name, points: round(t.points), max: t.max, passed: t.passed, details: t.details })),
    score: round(tests.reduce((s, t) => s + t.points, 0)),
    max: tests.reduce((s, t) => s + t.max, 0),
    dmesg,
  };
}

function orderDiagnostic(d: BuildDiagnostic): BuildDiagnostic {
  return { file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message };
}

/** One CSV row per submission: dir, score, max, build status, then each test's points. */
export function gradeCsv(results: readonly GradeResult[]): string {
  const header = ['dir', 'score', 'max', 'build_ok', 'warnings', 'errors', ...RUBRIC.map((t) => t.name)];
  const rows = results.map((r) => {
    const byName = new Map(r.tests.map((t) => [t.name, t.points]));
    return [r.dir, r.score, r.max, r.build.ok, r.build.warnings, r.build.errors, ...RUBRIC.map((t) => byName.get(t.name) ?? '')];
  });
  return [header, ...rows].map((cells) => cells.map((c) => csvCell(String(c))).join(',')).join('\n') + '\n';
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A submission the grader could not finish (a worker that ran out of time, an unreadable folder). */
export function unfinishedResult(dir: string, reason: string): GradeResult {
  const tests = RUBRIC.map((t): TestResult => ({ name: t.name, points: 0, max: t.max, passed: false, details: reason }));
  return gradeResult(dir, { ok: false, warnings: 0, errors: 0, diagnostics: [] }, tests, '');
}
