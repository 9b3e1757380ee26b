// The Grade Module panel: the rubric table of a graded module. Each row is one of the course
// grader's tests with its points; a row opens to what the test did (commands and output) and
// the kernel's complaints, with links to the source lines involved. Imports shared/ only; every
// message is checked with parseHostToGrade before use, and all text goes through textContent.
import {
  findSourceRefs,
  GRADE_PROTOCOL_VERSION,
  parseHostToGrade,
  type GradeStatus,
  type GradeToHost,
  type RubricRow,
} from '../../shared/gradeProtocol';
import type { GradeResult, TestResult } from '../../shared/gradeReport';
import { h } from '../guide/dom';

interface VsCodeApi {
  postMessage(msg: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (msg: GradeToHost): void => vscode.postMessage(msg);
const root = document.getElementById('grade-root') ?? document.body;

let rubric: readonly RubricRow[] = [];
let result: GradeResult | null = null;
let status: GradeStatus = { running: false, message: '' };

/** Text with its source references turned into links the host opens. */
function linked(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const ref of findSourceRefs(text)) {
    frag.append(text.slice(at, ref.start));
    const label = text.slice(ref.start, ref.end);
    const a = h('a', { href: '#', title: ref.kind === 'location' ? `Open ${ref.file} at line ${ref.line}` : `Go to ${ref.name} in the module source` }, label);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      post(ref.kind === 'location' ? { type: 'openSource', file: ref.file, line: ref.line, column: ref.column } : { type: 'openSymbol', name: ref.name });
    });
    frag.append(a);
    at = ref.end;
  }
  frag.append(text.slice(at));
  return frag;
}

const points = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function testRow(row: RubricRow, t: TestResult | undefined): HTMLElement {
  const verdict = !t ? 'not run' : t.passed ? 'pass' : t.points > 0 ? 'partial' : 'fail';
  const summary = h('summary', {},
    h('span', { class: 'name' }, row.name),
    h('span', { class: `verdict ${verdict.replace(' ', '-')}` }, verdict),
    h('span', { class: 'points', 'aria-label': `${t ? points(t.points) : 0} of ${points(row.max)} points` }, `${t ? points(t.points) : '–'} / ${points(row.max)}`),
    h('span', { class: 'checks' }, row.checks),
  );
  const body = t ? h('pre', { class: 'details' }, linked(t.details)) : h('p', {}, 'Not graded yet.');
  return h('details', { class: 'test', open: t !== undefined && !t.passed }, summary, body);
}

function buildSection(r: GradeResult): HTMLElement {
  const b = r.build;
  const head = b.ok ? `Built with ${b.warnings} warning${b.warnings === 1 ? '' : 's'}` : `The build failed: ${b.errors} error${b.errors === 1 ? '' : 's'}, ${b.warnings} warning${b.warnings === 1 ? '' : 's'}`;
  const list = h('ul', { class: 'diagnostics' });
  for (const d of b.diagnostics) {
    list.append(h('li', { class: d.severity }, linked(`${d.file}:${d.line}:${d.column}`), `: ${d.severity}: ${d.message}`));
  }
  return h('section', { class: 'build' }, h('h2', {}, 'Build'), h('p', {}, head), b.diagnostics.length ? list : null);
}

function render(): void {
  const byName = new Map<string, TestResult>((result?.tests ?? []).map((t) => [t.name, t]));
  const again = h('button', { type: 'button', disabled: status.running }, status.running ? 'Grading…' : result ? 'Grade again' : 'Grade');
  again.addEventListener('click', () => post({ type: 'grade' }));
  const score = result
    ? h('p', { class: 'score', role: 'status' }, h('strong', {}, `${points(result.score)} / ${points(result.max)}`), ` points for ${result.dir}`)
    : h('p', { class: 'score', role: 'status' }, 'Not graded yet.');
  const dmesg = result ? h('details', { class: 'dmesg' }, h('summary', {}, 'Kernel log (dmesg) of the grading machine'), h('pre', {}, linked(result.dmesg))) : null;
  const parts: (HTMLElement | null)[] = [
    h('header', {}, h('h1', {}, 'Grade Module'), again),
    h('p', { class: 'about' }, 'The course grader’s tests in its order, on one simulated machine (2 CPUs, 4 GiB, 2 GiB swap); each test does its own insmod … rmmod, so a cleanup bug costs the tests after it.'),
    score,
    h('p', { class: 'status', 'aria-live': 'polite' }, status.message),
    result ? buildSection(result) : null,
    h('section', { class: 'tests' }, h('h2', {}, 'Tests'), ...rubric.map((row) => testRow(row, byName.get(row.name)))),
    dmesg,
  ];
  root.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostToGrade(event.data);
  if (!msg) return;
  if (msg.type === 'hydrate') {
    rubric = msg.rubric;
    result = msg.result;
    status = msg.status;
  } else status = msg.status;
  render();
});

post({ type: 'ready', version: GRADE_PROTOCOL_VERSION });
