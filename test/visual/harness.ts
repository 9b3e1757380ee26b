// Screenshot harness: the dashboard in Light Modern, Dark Modern and High Contrast, and the HTML
// report, rendered by headless Chromium into screenshots/ (git-ignored).
//
//   npm run screenshots                                  synthetic data shaped like the lab
//   npm run screenshots -- --data profile1.data [--data profile2.data] [--hz 1000]
//
// Fails (exit 1) on any console error, page error or CSP violation.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildReport, type ReportRun } from '../../src/lab/report';
import { parseMonitorData } from '../../src/lab/formats';
import { DEFAULT_VIEW_STATE, PROTOCOL_VERSION, type ChartTab, type HydrateMessage } from '../../src/shared/protocol';
import { RING_SAMPLES, sampleCount, type SampleArray } from '../../src/shared/samples';
import { launch, openWebview, ORIGIN, waitForSent, type WebviewPage } from './browser';
import {
  CASE2_POINTS,
  MACHINE,
  PROFILE1,
  PROFILE1_COMMANDS,
  PROFILE2,
  PROFILE2_COMMANDS,
  case1Processes,
  case1Profile,
  longProfile,
} from './synthetic';
import { DARK_MODERN, HIGH_CONTRAST, THEMES } from './themes';

interface Args {
  data: string[];
  hz: number;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { data: [], hz: MACHINE.hz, out: 'screenshots' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--data' && v) a.data.push(v);
    else if (k === '--hz' && v) a.hz = Number(v);
    else if (k === '--out' && v) a.out = v;
    else throw new Error(`unknown argument ${k}\nusage: screenshots [--data file.data]... [--hz N] [--out dir]`);
    i++;
  }
  return a;
}

function loadRuns(args: Args): ReportRun[] {
  if (args.data.length === 0) {
    return [
      { name: 'profile1', description: 'two random-access processes', commands: PROFILE1_COMMANDS, samples: case1Profile(PROFILE1, 1) },
      { name: 'profile2', description: 'random access + locality', commands: PROFILE2_COMMANDS, samples: case1Profile(PROFILE2, 2) },
    ];
  }
  return args.data.map((file) => {
    const parsed = parseMonitorData(readFileSync(file, 'utf8'), file);
    for (const w of parsed.warnings) console.warn(`${file}: ${w}`);
    return { name: basename(file).replace(/\.[^.]+$/, ''), commands: [`# from ${file}`], samples: parsed.samples };
  });
}

function hydrate(samples: SampleArray, label: string, live: boolean, hz: number): HydrateMessage {
  return {
    type: 'hydrate',
    protocol: PROTOCOL_VERSION,
    machine: { ...MACHINE, hz },
    source: { label, live },
    samples,
    firstIndex: 0,
    historyCap: RING_SAMPLES,
    processes: case1Processes(samples, live),
    caseStudy2: CASE2_POINTS,
    viewState: null,
  };
}

async function shoot(w: WebviewPage, file: string): Promise<void> {
  await w.frames(3);
  await w.page.screenshot({ path: file, fullPage: true });
  console.log(`  wrote ${file}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = process.cwd();
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const runs = loadRuns(args);
  const main = runs[0];
  const label = args.data.length ? basename(args.data[0]) : 'Live: simulated kernel';
  const problems: string[] = [];
  const browser = await launch();
  try {
    for (const theme of THEMES) {
      const w = await openWebview(browser, { root, theme, reducedMotion: theme === HIGH_CONTRAST });
      await w.page.goto(`${ORIGIN}/dashboard.html`);
      await waitForSent(w, 'ready');
      await w.post(hydrate(main.samples, label, args.data.length === 0, args.hz));
      await shoot(w, join(out, `dashboard-${theme.name}.png`));
      problems.push(...w.problems.map((p) => `dashboard-${theme.name}: ${p}`));
      await w.context.close();
    }

    // Each tab on its own (dark), with the data tables open; and a live append after hydrate.
    const tabs: ChartTab[] = ['accumulated', 'rates', 'cpu', 'processes', 'case2'];
    for (const tab of tabs) {
      const w = await openWebview(browser, { root, theme: DARK_MODERN, height: 800, state: { v: 1, view: { ...DEFAULT_VIEW_STATE, tab } } });
      await w.page.goto(`${ORIGIN}/dashboard.html`);
      await waitForSent(w, 'ready');
      const n = sampleCount(main.samples);
      const half = Math.floor(n / 2);
      await w.post({ ...hydrate(main.samples.slice(0, half * 4), label, true, args.hz) });
      await w.post({ type: 'samples', reset: false, firstIndex: half, samples: main.samples.slice(half * 4) });
      await w.frames(2);
      if (tab === 'case2') await w.page.click('details.tables summary');
      await shoot(w, join(out, `tab-${tab}-dark.png`));
      problems.push(...w.problems.map((p) => `tab-${tab}: ${p}`));
      await w.context.close();
    }

    // A full ring (12,000 samples, 10 minutes): decimated drawing; and the same zoomed in.
    for (const [file, view] of [
      ['long-dark.png', { ...DEFAULT_VIEW_STATE, tab: 'overview' }],
      ['long-zoomed-dark.png', { followLive: false, zoom: { from: 300, to: 330 }, tab: 'rates' }],
    ] as const) {
      const w = await openWebview(browser, { root, theme: DARK_MODERN, height: 800, state: { v: 1, view } });
      await w.page.goto(`${ORIGIN}/dashboard.html`);
      await waitForSent(w, 'ready');
      await w.post(hydrate(longProfile(RING_SAMPLES), 'Live: simulated kernel', true, args.hz));
      await w.frames(6);
      await shoot(w, join(out, file));
      problems.push(...w.problems.map((p) => `${file}: ${p}`));
      await w.context.close();
    }

    // Empty dashboard (before any sample) in light.
    {
      const w = await openWebview(browser, { root, theme: THEMES[0], height: 700 });
      await w.page.goto(`${ORIGIN}/dashboard.html`);
      await waitForSent(w, 'ready');
      await w.post({ ...hydrate(new Float64Array(0), 'Live: simulated kernel', true, args.hz), processes: [], caseStudy2: [] });
      await shoot(w, join(out, 'dashboard-empty-light.png'));
      problems.push(...w.problems.map((p) => `empty: ${p}`));
      await w.context.close();
    }

    // The report.
    const script = readFileSync(join(root, 'dist', 'webview', 'report.js'), 'utf8');
    const html = buildReport({
      machine: { ...MACHINE, hz: args.hz },
      runs,
      caseStudy2Points: CASE2_POINTS,
      script,
      generatedAt: new Date().toISOString().slice(0, 10),
    });
    writeFileSync(join(out, 'report.html'), html);
    {
      const w = await openWebview(browser, { root, theme: THEMES[0], width: 1100, height: 900, pages: { '/report.html': html } });
      await w.page.goto(`${ORIGIN}/report.html`);
      await w.page.waitForSelector('body[data-charts-ready]', { timeout: 10_000 });
      await shoot(w, join(out, 'report.png'));
      problems.push(...w.problems.map((p) => `report: ${p}`));
      await w.context.close();
    }
  } finally {
    await browser.close();
  }
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
