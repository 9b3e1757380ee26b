// The lab guide webview: renders the steps the host sends (`hydrate`), posts `runAction` and
// `setCompleted`, and keeps only view state (scroll position) of its own. It imports shared/
// only; every message is checked with `parseHostToGuide` before use.
import {
  GUIDE_PROTOCOL_VERSION,
  parseHostToGuide,
  type GuideAction,
  type GuideSectionInfo,
  type GuideStep,
  type GuideToHost,
} from '../../shared/guideProtocol';
import { h, renderMarkdown } from './dom';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  scrollY?: number;
}

const vscode = acquireVsCodeApi();
const post = (msg: GuideToHost): void => vscode.postMessage(msg);

const root = document.getElementById('guide-root') ?? document.body;
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

let sections: readonly GuideSectionInfo[] = [];
let steps: readonly GuideStep[] = [];
let completed = new Set<string>();
let restoredScroll = false;

// ---------------------------------------------------------------------------------------------
// Rendering

const stepDomId = (id: string): string => `step-${id.replace(/\./g, '-')}`;
const sectionDomId = (id: string): string => `section-${id}`;

function actionButton(step: GuideStep, action: GuideAction, index: number, className: string, label = action.label): HTMLButtonElement {
  const described = action.kind === 'shell' ? `Type "${action.line}" in the lab terminal` : `Run the command ${action.label}`;
  const btn = h('button', {
    type: 'button',
    class: className,
    'data-step': step.id,
    'data-action': index,
    title: described,
  }, label);
  btn.addEventListener('click', () => {
    post({ type: 'runAction', stepId: step.id, actionIndex: index });
    setStatus(action.kind === 'shell' ? `Sent to the lab terminal: ${action.line}` : `Running: ${action.label}`);
  });
  return btn;
}

function renderActions(step: GuideStep): HTMLElement | null {
  if (step.actions.length === 0) return null;
  const commands = h('div', { class: 'command-actions' });
  const shells = h('ul', { class: 'shell-actions', 'aria-label': 'Commands to type' });
  step.actions.forEach((a, i) => {
    if (a.kind === 'command') {
      commands.append(actionButton(step, a, i, 'button primary'));
    } else {
      const run = actionButton(step, a, i, 'button secondary run', 'Run');
      run.setAttribute('aria-label', `Run in terminal: ${a.line}`);
      const label = a.label !== 'Run in terminal' ? h('span', { class: 'shell-label' }, a.label) : null;
      shells.append(h('li', { class: 'shell-action' }, h('code', { class: 'shell-line' }, a.line), label, run));
    }
  });
  return h('div', { class: 'actions' },
    shells.childElementCount ? shells : null,
    commands.childElementCount ? commands : null);
}

function renderStep(step: GuideStep, section: GuideSectionInfo, n: number): HTMLElement {
  const done = completed.has(step.id);
  const headingId = `${stepDomId(step.id)}-title`;
  const checkId = `${stepDomId(step.id)}-done`;

  // A `[label](command:id)` link becomes the button of the step's first action with that command.
  const commandLink = (label: string, command: string): HTMLElement | undefined => {
    const index = step.actions.findIndex((a) => a.kind === 'command' && a.command === command);
    return index < 0 ? undefined : actionButton(step, step.actions[index], index, 'link-button', label);
  };

  const check = h('input', { type: 'checkbox', id: checkId, class: 'done-check', checked: done, 'aria-describedby': headingId });
  check.addEventListener('change', () => {
    const value = check.checked;
    setCompletedLocal(step.id, value);
    post({ type: 'setCompleted', stepId: step.id, done: value });
  });

  const pitfalls = step.pitfalls.length
    ? h('details', { class: 'pitfalls', open: true },
      h('summary', {}, `Pitfalls graders look for (${step.pitfalls.length})`),
      h('ul', {}, ...step.pitfalls.map((p) => h('li', {}, renderMarkdown(p, commandLink)))))
    : null;

  return h('article', { class: `step${done ? ' done' : ''}`, id: stepDomId(step.id), 'aria-labelledby': headingId, 'data-step': step.id },
    h('div', { class: 'step-head' },
      h('h3', { id: headingId, tabindex: -1 },
        h('span', { class: 'step-number' }, `${section.number}.${n}`), ' ', step.title),
      h('label', { class: 'done-label', for: checkId }, check, h('span', {}, 'Done'))),
    h('div', { class: 'md body' }, renderMarkdown(step.body, commandLink)),
    renderActions(step),
    h('div', { class: 'expect', role: 'note', 'aria-label': 'What you should see' },
      h('div', { class: 'box-title' }, 'What you should see'),
      h('div', { class: 'md' }, renderMarkdown(step.expect, commandLink))),
    pitfalls);
}

function renderHeader(): HTMLElement {
  const header = h('header', { class: 'guide-header' },
    h('h1', {}, 'MP3 lab guide'),
    h('p', { class: 'subtitle' }, 'Virtual memory page fault profiler, on a simulated Linux 5.15 machine.'),
    h('div', { class: 'progress-row' },
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Steps completed', 'aria-valuemin': 0, 'aria-valuemax': steps.length, id: 'progress' },
        h('div', { class: 'progress-fill', id: 'progress-fill' })),
      h('span', { class: 'progress-text', id: 'progress-text' }),
      h('button', { type: 'button', class: 'button secondary', id: 'continue' }, 'Continue')));
  const toc = h('nav', { class: 'toc', 'aria-label': 'Sections' },
    h('ol', {}, ...sections.map((s) => {
      const btn = h('button', { type: 'button', class: 'toc-link', 'data-section': s.id },
        h('span', { class: 'toc-number' }, `${s.number}`), ' ', s.title, ' ',
        h('span', { class: 'toc-count', id: `toc-count-${s.id}` }));
      btn.addEventListener('click', () => focusElement(document.getElementById(`${sectionDomId(s.id)}-title`)));
      return h('li', {}, btn);
    })));
  header.append(toc);
  return header;
}

