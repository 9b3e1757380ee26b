// `kmlab replay` (src/cli/replay.ts): the textbook table, the JSON shape, and clear one-line errors
// with exit code 2 for every kind of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayCommand, parseTrace } from '../../src/cli/replay';
import { main } from '../../src/cli/main';

const SILBERSCHATZ = '7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = replayCommand(argv, { out: (t) => (out += t), err: (t) => (err += t) }) as number;
  return { code, out, err };
}

test('--json prints exactly the documented keys, in order', () => {
  const r = run(['--policy', 'lru', '--frames', '3', '--trace', SILBERSCHATZ, '--json']);
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.ok(r.out.endsWith('}\n') && r.out.split('\n').length === 2, 'one line of JSON');
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), [
    'policy', 'frames', 'accesses', 'hits', 'misses', 'pattern', 'victims', 'elapsedMs', 'accessesPerSecond',
  ]);
  assert.equal(j.policy, 'lru');
  assert.equal(j.frames, 3);
  assert.equal(j.accesses, 20);
  assert.equal(j.misses, 12);
  assert.equal(j.hits, 8);
  assert.equal(j.pattern, 'MMMMHMHMMMMHHMHMHMHH');
  assert.deepEqual(j.victims, [-1, -1, -1, 7, -1, 1, -1, 2, 3, 0, 4, -1, -1, 0, -1, 3, -1, 2, -1, -1]);
  assert.equal(typeof j.elapsedMs, 'number');
  assert.ok(j.accessesPerSecond === null || j.accessesPerSecond > 0);
});

test('--json for every policy: FIFO 15, LRU 12, OPT 9, CLOCK 14 faults on the Silberschatz string', () => {
  const want: Record<string, number> = { fifo: 15, lru: 12, opt: 9, clock: 14 };
  for (const [policy, misses] of Object.entries(want)) {
    const j = JSON.parse(run([`--policy=${policy}`, '--frames=3', `--trace=${SILBERSCHATZ}`, '--json']).out);
    assert.equal(j.misses, misses, policy);
  }
  for (const policy of ['linux', 'random']) {
    const r = run(['--policy', policy, '--frames', '3', '--trace', SILBERSCHATZ, '--json', '--seed', '9']);
    assert.equal(r.code, 0, policy);
    const j = JSON.parse(r.out);
    assert.equal(j.hits + j.misses, 20);
    assert.ok(j.misses >= 9, `${policy}: not better than OPT`);
  }
});

test('text mode prints the textbook table, totals and the hit ratio', () => {
  const r = run(['--policy', 'fifo', '--frames', '3', '--trace', SILBERSCHATZ]);
  assert.equal(r.code, 0);
  const lines = r.out.split('\n');
  assert.match(lines[0], /policy fifo, 3 frames, 20 accesses/);
  assert.match(lines[2], /step\s+page\s+H\/M\s+victim\s+f0\s+f1\s+f2/);
  // step 4: page 2 misses, evicts 7, frames 2 0 1
  assert.match(lines[6], /^\s*4\s+2\s+M\s+7\s+2\s+0\s+1$/);
  // step 5: page 0 hits
  assert.match(lines[7], /^\s*5\s+0\s+H\s+-\s+2\s+0\s+1$/);
  // step 1: first frame filled, the others empty
  assert.match(lines[3], /^\s*1\s+7\s+M\s+-\s+7\s+-\s+-$/);
  assert.match(r.out, /hits 5, misses \(page faults\) 15, accesses 20/);
  assert.match(r.out, /hit ratio 25\.00 %/);
});

test('text mode: the frame columns match the replay for every policy (CLOCK row by row)', () => {
  const r = run(['--policy', 'clock', '--frames', '3', '--trace', SILBERSCHATZ]);
  const rows = r.out.split('\n').slice(3, 23).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(rows[19], ['20', '1', 'M', '2', '0', '7', '1']);
  assert.deepEqual(rows[10], ['11', '0', 'M', '3', '4', '2', '0']);
});

test('text mode with many frames leaves out the frame columns', () => {
  const r = run(['--policy', 'lru', '--frames', '100', '--trace', '1 2 3 1']);
  assert.equal(r.code, 0);
  assert.match(r.out, /frame columns are shown for at most 32 frames/);
  assert.doesNotMatch(r.out, /f99/);
});

