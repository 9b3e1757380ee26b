// The grader's first three tests read the submission, not the machine: a README, comments in
// the module source, and no floating point in the kernel (mp3-facts.md §2: the module must
// hand raw counters to user space, which computes utilization afterwards).
import { countLines, floatUses } from './cSource';
import { maxOf, type TestName } from './rubric';
import type { TestResult } from './result';

/** The submission's files by name (its folder, flat, as the lab keeps it). */
export type Submission = ReadonlyMap<string, string>;

/** Files the course gives: they are not the student's source. */
const GIVEN = new Set(['mp3_given.h', 'mp3.mod.c']);

/** Words a README needs to count as written (an unchanged template has headings only). */
export const README_MIN_WORDS = 50;
/** The share of comment lines that earns the comment points. */
export const COMMENT_MIN_RATIO = 0.1;

function result(name: TestName, passed: boolean, details: string[]): TestResult {
  const max = maxOf(name);
  return { name, points: passed ? max : 0, max, passed, details: details.join('\n') };
}

export function moduleSources(files: Submission): [string, string][] {
  return [...files].filter(([name]) => /\.[ch]$/.test(name) && !GIVEN.has(name) && !name.endsWith('.mod.c'))
    .filter(([name]) => name !== 'monitor.c' && name !== 'work.c')
    .sort(([a], [b]) => a.localeCompare(b));
}

export function checkReadme(files: Submission): TestResult {
  const name = [...files.keys()].find((f) => /^readme(\.(md|txt))?$/i.test(f));
  if (!name) return result('readme', false, ['no README (README.md, README or README.txt) in the submission']);
  const text = files.get(name)!;
  // Headings, TODO placeholders and HTML comments are the template, not the student's words.
  const prose = text.split('\n')
    .filter((l) => !/^\s*#/.test(l) && !/TODO/i.test(l))
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, '');
  const words = prose.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
  const ok = words >= README_MIN_WORDS;
  return result('readme', ok, [`${name}: ${words} words of description (at least ${README_MIN_WORDS} needed)`]);
}

export function checkComments(files: Submission): TestResult {
  const sources = moduleSources(files);
  if (sources.length === 0) return result('comment', false, ['no C source of the module in the submission']);
  let lines = 0;
  let comments = 0;
  const per: string[] = [];
  for (const [file, text] of sources) {
    const c = countLines(text);
    lines += c.lines;
    comments += c.commentLines;
    per.push(`${file}: ${c.commentLines} comment lines of ${c.lines}`);
  }
  const ratio = lines ? comments / lines : 0;
  const ok = ratio >= COMMENT_MIN_RATIO;
  return result('comment', ok, [...per, `${(ratio * 100).toFixed(1)} % comment lines (at least ${COMMENT_MIN_RATIO * 100} % needed)`]);
}

export function checkFloatingPoint(files: Submission): TestResult {
  const sources = moduleSources(files);
  if (sources.length === 0) return result('fp ops', false, ['no C source of the module in the submission']);
  const found: string[] = [];
  for (const [file, text] of sources) for (const f of floatUses(text)) found.push(`${file}:${f.line}:${f.column}: floating point: ${f.text}`);
  return result('fp ops', found.length === 0, found.length ? found : ['no floating-point type or constant in the module']);
}
