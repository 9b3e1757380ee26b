// The dashboard's copy of what the host sent: applied from `hydrate` and the deltas. The host
// owns the data; this only mirrors it, with derived series built incrementally.
import type {
  Case2Point,
  HydrateMessage,
  MachineInfo,
  ProcessRow,
  SamplesMessage,
  SourceInfo,
} from '../../shared/protocol';
import { RING_SAMPLES, SAMPLE_WIDTH, SampleBuffer, sampleCount } from '../../shared/samples';
import { SeriesBuilder } from '../../shared/series';
import { findThrashingPoint, type ThrashingPoint } from '../../shared/thrashing';

export type ApplyResult = 'ok' | 'ignored' | 'gap';

export class DashboardModel {
  machine: MachineInfo | null = null;
  source: SourceInfo = { label: 'Waiting for the host…', live: false };
  series = new SeriesBuilder(1000);
  /** The raw samples behind `series` (same window), for the per-second table. */
  raw = new SampleBuffer();
  /** Absolute index of the oldest sample the webview still holds. */
  firstIndex = 0;
  /** Absolute index one past the newest sample. */
  endIndex = 0;
  historyCap = RING_SAMPLES;
  processes: ProcessRow[] = [];
  case2: Case2Point[] = [];
  thrash: ThrashingPoint | null = null;
  hydrated = false;

  get hz(): number {
    return this.machine?.hz ?? 1000;
  }

  hydrate(m: HydrateMessage): void {
    this.machine = m.machine;
    this.source = m.source;
    this.historyCap = m.historyCap;
    this.series.reset(m.machine.hz);
    this.series.append(m.samples);
    this.raw.clear();
    this.raw.append(m.samples);
    this.firstIndex = m.firstIndex;
    this.endIndex = m.firstIndex + sampleCount(m.samples);
    this.trim();
    this.setProcesses(m.processes);
    this.setCase2(m.caseStudy2);
    this.hydrated = true;
  }

  /** Applies a samples delta. 'gap' means samples were missed: ask the host for a snapshot. */
  applySamples(m: SamplesMessage): ApplyResult {
    const n = sampleCount(m.samples);
    if (m.reset) {
      this.series.reset(this.hz);
      this.series.append(m.samples);
      this.raw.clear();
      this.raw.append(m.samples);
      this.firstIndex = m.firstIndex;
      this.endIndex = m.firstIndex + n;
      this.trim();
      return 'ok';
    }
    if (!this.hydrated) return 'gap';
    if (m.firstIndex > this.endIndex) return 'gap';
    const skip = this.endIndex - m.firstIndex; // overlap already held
    if (skip >= n) return 'ignored';
    const fresh = skip > 0 ? m.samples.subarray(skip * SAMPLE_WIDTH) : m.samples;
    this.series.append(fresh);
    this.raw.append(fresh);
    this.endIndex = m.firstIndex + n;
    this.trim();
    return 'ok';
  }

  setMachine(machine: MachineInfo, source: SourceInfo): void {
    const hzChanged = this.machine !== null && this.machine.hz !== machine.hz;
    this.machine = machine;
    this.source = source;
    if (hzChanged) {
      // Old jiffies mean something else now; the host follows with a reset or a hydrate.
      this.series.reset(machine.hz);
      this.raw.clear();
      this.firstIndex = this.endIndex;
    }
  }

  setProcesses(rows: ProcessRow[]): void {
    this.processes = rows;
  }

  setCase2(points: Case2Point[]): void {
    this.case2 = [...points].sort((a, b) => a.n - b.n);
    this.thrash = findThrashingPoint(this.case2);
  }

  /** Drops the oldest samples beyond the cap, with 10 % slack so trimming is amortised. */
  private trim(): void {
    const cap = this.historyCap;
    if (this.series.length > cap + Math.max(1, Math.floor(cap / 10))) {
      const drop = this.series.length - cap;
      this.series.trimTo(cap);
      this.raw.trimTo(cap);
      this.firstIndex += drop;
    }
  }
}
