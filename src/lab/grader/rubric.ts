// The course autograder's tests, in the order it runs them, with their points
// (mp3-facts.md §10). The order matters: all tests share one booted machine, so a module whose
// exit leaves something behind makes every later insmod fail, as on the real grader.
import type { TestName } from '../../shared/gradeReport';

export const RUBRIC = [
  { name: 'readme', max: 5, checks: 'a README that describes the implementation' },
  { name: 'comment', max: 5, checks: 'comment lines against all lines of the module source' },
  { name: 'fp ops', max: 2.5, checks: 'no floating point in the module' },
  { name: 'compile no warn', max: 2.5, checks: 'the module builds without a warning (gcc 11 verdict)' },
  { name: 'read/write', max: 5, checks: 'insmod, register a PID, cat /proc/mp3/status, unregister, rmmod' },
  { name: 'char dev', max: 10, checks: 'chardev_open: open(2) and close(2) of node (c 423 0)' },
  { name: 'buffer alloc/free', max: 10, checks: 'a vmalloc’d buffer of at least 128 reserved pages, freed at rmmod' },
  { name: 'mmap', max: 25, checks: 'mmap_test: 128 pages of node mapped shared, filled with -1, then the samples' },
  { name: 'work queue', max: 15, checks: 'samples every 50 ms while a process is registered (5), sums of the registered processes’ counters (10)' },
] as const satisfies readonly { name: TestName; max: number; checks: string }[];

export type { TestName } from '../../shared/gradeReport';

export const MAX_SCORE = RUBRIC.reduce((sum, t) => sum + t.max, 0);

export function maxOf(name: TestName): number {
  return RUBRIC.find((t) => t.name === name)!.max;
}

/** The rubric item a Lab Guide step is checked by (the guide links to it). */
export function rubricEntry(name: TestName): (typeof RUBRIC)[number] {
  return RUBRIC.find((t) => t.name === name)!;
}
