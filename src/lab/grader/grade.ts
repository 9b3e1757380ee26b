// Grading one submission the way the course's autograder does: the source checks, the build,
// then the functional tests on ONE machine, each its own insmod … rmmod, in the rubric's order.
// The build is the host's (the C toolchain runs outside this pure layer): it is handed in as a
// function that builds the module in the grading home and says what the compiler reported.
import type { MachineConfig } from '../../kernel/config';
import type { ModuleImage } from '../../kernel/module';
import { MemHostFs } from '../../kernel/fs/inode';
import { checkComments, checkFloatingPoint, checkReadme } from './sourceChecks';
import { gradeResult, type BuildSummary, type GradeResult, type TestResult } from './result';
import { GRADER_MACHINE, GradingMachine } from './machine';
import { testBuffer, testCharDev, testMmap, testReadWrite, testWorkQueue } from './functional';
import { maxOf } from './rubric';

/** What building the module on the grading machine gave: the compiler's verdict and make's output. */
export interface BuiltModule {
  summary: BuildSummary;
  /** What the build printed (make's and the compiler's lines), for the test's details. */
  log: string;
}

/** Builds the module on the grading machine (as the grader runs `make`), writing mp3.ko into its home. */
export type ModuleBuilder = (machine: GradingMachine) => Promise<BuiltModule>;

export interface GradeRequest {
  /** Shown as the result's "dir". */
  dir: string;
  /** The submission's files (its folder, flat). They are copied: grading never writes the folder. */
  files: ReadonlyMap<string, Uint8Array>;
  build: ModuleBuilder;
  config?: Partial<MachineConfig>;
  /** A module image to load as mp3.ko instead of the build's (the built-in reference, tests). */
  moduleImage?: ModuleImage;
}

const FUNCTIONAL = [testReadWrite, testCharDev, testBuffer, testMmap, testWorkQueue];

export async function gradeSubmission(req: GradeRequest): Promise<GradeResult> {
  const text = new Map([...req.files].map(([name, data]) => [name, new TextDecoder().decode(data)]));
  const home = new MemHostFs();
  for (const [name, data] of req.files) home.writeFile(name, data, false);
  const tests: TestResult[] = [checkReadme(text), checkComments(text), checkFloatingPoint(text)];
  const machine = new GradingMachine(home, { ...GRADER_MACHINE, ...req.config });
  machine.begin();
  const built = await req.build(machine);
  const build = built.summary;
  if (req.moduleImage) machine.useModuleImage(req.moduleImage);
  const clean = build.ok && build.warnings === 0;
  tests.push({
    name: 'compile no warn',
    points: clean ? maxOf('compile no warn') : 0,
    max: maxOf('compile no warn'),
    passed: clean,
    details: [
      build.ok
        ? `built with ${build.warnings} warning${build.warnings === 1 ? '' : 's'} (gcc 11's verdict: what only clang reports does not count)`
        : `the build failed with ${build.errors} error${build.errors === 1 ? '' : 's'}`,
      '',
      built.log,
    ].join('\n').trim(),
  });
  try {
    for (const test of FUNCTIONAL) {
      tests.push(test(machine));
      machine.rebootIfPanicked();
    }
    return gradeResult(req.dir, build, tests, machine.dmesg());
  } finally {
    machine.dispose();
  }
}
