// Wiring of the guide's self-ticking steps (the matching is src/lab/guideAuto.ts): programs that
// ran on the live machine — typed in a Lab Shell, or run by a guide button or a command — and
// what the machine shows (module loaded, `node`, profile1.data in the home directory) tick the
// steps they complete. Ticks only ever add: a student's own unticking is not undone, except
// by doing the step again.
import * as vscode from 'vscode';
import { stepCompletedByPrograms, stepsCompletedByOutcome, type LabOutcome } from '../../lab/guideAuto';
import type { SessionClient } from '../../lab/sessionClient';
import type { LabHost, LabLog } from '../lab';
import type { GuideHost } from './index';

/** How many programs that ran are remembered while they wait for a step to complete. */
const RAN_MAX = 64;
/** Outcomes are looked at no more often than this (listing the home folder reads the disk). */
const OUTCOME_EVERY_MS = 1000;

/** homeFiles: the names in the simulated home directory (files of the workspace folder, `node`). */
export function registerGuideAutoProgress(lab: LabHost, guide: GuideHost, homeFiles: () => Promise<readonly string[]>, log: LabLog): vscode.Disposable {
  const ran: string[] = [];
  let scheduled = false;
  let lastOutcome = 0;
  let disposed = false;

  const tick = async (stepId: string, why: string): Promise<void> => {
    log.info(`guide: step ${stepId} done (${why})`);
    await guide.setCompleted(stepId, true);
  };

  const check = async (): Promise<void> => {
    scheduled = false;
    if (disposed) return;
    for (let found = stepCompletedByPrograms(ran, guide.completed()); found; found = stepCompletedByPrograms(ran, guide.completed())) {
      for (const p of found.used) ran.splice(ran.indexOf(p), 1);
      await tick(found.stepId, `ran ${found.used.join(', ')}`);
    }
    const s = lab.peek();
    const now = Date.now();
    if (!s || now - lastOutcome < OUTCOME_EVERY_MS) return;
    lastOutcome = now;
    const outcome: LabOutcome = { moduleLoaded: s.moduleLoaded, homeFiles: [...(await homeFiles())] };
    for (const stepId of stepsCompletedByOutcome(outcome, guide.completed())) await tick(stepId, 'its outcome is visible');
  };
  const schedule = (): void => {
    if (scheduled || disposed) return;
    scheduled = true;
    setTimeout(() => void check().catch((e) => log.warn(`guide: auto progress: ${e instanceof Error ? e.message : String(e)}`)), 100);
  };

  // Every user program that exits on the live machine, with its argv (what was typed, minus
  // builtins and redirections): the session's exit events. The listener goes with its session
  // when the machine is reset.
  const watch = (s: SessionClient): void => {
    s.onExit((e) => {
      if (disposed) return;
      ran.push(e.cmdline);
      if (ran.length > RAN_MAX) ran.splice(0, ran.length - RAN_MAX);
      schedule();
    });
  };
  const current = lab.peek();
  if (current) watch(current);
  return vscode.Disposable.from(
    lab.onDidBoot((s) => watch(s)),
    lab.onDidChange(() => schedule()),
    { dispose: () => { disposed = true; } },
  );
}