function render(): void {
  const main = h('main', { class: 'guide' });
  for (const s of sections) {
    const own = steps.filter((st) => st.section === s.id);
    const titleId = `${sectionDomId(s.id)}-title`;
    main.append(h('section', { class: 'guide-section', id: sectionDomId(s.id), 'aria-labelledby': titleId },
      h('h2', { id: titleId, tabindex: -1 }, `${s.number}. ${s.title}`),
      h('div', { class: 'md intro' }, renderMarkdown(s.intro, () => undefined)),
      ...own.map((st, i) => renderStep(st, s, i + 1))));
  }
  root.replaceChildren(renderHeader(), main, h('div', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' }));
  document.getElementById('continue')?.addEventListener('click', () => {
    const next = steps.find((st) => !completed.has(st.id));
    if (next) focusStep(next.id);
  });
  updateProgress();
}

function updateProgress(): void {
  const done = steps.filter((s) => completed.has(s.id)).length;
  const fill = document.getElementById('progress-fill');
  const bar = document.getElementById('progress');
  const text = document.getElementById('progress-text');
  const pct = steps.length ? Math.round((done / steps.length) * 100) : 0;
  if (fill) fill.style.width = `${pct}%`;
  bar?.setAttribute('aria-valuenow', String(done));
  bar?.setAttribute('aria-valuetext', `${done} of ${steps.length} steps done`);
  if (text) text.textContent = `${done} of ${steps.length} steps done`;
  const next = steps.find((s) => !completed.has(s.id));
  const cont = document.getElementById('continue');
  if (cont) {
    cont.textContent = next ? `Continue: ${next.title}` : 'All steps done';
    cont.toggleAttribute('disabled', !next);
  }
  for (const s of sections) {
    const own = steps.filter((st) => st.section === s.id);
    const count = document.getElementById(`toc-count-${s.id}`);
    if (count) {
      const d = own.filter((st) => completed.has(st.id)).length;
      count.textContent = `${d}/${own.length}`;
      count.classList.toggle('complete', d === own.length);
      count.setAttribute('aria-label', `${d} of ${own.length} done`);
    }
  }
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('article.step'))) {
    const id = el.dataset.step ?? '';
    const isDone = completed.has(id);
    el.classList.toggle('done', isDone);
    const box = el.querySelector<HTMLInputElement>('input.done-check');
    if (box && box.checked !== isDone) box.checked = isDone;
  }
}

function setCompletedLocal(stepId: string, done: boolean): void {
  if (done) completed.add(stepId);
  else completed.delete(stepId);
  updateProgress();
}

// ---------------------------------------------------------------------------------------------
// Focus, status, view state

function focusElement(el: HTMLElement | null): void {
  if (!el) return;
  el.scrollIntoView({ behavior: reducedMotion.matches ? 'auto' : 'smooth', block: 'start' });
  el.focus({ preventScroll: true });
}

function focusStep(stepId: string): void {
  const article = document.getElementById(stepDomId(stepId));
  if (!article) return;
  focusElement(article.querySelector<HTMLElement>('h3'));
  article.classList.add('flash');
  window.setTimeout(() => article.classList.remove('flash'), 1200);
}

let statusTimer: number | undefined;
function setStatus(text: string, isError = false): void {
  const el = document.getElementById('status');
  if (!el) return;
  el.textContent = text;
  el.classList.toggle('error', isError);
  el.classList.add('visible');
  window.clearTimeout(statusTimer);
  statusTimer = window.setTimeout(() => el.classList.remove('visible'), isError ? 8000 : 3000);
}

let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => vscode.setState({ scrollY: Math.round(window.scrollY) } satisfies ViewState), 150);
}, { passive: true });

function restoreScroll(): void {
  if (restoredScroll) return;
  restoredScroll = true;
  const state = vscode.getState() as ViewState | undefined;
  if (state && typeof state.scrollY === 'number' && state.scrollY > 0) window.scrollTo(0, state.scrollY);
}

// ---------------------------------------------------------------------------------------------
// Messages

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostToGuide(event.data);
  if (!msg) return;
  switch (msg.type) {
    case 'hydrate':
      sections = msg.sections;
      steps = msg.steps;
      completed = new Set(msg.completed);
      render();
      if (msg.focusStepId) {
        restoredScroll = true;
        focusStep(msg.focusStepId);
      } else {
        restoreScroll();
      }
      break;
    case 'progress':
      completed = new Set(msg.completed);
      updateProgress();
      break;
    case 'focus':
      focusStep(msg.stepId);
      break;
    case 'actionResult':
      setStatus(msg.message, !msg.ok);
      break;
  }
});

root.replaceChildren(h('p', { class: 'loading' }, 'Loading the lab guide…'));
post({ type: 'ready', version: GUIDE_PROTOCOL_VERSION });
