// The lab guide as data (codetour-style): sections of steps, each with markdown text, the
// buttons that run it, what the student should see and the mistakes graders look for. The
// text lives in ./guide/content.ts; this module is the API over it: look-ups, flattening, and
// the progress model (a list of completed step ids) as pure functions.
// Pure: no `vscode`, no DOM, no Node built-in.
import type { GuideAction, GuideSectionInfo, GuideStep } from '../shared/guideProtocol';
import { GRADER_CHECKLIST, SECTIONS, type SectionDef } from './guide/content';

export type LabAction = GuideAction;
export type LabStep = GuideStep;
export interface LabSection extends GuideSectionInfo {
  steps: readonly LabStep[];
}

export { GRADER_CHECKLIST };

function build(defs: readonly SectionDef[]): readonly LabSection[] {
  return defs.map((s) => Object.freeze({
    id: s.id,
    number: s.number,
    title: s.title,
    intro: s.intro,
    steps: Object.freeze(s.steps.map((st) => Object.freeze({ ...st, section: s.id }))),
  }));
}

/** The whole guide, in the handout's order. */
export const LAB_GUIDE: readonly LabSection[] = Object.freeze(build(SECTIONS));

const ALL_STEPS: readonly LabStep[] = Object.freeze(LAB_GUIDE.flatMap((s) => s.steps));
const INDEX = new Map<string, number>(ALL_STEPS.map((s, i) => [s.id, i]));

/** Every step, in order. */
export function flattenSteps(sections: readonly LabSection[] = LAB_GUIDE): LabStep[] {
  return sections.flatMap((s) => s.steps);
}

/** Section headers without their steps (what the webview needs besides the flat step list). */
export function sectionInfos(sections: readonly LabSection[] = LAB_GUIDE): GuideSectionInfo[] {
  return sections.map(({ id, number, title, intro }) => ({ id, number, title, intro }));
}

export function findStep(id: string): LabStep | undefined {
  const i = INDEX.get(id);
  return i === undefined ? undefined : ALL_STEPS[i];
}

export function findSection(id: string): LabSection | undefined {
  return LAB_GUIDE.find((s) => s.id === id);
}

/** Position of a step in the flat order, or -1. */
export function stepIndex(id: string): number {
  return INDEX.get(id) ?? -1;
}

export function nextStepId(id: string): string | undefined {
  const i = stepIndex(id);
  return i < 0 ? undefined : ALL_STEPS[i + 1]?.id;
}

export function previousStepId(id: string): string | undefined {
  const i = stepIndex(id);
  return i <= 0 ? undefined : ALL_STEPS[i - 1].id;
}

/**
 * The action a webview asked to run, looked up in the guide's own data (the webview only
 * sends ids and indexes, never commands or shell lines). `undefined` for unknown ids/indexes.
 */
export function resolveAction(stepId: string, actionIndex: number): { step: LabStep; action: LabAction } | undefined {
  const step = findStep(stepId);
  if (!step || !Number.isInteger(actionIndex) || actionIndex < 0 || actionIndex >= step.actions.length) return undefined;
  return { step, action: step.actions[actionIndex] };
}

// ---------------------------------------------------------------------------------------------
// Progress: the set of completed step ids, kept as a sorted (guide-order) array so it can be
// stored in globalState as plain JSON and compared cheaply.

/**
 * Cleans stored progress: keeps only strings that are step ids of this guide, once each, in
 * guide order. Anything that is not an array (corrupt or old state) counts as no progress.
 */
export function normalizeCompleted(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  const seen = new Set<string>();
  for (const x of stored) if (typeof x === 'string' && INDEX.has(x)) seen.add(x);
  return [...seen].sort((a, b) => (INDEX.get(a) ?? 0) - (INDEX.get(b) ?? 0));
}

/** Marks a step done or not done. Unknown step ids leave the progress unchanged. */
export function setStepCompleted(completed: readonly string[], stepId: string, done: boolean): string[] {
  const current = normalizeCompleted(completed);
  if (!INDEX.has(stepId)) return current;
  const without = current.filter((id) => id !== stepId);
  return done ? normalizeCompleted([...without, stepId]) : without;
}

export function isCompleted(completed: readonly string[], stepId: string): boolean {
  return completed.includes(stepId);
}

export interface SectionProgress {
  id: string;
  done: number;
  total: number;
}

export interface GuideProgress {
  done: number;
  total: number;
  /** done / total, 0..1. */
  fraction: number;
  sections: SectionProgress[];
  /** The first step not yet completed, in guide order; undefined when all are done. */
  nextStepId: string | undefined;
  finished: boolean;
}

/** Summary of progress for a progress bar and a "continue" button. */
export function progressOf(completed: readonly string[]): GuideProgress {
  const done = new Set(normalizeCompleted(completed));
  const sections = LAB_GUIDE.map((s) => ({
    id: s.id,
    done: s.steps.filter((st) => done.has(st.id)).length,
    total: s.steps.length,
  }));
  const total = ALL_STEPS.length;
  const nextStepId = ALL_STEPS.find((s) => !done.has(s.id))?.id;
  return { done: done.size, total, fraction: total ? done.size / total : 0, sections, nextStepId, finished: done.size === total };
}
