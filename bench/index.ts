// `npm run bench`: prints figures and the targets the issues name. Benchmarks measure; they do
// not pass or fail. Each bench module exports `run(report)`; add new modules to the list below.
export interface BenchReport {
  /** One printed line: what was measured, the figure, its unit, and the target if one exists. */
  figure(name: string, value: number, unit: string, target?: string): void;
  note(text: string): void;
}

type BenchModule = { title: string; run(report: BenchReport): Promise<void> | void };

const modules: BenchModule[] = [
  // (bench modules register here)
  { title: 'VS Code extension: activation and .vsix size (issue 5)', run: async (r) => (await import('./extension.bench')).run(r) },
  { title: 'Dashboard: render cost in headless Chromium (12,000 samples)', run: async (r) => (await import('./dashboard.bench')).run(r) },
  { title: 'Page replacement: replay throughput (kmlab replay)', run: async (r) => (await import('./replay.bench')).run(r) },
  { title: 'Kernel: access, fault and footprint (issue 3)', run: async (r) => (await import('./kernel.bench')).run(r) },
  { title: 'The machine in a worker: simulation speed and host responsiveness (issue 10)', run: async (r) => (await import('./worker.bench')).run(r) },
  { title: 'Case studies: wall time (issue 4)', run: async (r) => (await import('./caseStudy.bench')).run(r) },
  { title: 'C modules: make cold and warm (issue 11)', run: async (r) => (await import('./make.bench')).run(r) },
];

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only === '__footprint') {
    // A child process of the kernel bench (see kernel.bench.ts footprint()).
    (await import('./kernel.bench')).footprintChild(process.argv[3] === 'full' ? 'full' : 'empty');
    return;
  }
  const report: BenchReport = {
    figure(name, value, unit, target) {
      const shown = value >= 1e5 ? value.toExponential(2) : Number(value.toPrecision(4)).toString();
      console.log(`  ${name.padEnd(58)} ${shown.padStart(10)} ${unit.padEnd(12)}${target ? ` target ${target}` : ''}`);
    },
    note(text) {
      console.log(`  ${text}`);
    },
  };
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const m of modules) {
    if (only && !m.title.toLowerCase().includes(only.toLowerCase())) continue;
    console.log(`\n${m.title}`);
    await m.run(report);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
