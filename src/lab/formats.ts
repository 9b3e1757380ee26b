// Profile data formats: the monitor's text output (what `./monitor > profile1.data` writes) and
// CSV. Samples are the interleaved Float64Array of src/shared/samples.ts.
//
// Monitor format: one line per sample, `printf("%ld %ld %ld %ld\n", jiffies, minor, major, cpu)`,
// then `read <n> profiled data`. The parser is tolerant of what real files contain — the trailing
// `read` line, blank lines, CRLF line ends, extra spaces or tabs between fields — and strict about
// everything else: a malformed line is a `ProfileParseError` naming the line; it never returns a
// partial result.
import { F, SAMPLE_WIDTH, sampleCount, type SampleArray } from '../shared/samples';
import { accumulatedFaults, cpuUtilization, faultRates, timeAxis } from '../shared/series';

export class ProfileParseError extends Error {
  constructor(
    /** 1-based line number, or 0 for the file as a whole. */
    readonly line: number,
    readonly reason: string,
    readonly fileName?: string,
  ) {
    super(`${fileName ? `${fileName}:` : ''}${line ? `line ${line}: ` : ''}${reason}`);
    this.name = 'ProfileParseError';
  }
}

export interface ParsedProfile {
  samples: SampleArray;
  /** n of the trailing `read <n> profiled data` line, or null when the file has none. */
  declaredCount: number | null;
  /** Oddities that do not make the data wrong (shown to the user, never fatal). */
  warnings: string[];
}

const READ_LINE = /^read\s+(\d+)\s+profiled\s+data$/;
const MAX_ECHO = 60;

function echo(line: string): string {
  const s = line.length > MAX_ECHO ? `${line.slice(0, MAX_ECHO)}…` : line;
  return JSON.stringify(s);
}

/** Parses one field: decimal digits only (a leading '-' is reported as what it is). */
function field(token: string, name: string, lineNo: number, fileName?: string): number {
  if (!/^-?\d+$/.test(token)) {
    throw new ProfileParseError(lineNo, `${name} is not an integer: ${echo(token)}`, fileName);
  }
  if (token.startsWith('-')) {
    // %ld prints an unsigned long ≥ 2^63 as negative; -1 is the buffer's empty-slot sentinel.
    throw new ProfileParseError(
      lineNo,
      token === '-1'
        ? `${name} is -1, the profiler buffer's empty-slot marker: the monitor must stop there`
        : `${name} is negative (${token}): profiler samples are unsigned`,
      fileName,
    );
  }
  const v = Number(token);
  if (!Number.isSafeInteger(v)) {
    throw new ProfileParseError(lineNo, `${name} ${token} is too large to represent exactly (≥ 2^53)`, fileName);
  }
  return v;
}

const NAMES = ['jiffies', 'minor faults', 'major faults', 'CPU time'] as const;

/**
 * Parses the monitor's output. Throws ProfileParseError (with the 1-based line number) on the
 * first malformed line, on data after the `read` line, or on a second `read` line.
 */
export function parseMonitorData(text: string, fileName?: string): ParsedProfile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM from some editors
  const lines = text.split('\n');
  // Upper bound on samples = number of lines; trimmed at the end.
  let out = new Float64Array(lines.length * SAMPLE_WIDTH);
  let n = 0;
  let declaredCount: number | null = null;
  let readLine = 0;
  const warnings: string[] = [];
  let prevJiffies = -1;
  let backwards = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (readLine) {
      throw new ProfileParseError(lineNo, `unexpected text after the 'read N profiled data' line (line ${readLine}): ${echo(trimmed)}`, fileName);
    }
    if (trimmed.startsWith('read')) {
      const m = READ_LINE.exec(trimmed);
      if (!m) throw new ProfileParseError(lineNo, `malformed trailer, expected 'read <n> profiled data': ${echo(trimmed)}`, fileName);
      declaredCount = Number(m[1]);
      readLine = lineNo;
      continue;
    }
    const tokens = trimmed.split(/[ \t]+/);
    if (tokens.length !== SAMPLE_WIDTH) {
      throw new ProfileParseError(
        lineNo,
        `expected 4 unsigned integers "jiffies minor major cpu", found ${tokens.length} field${tokens.length === 1 ? '' : 's'}: ${echo(trimmed)}`,
        fileName,
      );
    }
    const o = n * SAMPLE_WIDTH;
    for (let k = 0; k < SAMPLE_WIDTH; k++) out[o + k] = field(tokens[k], NAMES[k], lineNo, fileName);
    if (out[o] < prevJiffies) backwards++;
    prevJiffies = out[o];
    n++;
  }
  if (declaredCount !== null && declaredCount !== n) {
    warnings.push(`the trailer says 'read ${declaredCount} profiled data' but the file has ${n} samples`);
  }
  if (backwards) warnings.push(`jiffies go backwards ${backwards} time${backwards === 1 ? '' : 's'} (samples out of order?)`);
  if (out.length !== n * SAMPLE_WIDTH) out = out.slice(0, n * SAMPLE_WIDTH);
  return { samples: out, declaredCount, warnings };
}

