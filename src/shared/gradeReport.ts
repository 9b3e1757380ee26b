// A graded submission as `kmlab grade --json` prints it and the Grade Module panel shows it.
// Pure data types, shared by the grader (src/lab/grader), the CLI, the extension and the
// webview; the field order of each object is the documented JSON order.

/** The rubric's test names, in the grader's order. */
export type TestName = 'readme' | 'comment' | 'fp ops' | 'compile no warn' | 'read/write' | 'char dev' | 'buffer alloc/free' | 'mmap' | 'work queue';

export interface BuildDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'note';
  message: string;
}

export interface BuildSummary {
  ok: boolean;
  warnings: number;
  errors: number;
  diagnostics: BuildDiagnostic[];
}

export interface TestResult {
  name: TestName;
  points: number;
  max: number;
  passed: boolean;
  /** What the test did and saw: the commands with their output, one finding per line. */
  details: string;
}

export interface GradeResult {
  dir: string;
  build: BuildSummary;
  tests: TestResult[];
  score: number;
  max: number;
  /** The kernel log of the grading machine(s), as dmesg prints it. */
  dmesg: string;
}

