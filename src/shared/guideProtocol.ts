// The lab guide webview's protocol: the step data it renders and the messages both sides send.
// The host owns the data (the guide's steps and the student's progress); the webview says
// `ready`, the host answers with a full `hydrate`, then sends `progress` deltas. Every message
// from the webview is checked with `parseGuideToHost` before the host acts on it.
// Pure module: no `vscode`, no DOM, no Node built-in (used by host, webview and tests).

import { hasExactKeys, isPlainObject } from './validate';

export const GUIDE_PROTOCOL_VERSION = 1;

/** A button under a step: run a VS Code command, or type a line into the lab terminal. */
export type GuideAction =
  | { kind: 'command'; label: string; command: string; args?: readonly unknown[] }
  | { kind: 'shell'; label: string; line: string };

/** One step of the lab guide (codetour-style: steps are data, rendered by the webview). */
export interface GuideStep {
  /** Stable id, `section.step`, lower-case: progress is stored by id. */
  id: string;
  /** Id of the section the step belongs to. */
  section: string;
  title: string;
  /** What to do and why (the guide's markdown subset). */
  body: string;
  actions: readonly GuideAction[];
  /** What the student should see, and why (markdown subset). */
  expect: string;
  /** Common mistakes graders look for. Each item is one markdown-subset paragraph. */
  pitfalls: readonly string[];
}

export interface GuideSectionInfo {
  id: string;
  /** "1", "2", … as printed in the handout's order. */
  number: number;
  title: string;
  /** One paragraph (markdown subset) shown under the section heading. */
  intro: string;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** Host → webview. */
export type HostToGuide =
  | {
      type: 'hydrate';
      version: number;
      sections: readonly GuideSectionInfo[];
      steps: readonly GuideStep[];
      completed: readonly string[];
      /** Step to scroll to and focus once rendered (from `open(stepId)`). */
      focusStepId?: string;
    }
  | { type: 'progress'; completed: readonly string[] }
  | { type: 'focus'; stepId: string }
  | { type: 'actionResult'; stepId: string; actionIndex: number; ok: boolean; message: string };

/** Webview → host. */
export type GuideToHost =
  | { type: 'ready'; version: number }
  | { type: 'runAction'; stepId: string; actionIndex: number }
  | { type: 'setCompleted'; stepId: string; done: boolean };

export type HostToGuideType = HostToGuide['type'];
export type GuideToHostType = GuideToHost['type'];

// ---------------------------------------------------------------------------------------------
// Validation

/** Step ids: lower-case words joined by '.', '-' (e.g. `case1.pair1`). */
const STEP_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
export const MAX_STEP_ID_LENGTH = 80;
/** No step has this many actions; a larger index is certainly forged. */
export const MAX_ACTIONS_PER_STEP = 32;

export function isStepId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_STEP_ID_LENGTH && STEP_ID.test(x);
}

function isActionIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < MAX_ACTIONS_PER_STEP;
}

/**
 * Checks a message that claims to come from the guide webview. Returns a fresh, typed copy,
 * or `undefined` for anything that is not exactly one of the `GuideToHost` shapes (wrong type,
 * missing or extra keys, out-of-range numbers, malformed ids).
 */
export function parseGuideToHost(msg: unknown): GuideToHost | undefined {
  if (!isPlainObject(msg)) return undefined;
  switch (msg.type) {
    case 'ready':
      if (!hasExactKeys(msg, ['type', 'version'])) return undefined;
      if (typeof msg.version !== 'number' || !Number.isInteger(msg.version) || msg.version < 1) return undefined;
      return { type: 'ready', version: msg.version };
    case 'runAction':
      if (!hasExactKeys(msg, ['type', 'stepId', 'actionIndex'])) return undefined;
      if (!isStepId(msg.stepId) || !isActionIndex(msg.actionIndex)) return undefined;
      return { type: 'runAction', stepId: msg.stepId, actionIndex: msg.actionIndex };
    case 'setCompleted':
      if (!hasExactKeys(msg, ['type', 'stepId', 'done'])) return undefined;
      if (!isStepId(msg.stepId) || typeof msg.done !== 'boolean') return undefined;
      return { type: 'setCompleted', stepId: msg.stepId, done: msg.done };
    default:
      return undefined;
  }
}

function isStringArray(x: unknown, max = 10_000): x is string[] {
  return Array.isArray(x) && x.length <= max && x.every((s) => typeof s === 'string');
}

function isGuideAction(x: unknown): x is GuideAction {
  if (!isPlainObject(x) || typeof x.label !== 'string') return false;
  if (x.kind === 'command') {
    return hasExactKeys(x, ['kind', 'label', 'command'], ['args']) && typeof x.command === 'string'
      && (x.args === undefined || Array.isArray(x.args));
  }
  if (x.kind === 'shell') return hasExactKeys(x, ['kind', 'label', 'line']) && typeof x.line === 'string';
  return false;
}

export function isGuideStep(x: unknown): x is GuideStep {
  return isPlainObject(x)
    && isStepId(x.id) && typeof x.section === 'string' && typeof x.title === 'string'
    && typeof x.body === 'string' && typeof x.expect === 'string'
    && Array.isArray(x.actions) && x.actions.length <= MAX_ACTIONS_PER_STEP && x.actions.every(isGuideAction)
    && isStringArray(x.pitfalls, 100);
}

function isSectionInfo(x: unknown): x is GuideSectionInfo {
  return isPlainObject(x) && typeof x.id === 'string' && typeof x.number === 'number'
    && typeof x.title === 'string' && typeof x.intro === 'string';
}

/**
 * Checks a message that claims to come from the host (the webview's own guard: anything else
 * posted into the page is ignored). Returns the message, typed, or `undefined`.
 */
export function parseHostToGuide(msg: unknown): HostToGuide | undefined {
  if (!isPlainObject(msg)) return undefined;
  switch (msg.type) {
    case 'hydrate': {
      if (!hasExactKeys(msg, ['type', 'version', 'sections', 'steps', 'completed'], ['focusStepId'])) return undefined;
      if (msg.version !== GUIDE_PROTOCOL_VERSION) return undefined;
      if (!Array.isArray(msg.sections) || !msg.sections.every(isSectionInfo)) return undefined;
      if (!Array.isArray(msg.steps) || !msg.steps.every(isGuideStep)) return undefined;
      if (!isStringArray(msg.completed)) return undefined;
      if (msg.focusStepId !== undefined && !isStepId(msg.focusStepId)) return undefined;
      return msg as unknown as HostToGuide;
    }
    case 'progress':
      if (!hasExactKeys(msg, ['type', 'completed']) || !isStringArray(msg.completed)) return undefined;
      return { type: 'progress', completed: msg.completed };
    case 'focus':
      if (!hasExactKeys(msg, ['type', 'stepId']) || !isStepId(msg.stepId)) return undefined;
      return { type: 'focus', stepId: msg.stepId };
    case 'actionResult':
      if (!hasExactKeys(msg, ['type', 'stepId', 'actionIndex', 'ok', 'message'])) return undefined;
      if (!isStepId(msg.stepId) || !isActionIndex(msg.actionIndex) || typeof msg.ok !== 'boolean' || typeof msg.message !== 'string') return undefined;
      return { type: 'actionResult', stepId: msg.stepId, actionIndex: msg.actionIndex, ok: msg.ok, message: msg.message };
    default:
      return undefined;
  }
}
