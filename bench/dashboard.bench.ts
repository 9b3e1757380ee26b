// Dashboard render cost in headless Chromium: the real bundle (dist/webview/dashboard.js, so run
// `npm run build` first) in a page set up like a VS Code webview, hydrated with a full profiler
// ring (12,000 samples × 4 series), then fed one sample per animation frame the way a live run
// is. The figure is the time the dashboard spends in one frame's update (its own
// performance.measure 'kmlab-render': series → chart.js update with decimation → canvas draw).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from './index';
import { PROTOCOL_VERSION, type HydrateMessage } from '../src/shared/protocol';
import { RING_SAMPLES, SAMPLE_WIDTH } from '../src/shared/samples';
import { chromiumPath, launch, openWebview, ORIGIN, waitForSent } from '../test/visual/browser';
import { CASE2_POINTS, MACHINE, case1Processes, longProfile } from '../test/visual/synthetic';
import { DARK_MODERN } from '../test/visual/themes';

const FRAMES = 150;

function stats(xs: number[]): { median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

export async function run(report: BenchReport): Promise<void> {
  const root = process.cwd();
  if (!existsSync(join(root, 'dist', 'webview', 'dashboard.js'))) {
    report.note('skipped: dist/webview/dashboard.js is missing (run `npm run build` first)');
    return;
  }
  if (!chromiumPath()) {
    report.note('skipped: no Chromium (install Debian chromium or set KMLAB_CHROMIUM)');
    return;
  }
  const samples = longProfile(RING_SAMPLES);
  const browser = await launch();
  try {
    for (const tab of ['overview', 'accumulated'] as const) {
      const w = await openWebview(browser, {
        root,
        theme: DARK_MODERN,
        width: 1280,
        height: 900,
        state: { v: 1, view: { followLive: true, zoom: null, tab } },
      });
      await w.page.goto(`${ORIGIN}/dashboard.html`);
      await waitForSent(w, 'ready');
      const hydrate: HydrateMessage = {
        type: 'hydrate',
        protocol: PROTOCOL_VERSION,
        machine: MACHINE,
        source: { label: 'bench', live: true },
        samples,
        firstIndex: 0,
        historyCap: RING_SAMPLES,
        processes: case1Processes(samples, true),
        caseStudy2: CASE2_POINTS,
        viewState: null,
      };
      await w.post(hydrate);
      await w.frames(3);
      const hydrateMs = (await w.page.evaluate(
        "performance.getEntriesByName('kmlab-render').map((e) => e.duration).reduce((a, b) => Math.max(a, b), 0)",
      )) as number;
      const last = samples.length - SAMPLE_WIDTH;
      const durations = (await w.page.evaluate(`(async () => {
        performance.clearMeasures('kmlab-render');
        let j = ${samples[last]};
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
        for (let k = 0; k < ${FRAMES}; k++) {
          j += 51;
          const burst = k % 20 < 2;
          window.postMessage({ type: 'samples', reset: false, firstIndex: ${RING_SAMPLES} + k,
            samples: new Float64Array([j, burst ? 9000 : 7, burst ? 40 : 0, burst ? 45000000 : 1000000]) }, '*');
          await frame();
        }
        await frame();
        return performance.getEntriesByName('kmlab-render').map((e) => e.duration);
      })()`)) as number[];
      const charts = (await w.page.evaluate("performance.getEntriesByName('kmlab-chart').slice(-300).map((e) => e.duration)")) as number[];
      const s = stats(durations);
      const c = stats(charts);
      const what = tab === 'overview' ? 'overview (3 time charts, 4 series)' : 'accumulated tab (1 series)';
      if (tab === 'overview') report.figure(`first render after hydrate, 12,000 samples`, hydrateMs, 'ms');
      report.figure(`live frame, ${what}: median`, s.median, 'ms/frame', tab === 'overview' ? '≤ 4 ms' : undefined);
      report.figure(`live frame, ${what}: p95`, s.p95, 'ms/frame');
      if (tab === 'overview') report.figure('one time chart update (decimate + chart.js + draw): median', c.median, 'ms');
      if (w.problems.length) report.note(`page problems: ${w.problems.join('; ')}`);
      if (durations.length < FRAMES * 0.9) report.note(`only ${durations.length} of ${FRAMES} frames rendered`);
      await w.context.close();
    }
    report.note('headless Chromium, --disable-gpu (software canvas), 1280×900, device pixel ratio 1');
  } finally {
    await browser.close();
  }
}
