import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CSV_COLUMNS, ProfileParseError, formatCsv, formatMonitorData, parseCsv, parseMonitorData } from '../../src/lab/formats';
import { fromSampleObjects, sampleCount } from '../../src/shared/samples';
import { assertProperty } from './helpers/property';

const J0 = 2 ** 32 - 300 * 1000;

test('parses the monitor output: trailer, blank lines, CRLF, extra spaces', () => {
  const text = `${J0 + 50} 120 0 2000000\r\n\r\n${J0 + 101}  35\t1 1000000\r\n${J0 + 152} 0 0 0\r\nread 3 profiled data\r\n\r\n`;
  const p = parseMonitorData(text);
  assert.deepEqual(Array.from(p.samples), [J0 + 50, 120, 0, 2000000, J0 + 101, 35, 1, 1000000, J0 + 152, 0, 0, 0]);
  assert.equal(p.declaredCount, 3);
  assert.deepEqual(p.warnings, []);
});

test('an empty file and a file with only the trailer have zero samples', () => {
  assert.equal(parseMonitorData('').samples.length, 0);
  const p = parseMonitorData('read 0 profiled data\n');
  assert.equal(p.samples.length, 0);
  assert.equal(p.declaredCount, 0);
});

test('a trailer that disagrees with the data is a warning, not an error', () => {
  const p = parseMonitorData('1 2 3 4\nread 7 profiled data\n');
  assert.equal(sampleCount(p.samples), 1);
  assert.match(p.warnings[0], /read 7 profiled data.*1 samples/);
});

test('jiffies going backwards is a warning', () => {
  const p = parseMonitorData('100 0 0 0\n50 0 0 0\n');
  assert.equal(p.warnings.length, 1);
  assert.match(p.warnings[0], /backwards/);
});

