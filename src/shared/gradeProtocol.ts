// The Grade Module panel's protocol. The host owns the result (it runs the grader off the
// editor's thread); the webview says `ready` and gets a full `hydrate`, then `status` while a
// grade runs. The webview may only ask to grade again and to open a source location, each
// checked here before the host acts: a file is a plain name in the module folder, a symbol is
// a C identifier, so a forged message can open nothing else.
// Pure module: no `vscode`, no DOM, no Node built-in.
import type { GradeResult } from './gradeReport';
import { hasExactKeys, isPlainObject } from './validate';

export const GRADE_PROTOCOL_VERSION = 1;

export interface RubricRow {
  name: string;
  max: number;
  checks: string;
}

export interface GradeStatus {
  running: boolean;
  /** What the grader is doing, or how the last run ended. */
  message: string;
}

export type HostToGrade =
  | { type: 'hydrate'; version: number; rubric: readonly RubricRow[]; status: GradeStatus; result: GradeResult | null }
  | { type: 'status'; status: GradeStatus };

export type GradeToHost =
  | { type: 'ready'; version: number }
  | { type: 'grade' }
  | { type: 'openSource'; file: string; line: number; column: number }
  | { type: 'openSymbol'; name: string };

/** A file of the module folder: a plain name, as the lab keeps its files (no directories). */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function isPosition(x: unknown, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= max;
}

export function parseGradeToHost(msg: unknown): GradeToHost | undefined {
  if (!isPlainObject(msg)) return undefined;
  switch (msg.type) {
    case 'ready':
      if (!hasExactKeys(msg, ['type', 'version']) || typeof msg.version !== 'number' || !Number.isInteger(msg.version) || msg.version < 1) return undefined;
      return { type: 'ready', version: msg.version };
    case 'grade':
      return hasExactKeys(msg, ['type']) ? { type: 'grade' } : undefined;
    case 'openSource':
      if (!hasExactKeys(msg, ['type', 'file', 'line', 'column'])) return undefined;
      if (typeof msg.file !== 'string' || !FILE_NAME.test(msg.file) || msg.file.includes('..')) return undefined;
      if (!isPosition(msg.line, 1_000_000) || !isPosition(msg.column, 10_000)) return undefined;
      return { type: 'openSource', file: msg.file, line: msg.line, column: msg.column };
    case 'openSymbol':
      if (!hasExactKeys(msg, ['type', 'name']) || typeof msg.name !== 'string' || !C_IDENTIFIER.test(msg.name)) return undefined;
      return { type: 'openSymbol', name: msg.name };
    default:
      return undefined;
  }
}

function isGradeResult(x: unknown): x is GradeResult {
  if (!isPlainObject(x) || typeof x.dir !== 'string' || typeof x.score !== 'number' || typeof x.max !== 'number' || typeof x.dmesg !== 'string') return false;
  const b = x.build;
  if (!isPlainObject(b) || typeof b.ok !== 'boolean' || typeof b.warnings !== 'number' || typeof b.errors !== 'number' || !Array.isArray(b.diagnostics)) return false;
  const diagOk = b.diagnostics.every((d) => isPlainObject(d) && typeof d.file === 'string' && typeof d.line === 'number'
    && typeof d.column === 'number' && typeof d.severity === 'string' && typeof d.message === 'string');
  const testsOk = Array.isArray(x.tests) && x.tests.every((t) => isPlainObject(t) && typeof t.name === 'string'
    && typeof t.points === 'number' && typeof t.max === 'number' && typeof t.passed === 'boolean' && typeof t.details === 'string');
  return diagOk && testsOk;
}

function isStatus(x: unknown): x is GradeStatus {
  return isPlainObject(x) && hasExactKeys(x, ['running', 'message']) && typeof x.running === 'boolean' && typeof x.message === 'string';
}

/** The webview's own guard on what is posted into it. */
export function parseHostToGrade(msg: unknown): HostToGrade | undefined {
  if (!isPlainObject(msg)) return undefined;
  switch (msg.type) {
    case 'hydrate':
      if (!hasExactKeys(msg, ['type', 'version', 'rubric', 'status', 'result']) || msg.version !== GRADE_PROTOCOL_VERSION) return undefined;
      if (!Array.isArray(msg.rubric) || !msg.rubric.every((r) => isPlainObject(r) && typeof r.name === 'string' && typeof r.max === 'number' && typeof r.checks === 'string')) return undefined;
      if (!isStatus(msg.status) || !(msg.result === null || isGradeResult(msg.result))) return undefined;
      return msg as unknown as HostToGrade;
    case 'status':
      if (!hasExactKeys(msg, ['type', 'status']) || !isStatus(msg.status)) return undefined;
      return { type: 'status', status: msg.status };
    default:
      return undefined;
  }
}

/** A place in a test's details that names source: `mp3.c:42:17` or an Oops frame `mp3_write+0x2c/0x120 [mp3]`. */
export type SourceRef =
  | { start: number; end: number; kind: 'location'; file: string; line: number; column: number }
  | { start: number; end: number; kind: 'symbol'; name: string };

export function findSourceRefs(text: string): SourceRef[] {
  const refs: SourceRef[] = [];
  const re = /\b([A-Za-z0-9_][A-Za-z0-9_.-]*\.[ch]):(\d+)(?::(\d+))?|\b([A-Za-z_][A-Za-z0-9_]*)\+0x[0-9a-f]+\/0x[0-9a-f]+ \[mp3\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) refs.push({ start: m.index, end: m.index + m[0].length, kind: 'location', file: m[1], line: Number(m[2]), column: Number(m[3] ?? 1) });
    else refs.push({ start: m.index, end: m.index + m[4].length, kind: 'symbol', name: m[4] });
  }
  return refs;
}
