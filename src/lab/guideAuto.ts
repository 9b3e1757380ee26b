// Guide steps that tick themselves: a step is done when its command was run (from the guide's
// button, or typed in the Lab Shell) or when its outcome can be seen on the machine (the module
// is loaded, `node` exists, profile1.data was written). Pure matching logic; the extension
// (src/extension/guide/autoProgress.ts) feeds it what happened.
//
// Which commands count: a step's *key* actions are its command buttons and its first shell line
// (the thing the step is about); its other lines are checks (`lsmod` after `insmod`) that would
// tick steps the student has not done. A typed command is seen as the argv of a program that
// ran (builtins such as echo, wait and jobs leave no trace), so a shell line is matched by the
// programs it runs, without `nice`/`time`, redirections and loop keywords.
// Pure: no `vscode`, no DOM, no Node built-in.
import type { GuideAction } from '../shared/guideProtocol';
import { flattenSteps, findStep, normalizeCompleted, type LabStep } from './guide';

/** Shell words that run no program of their own (bash builtins and keywords the guide uses). */
const NOT_PROGRAMS = new Set(['echo', 'wait', 'jobs', 'kill', 'cd', 'true', 'false', 'for', 'do', 'done', 'while', 'if', 'then', 'fi']);

/**
 * The programs a shell line runs, each as "argv joined by single spaces":
 * `nice ./work 1024 R 50000 & nice ./work 1024 L 10000 &` → ["./work 1024 R 50000", "./work 1024 L 10000"];
 * `./monitor > profile1.data` → ["./monitor"]; `for i in {1..5}; do ./work 200 R 10000 & done` → ["./work 200 R 10000"].
 */
export function programsOf(line: string): string[] {
  const out: string[] = [];
  for (const raw of line.split(/&&|\|\||[;&|]/)) {
    let words = raw.replace(/[0-9]*>>?\s*\S+/g, ' ').trim().split(/\s+/).filter(Boolean);
    while (words.length && (words[0] === 'nice' || words[0] === 'time' || words[0] === 'do')) words = words.slice(1);
    if (!words.length || NOT_PROGRAMS.has(words[0])) continue;
    out.push(words.join(' ').replace(/^'|'$/g, ''));
  }
  return [...new Set(out)];
}

/** The actions that complete a step: its command buttons and its first shell line. */
export function keyActions(step: LabStep): GuideAction[] {
  const firstShell = step.actions.find((a) => a.kind === 'shell');
  return step.actions.filter((a) => a.kind === 'command' || a === firstShell);
}

/** Whether running action `actionIndex` of a step (the guide's button) completes that step. */
export function actionCompletesStep(stepId: string, actionIndex: number): boolean {
  const step = findStep(stepId);
  const action = step?.actions[actionIndex];
  return !!step && !!action && keyActions(step).includes(action);
}

/** How far past the first step not done a typed command may tick (the student is around there). */
export const TYPED_WINDOW = 5;

/**
 * The step that programs which ran (argv joined) complete, and the programs it used up: the
 * first step, in guide order, not done yet and at most `window` steps past the first one not
 * done, whose first shell line runs programs that all ran. (A check such as `lsmod` typed in
 * section 1 does not tick section 4's "Get ready", whose first line it also is.)
 */
export function stepCompletedByPrograms(ran: readonly string[], completed: readonly string[], window = TYPED_WINDOW): { stepId: string; used: string[] } | undefined {
  const seen = new Set(ran);
  const done = new Set(normalizeCompleted(completed));
  const steps = flattenSteps();
  const start = steps.findIndex((s) => !done.has(s.id));
  if (start < 0) return undefined;
  for (const step of steps.slice(start, start + window)) {
    if (done.has(step.id)) continue;
    const first = step.actions.find((a) => a.kind === 'shell');
    if (!first || first.kind !== 'shell') continue;
    const needed = programsOf(first.line);
    if (needed.length && needed.every((p) => seen.has(p))) return { stepId: step.id, used: needed };
  }
  return undefined;
}

/** What can be seen on the machine. */
export interface LabOutcome {
  moduleLoaded: boolean;
  /** The regular files and device nodes of the home directory, by name. */
  homeFiles: readonly string[];
}

/** Steps whose outcome is visible, each with what shows it. */
const OUTCOMES: readonly { step: string; seen: (o: LabOutcome) => boolean }[] = [
  { step: 'load.insmod', seen: (o) => o.moduleLoaded },
  { step: 'chrdev.mknod', seen: (o) => o.homeFiles.includes('node') },
  { step: 'case1.monitor1', seen: (o) => o.homeFiles.includes('profile1.data') },
  { step: 'case1.pair2', seen: (o) => o.homeFiles.includes('profile2.data') },
  { step: 'case2.small', seen: (o) => o.homeFiles.includes('case2-n1.data') && o.homeFiles.includes('case2-n5.data') },
];

/** Steps not done yet whose outcome the machine shows. */
export function stepsCompletedByOutcome(o: LabOutcome, completed: readonly string[]): string[] {
  const done = new Set(normalizeCompleted(completed));
  return OUTCOMES.filter((r) => !done.has(r.step) && r.seen(o)).map((r) => r.step);
}