export interface FormatMonitorOptions {
  /** Append `read <n> profiled data` like the monitor does (default true). */
  trailer?: boolean;
}

/** Writes samples in the monitor's format; `parseMonitorData` of the result returns them exactly. */
export function formatMonitorData(samples: ArrayLike<number>, options: FormatMonitorOptions = {}): string {
  const n = sampleCount(samples);
  const parts: string[] = new Array(n + 1);
  for (let i = 0; i < n; i++) {
    const o = i * SAMPLE_WIDTH;
    parts[i] = `${samples[o]} ${samples[o + 1]} ${samples[o + 2]} ${samples[o + 3]}\n`;
  }
  parts[n] = options.trailer === false ? '' : `read ${n} profiled data\n`;
  return parts.join('');
}

/** CSV columns, in order. The first five are the raw sample (with time); the rest are derived. */
export const CSV_COLUMNS = [
  'time_s',
  'jiffies',
  'minor',
  'major',
  'cpu_ns',
  'accumulated_faults',
  'minor_per_s',
  'major_per_s',
  'cpu_utilization',
] as const;

/** Shortest decimal with at most `digits` fraction digits ("0.05", "12", "0.333333"). */
function fixed(v: number, digits: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** CSV with a header row; derived columns per src/shared/series.ts. */
export function formatCsv(samples: ArrayLike<number>, hz: number): string {
  const n = sampleCount(samples);
  const t = timeAxis(samples, hz);
  const acc = accumulatedFaults(samples);
  const rates = faultRates(samples, hz);
  const util = cpuUtilization(samples, hz);
  const rows: string[] = new Array(n + 1);
  rows[0] = CSV_COLUMNS.join(',');
  for (let i = 0; i < n; i++) {
    const o = i * SAMPLE_WIDTH;
    rows[i + 1] = [
      fixed(t[i], 6),
      samples[o + F.jiffies],
      samples[o + F.minor],
      samples[o + F.major],
      samples[o + F.cpu],
      acc[i],
      fixed(rates.minor[i], 3),
      fixed(rates.major[i], 3),
      fixed(util[i], 6),
    ].join(',');
  }
  return `${rows.join('\n')}\n`;
}

/**
 * Reads the raw samples back from a CSV written by `formatCsv` (or any CSV with `jiffies`,
 * `minor`, `major` and `cpu_ns` columns, in any order; other columns are ignored).
 */
export function parseCsv(text: string, fileName?: string): SampleArray {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h === lines.length) throw new ProfileParseError(0, 'empty CSV: expected a header row', fileName);
  const header = lines[h].split(',').map((s) => s.trim());
  const cols = (['jiffies', 'minor', 'major', 'cpu_ns'] as const).map((name) => {
    const idx = header.indexOf(name);
    if (idx < 0) throw new ProfileParseError(h + 1, `CSV header has no "${name}" column`, fileName);
    return idx;
  });
  const out: number[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== header.length) {
      throw new ProfileParseError(i + 1, `expected ${header.length} comma-separated fields, found ${cells.length}`, fileName);
    }
    cols.forEach((c, k) => out.push(field(cells[c].trim(), NAMES[k], i + 1, fileName)));
  }
  return Float64Array.from(out);
}

/**
 * The given monitor reads the ring from slot 0, so once the profiler has written more than the
 * ring's 12000 samples its output starts with the newest samples (slots 0… up to the write
 * index) followed by the older ones: time goes backwards exactly once. This puts such a file
 * back in time order (the samples overwritten before the monitor ran are gone for good).
 * Returns the samples unchanged when time never goes backwards, or goes back more than once.
 */
export function unwrapRing(samples: SampleArray): { samples: SampleArray; rotated: boolean } {
  const n = sampleCount(samples);
  let cut = -1;
  for (let i = 1; i < n; i++) {
    if (samples[i * SAMPLE_WIDTH] < samples[(i - 1) * SAMPLE_WIDTH]) {
      if (cut >= 0) return { samples, rotated: false };
      cut = i;
    }
  }
  // A ring read ends (oldest part) before it begins (newest part): rotated, time increases throughout.
  if (cut < 0 || samples[(n - 1) * SAMPLE_WIDTH] >= samples[0]) return { samples, rotated: false };
  const out = new Float64Array(samples.length);
  out.set(samples.subarray(cut * SAMPLE_WIDTH));
  out.set(samples.subarray(0, cut * SAMPLE_WIDTH), (n - cut) * SAMPLE_WIDTH);
  return { samples: out, rotated: true };
}