function parseError(text: string): ProfileParseError {
  try {
    parseMonitorData(text, 'p.data');
  } catch (e) {
    assert.ok(e instanceof ProfileParseError, `expected ProfileParseError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a parse error');
}

test('malformed lines are errors naming the line', () => {
  const cases: [string, number, RegExp][] = [
    ['1 2 3 4\n1 2 3\n', 2, /expected 4 unsigned integers.*found 3 fields/],
    ['1 2 3 4 5\n', 1, /found 5 fields/],
    ['\n\n1 2 x 4\n', 3, /major faults is not an integer: "x"/],
    ['1 2 3 -5\n', 1, /CPU time is negative/],
    ['-1 0 0 0\n', 1, /empty-slot marker/],
    ['1 2 3 9007199254740993\n', 1, /too large/],
    ['1 2 3 4\nread 1 profiled data\n5 6 7 8\n', 3, /after the 'read N profiled data' line \(line 2\)/],
    ['read many profiled data\n', 1, /malformed trailer/],
    ['1.5 2 3 4\n', 1, /jiffies is not an integer/],
    ['0x10 2 3 4\n', 1, /jiffies is not an integer/],
  ];
  for (const [text, line, re] of cases) {
    const e = parseError(text);
    assert.equal(e.line, line, text);
    assert.match(e.message, re, text);
    assert.ok(e.message.startsWith(`p.data:line ${line}: `), e.message);
  }
});

test('a BOM is ignored', () => {
  assert.equal(sampleCount(parseMonitorData('\ufeff1 2 3 4\n').samples), 1);
});

const safeUlong = fc.maxSafeNat();
const samplesArb = fc.array(fc.tuple(safeUlong, safeUlong, safeUlong, safeUlong), { maxLength: 60 }).map((rows) => Float64Array.from(rows.flat()));

test('valid files round-trip exactly (samples and text)', () => {
  assertProperty(
    fc.property(samplesArb, fc.boolean(), (samples, trailer) => {
      const text = formatMonitorData(samples, { trailer });
      const p = parseMonitorData(text);
      assert.deepEqual(Array.from(p.samples), Array.from(samples));
      assert.equal(p.declaredCount, trailer ? sampleCount(samples) : null);
      assert.equal(formatMonitorData(p.samples, { trailer }), text);
    }),
    { numRuns: 300 },
  );
});

test('format writes the monitor printf layout', () => {
  const s = fromSampleObjects([{ jiffies: J0 + 51, minor: 10, major: 0, cpu: 3_000_000 }]);
  assert.equal(formatMonitorData(s), `${J0 + 51} 10 0 3000000\nread 1 profiled data\n`);
});

/** Lines that look almost like profile lines. */
const token = fc.oneof(
  fc.nat().map(String),
  fc.constantFrom('-1', '-0', '', ' ', '\t', 'read', 'profiled', 'data', '1e5', '18446744073709551615', 'x', '\r', '0x1f', '+3'),
  fc.string({ maxLength: 4 }),
);
const lineArb = fc.tuple(fc.array(token, { maxLength: 6 }), fc.constantFrom(' ', '  ', '\t')).map(([t, sep]) => t.join(sep));
const fileArb = fc.oneof(fc.string({ maxLength: 200 }), fc.array(lineArb, { maxLength: 12 }).map((l) => l.join('\n')), fc.array(lineArb, { maxLength: 12 }).map((l) => l.join('\r\n')));

test('fuzz: random text either parses completely or throws a ProfileParseError', () => {
  assertProperty(
    fc.property(fileArb, (text) => {
      let parsed;
      try {
        parsed = parseMonitorData(text);
      } catch (e) {
        assert.ok(e instanceof ProfileParseError, `unexpected ${String(e)}`);
        assert.ok(e.line >= 1 && e.line <= text.split('\n').length, `line ${e.line}`);
        return;
      }
      // Never partial: every non-blank line except the trailer is a sample.
      const content = text.replace(/^\ufeff/, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
      const trailer = content.length > 0 && content[content.length - 1].startsWith('read') ? 1 : 0;
      assert.equal(sampleCount(parsed.samples), content.length - trailer);
      for (const v of parsed.samples) assert.ok(Number.isSafeInteger(v) && v >= 0);
    }),
    { numRuns: 2000 },
  );
});

test('CSV: header, raw and derived columns', () => {
  const s = fromSampleObjects([
    { jiffies: 1000, minor: 10, major: 0, cpu: 51_000_000 },
    { jiffies: 1051, minor: 20, major: 5, cpu: 25_500_000 },
  ]);
  const lines = formatCsv(s, 1000).trimEnd().split('\n');
  assert.equal(lines[0], CSV_COLUMNS.join(','));
  assert.equal(lines[0], 'time_s,jiffies,minor,major,cpu_ns,accumulated_faults,minor_per_s,major_per_s,cpu_utilization');
  assert.equal(lines[1], '0,1000,10,0,51000000,10,196.078,0,1');
  assert.equal(lines[2], '0.051,1051,20,5,25500000,35,392.157,98.039,0.5');
});

test('CSV round-trips the raw samples', () => {
  assertProperty(
    fc.property(samplesArb, fc.integer({ min: 1, max: 2000 }), (samples, hz) => {
      assert.deepEqual(Array.from(parseCsv(formatCsv(samples, hz))), Array.from(samples));
    }),
    { numRuns: 200 },
  );
});

test('CSV parse errors name the line', () => {
  assert.throws(() => parseCsv('time_s,minor\n'), /no "jiffies" column/);
  assert.throws(() => parseCsv('jiffies,minor,major,cpu_ns\n1,2,3\n'), (e: unknown) => e instanceof ProfileParseError && e.line === 2);
  assert.throws(() => parseCsv(''), ProfileParseError);
});

test('unwrapRing puts a wrapped monitor read back in time order, and leaves other data alone', async () => {
  const { unwrapRing } = await import('../../src/lab/formats');
  const s = (js: number[]) => new Float64Array(js.flatMap((j) => [j, 1, 0, 0]));
  const wrapped = unwrapRing(s([400, 451, 502, 100, 151, 202, 253]));
  assert.equal(wrapped.rotated, true);
  assert.deepEqual([...wrapped.samples].filter((_, i) => i % 4 === 0), [100, 151, 202, 253, 400, 451, 502]);
  assert.equal(unwrapRing(s([1, 2, 3])).rotated, false);
  assert.equal(unwrapRing(s([5, 1, 6, 2])).rotated, false, 'two jumps back: not a ring read');
  assert.equal(unwrapRing(s([5, 6, 1, 7])).rotated, false, 'ends after it begins: not a ring read');
});