test('--trace-file: commas, spaces, newlines and # comments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmlab-replay-'));
  try {
    const file = join(dir, 'trace.txt');
    writeFileSync(file, '# Silberschatz 10.4\n7, 0, 1, 2,0 3   # first part\n\n0 4\t2 3 0 3 2 1 2 0 1 7 0 1\n');
    const j = JSON.parse(run(['--policy', 'opt', '--frames', '3', '--trace-file', file, '--json']).out);
    assert.equal(j.accesses, 20);
    assert.equal(j.misses, 9);
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '1 2\n3 x4\n');
    const r = run(['--policy', 'opt', '--frames', '3', '--trace-file', bad]);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.txt line 2: 'x4' is not a page number/);
    const r2 = run(['--policy', 'opt', '--frames', '3', '--trace-file', dir]);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /cannot read trace file .*: it is a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: one clear line on stderr, exit code 2, nothing on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['--policy', 'lfu', '--frames', '3', '--trace', '1,2'], /unknown policy 'lfu'/],
    [['--frames', '3', '--trace', '1,2'], /--policy is required/],
    [['--policy', 'lru', '--trace', '1,2'], /--frames is required/],
    [['--policy', 'lru', '--frames', '0', '--trace', '1,2'], /--frames must be an integer from 1/],
    [['--policy', 'lru', '--frames', '-3', '--trace', '1,2'], /--frames must be an integer/],
    [['--policy', 'lru', '--frames', '2.5', '--trace', '1,2'], /--frames must be an integer/],
    [['--policy', 'lru', '--frames', 'three', '--trace', '1,2'], /--frames must be an integer/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1,-2,3'], /'-2' is not a page number/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1,2.5'], /'2\.5' is not a page number/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1,99999999999'], /larger than 2147483647/],
    [['--policy', 'lru', '--frames', '3', '--trace', ' , ,'], /trace .* is empty/],
    [['--policy', 'lru', '--frames', '3'], /reference string is required/],
    [['--policy', 'lru', '--frames', '3', '--trace-file', '/nonexistent/kmlab/trace'], /cannot read trace file '\/nonexistent\/kmlab\/trace': no such file/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1', '--trace-file', 'x'], /either --trace or --trace-file/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1', '--verbose'], /unknown option '--verbose'/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1', 'extra'], /unexpected argument 'extra'/],
    [['--policy', 'lru', '--frames', '3', '--trace'], /option '--trace' requires an argument/],
    [['--policy', 'lru', '--policy', 'fifo', '--frames', '3', '--trace', '1'], /--policy is given more than once/],
    [['--policy', 'random', '--frames', '3', '--trace', '1', '--seed', 'x'], /--seed must be an integer/],
    [['--policy', 'lru', '--frames', '3', '--trace', '1', '--json=yes'], /--json takes no value/],
    [['--policy', 'lru', '--frames', '99999999', '--trace', '1'], /--frames must be an integer from 1 to 16777216/],
  ];
  for (const [argv, message] of cases) {
    const r = run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.out, '', argv.join(' '));
    assert.match(r.err, message, argv.join(' '));
    assert.match(r.err, /^kmlab replay: [^\n]*\n$/, `one line: ${JSON.stringify(r.err)}`);
    assert.doesNotMatch(r.err, /\bat .*\.(js|ts):\d+/, 'no stack trace');
  }
});

test('--help prints the usage and exits 0', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /usage: kmlab replay --policy/);
});

test('kmlab dispatches `replay` and lists it in its usage', async () => {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  assert.equal(await main(['replay', '--policy', 'opt', '--frames', '3', '--trace', SILBERSCHATZ, '--json'], io), 0);
  assert.equal(JSON.parse(out).misses, 9);
  assert.equal(await main(['replay', '--policy', 'opt'], io), 2);
  assert.match(err, /--frames is required/);
  out = '';
  await main(['help'], io);
  assert.match(out, /replay/);
});

test('parseTrace accepts CRLF files and rejects junk', () => {
  assert.deepEqual(Array.from(parseTrace('1,2\r\n3 # c\r\n 4', 'f')), [1, 2, 3, 4]);
  assert.throws(() => parseTrace('# only a comment\n', 'f'), /empty/);
  assert.throws(() => parseTrace('1e3', 'f'), /not a page number/);
});
