// What test/visual/grade-screenshot.mjs needs from TypeScript sources: a real grade to show (the
// reference module with the classic cleanup bug, so the table has passes and failures), the
// rubric, the theme table, VS Code's default webview styles and the contrast check.
import { gradeSubmission } from '../../src/lab/grader/grade';
import { RUBRIC } from '../../src/lab/grader/rubric';
import { mp3Module } from '../../src/module/mp3';
import type { KernelApi } from '../../src/kernel/api';
export { THEMES } from './themes';
export { WEBVIEW_DEFAULT_CSS } from './webviewDefaults';
export { contrastProblems } from './contrast';

export const rubric = RUBRIC.map((r) => ({ ...r }));

/** A grade of the reference module whose exit unregisters the chrdev region with dev_t 0. */
export async function sampleGrade(): Promise<unknown> {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const leaky = {
    ...mp3Module,
    create(k: KernelApi) {
      const api = Object.assign(Object.create(k) as KernelApi, { unregister_chrdev_region: (_f: number, n: number) => k.unregister_chrdev_region(0, n) });
      return mp3Module.create(api);
    },
  };
  const files = new Map([
    ['README.md', enc('# MP3\n\nThe profiler registers processes through /proc/mp3/status and samples them.\n')],
    ['mp3.c', enc('// mp3\nint x;\ndouble ratio = 0.5;\n')],
  ]);
  const build = async () => ({
    summary: { ok: true, warnings: 1, errors: 0, diagnostics: [{ file: 'mp3.c', line: 3, column: 8, severity: 'warning' as const, message: "variable 'byte_read' is uninitialized when used here (gcc does not report this)" }] },
    log: '$ make\n  CC [M]  /home/student/mp3.o\n  LD [M]  /home/student/mp3.ko',
  });
  return gradeSubmission({ dir: 'mp3-submission', files, build, moduleImage: leaky });
}
