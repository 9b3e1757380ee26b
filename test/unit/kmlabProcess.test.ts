// `kmlab` as a host process: a Unix tool in a pipeline (EPIPE, back-pressure with bounded
// memory), a script on stdin of any size, and one-line errors for bad options and folders.
// The pipeline tests spawn the real `node bin/kmlab.js` (building dist/cli.js when it is older
// than the sources) with a timeout, and watch the child's memory in /proc.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { shCommand } from '../../src/cli/sh';
import { main } from '../../src/cli/main';
import { createLabMachine } from '../../src/lab/machine';
import * as config from '../../src/kernel/config';
import * as extConfig from '../../src/extension/config';

const ROOT = process.cwd();
const KMLAB = path.join(ROOT, 'bin', 'kmlab.js');
/** The child's resident memory may not pass this while its output is not read. */
const RSS_LIMIT_KB = 300 * 1024;

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

before(() => {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli) || fs.statSync(cli).mtimeMs < newestSource(path.join(ROOT, 'src'))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
  }
});

function capture(): { io: { out(t: string): void; err(t: string): void }; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  return { io: { out: (t) => (o += t), err: (t) => (e += t) }, out: () => o, err: () => e };
}

/** VmRSS of a live process in kB (0 once it is gone). */
function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs a shell pipeline with kmlab in it (each command bounds kmlab with timeout(1)); gives up after `ms`. */
function pipeline(cmd: string, ms = 30_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: ms, env: { ...process.env, KMLAB } });
  assert.equal(r.error, undefined, `"${cmd}" did not end within ${ms} ms`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("`kmlab sh -c 'seq 100000' | head -1` ends quietly: no EPIPE stack trace, exit 141 (SIGPIPE)", () => {
  const r = pipeline('timeout -s KILL 15 node "$KMLAB" sh -c "seq 100000" | head -1; echo "kmlab ${PIPESTATUS[0]}"');
  assert.equal(r.stdout, '1\nkmlab 141\n');
  assert.equal(r.stderr, '');
});

test('`kmlab sh -c yes | head -1` ends: the simulated writer dies of SIGPIPE', () => {
  const r = pipeline('timeout -s KILL 15 node "$KMLAB" sh -c yes | head -1; echo "kmlab ${PIPESTATUS[0]}"');
  assert.equal(r.stdout, 'y\nkmlab 141\n');
  assert.equal(r.stderr, '');
});

/** Spawns `kmlab sh -c yes` with its stdout a pipe we control; resolves when it exits. */
function spawnYes(): { child: ReturnType<typeof spawn>; exited: Promise<number | null>; peak: () => number } {
  const child = spawn(process.execPath, [KMLAB, 'sh', '-c', 'yes'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKb(child.pid!));
    if (peak > RSS_LIMIT_KB) child.kill('SIGKILL'); // the bug: do not let it eat the machine
  }, 50);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    clearInterval(timer);
    resolve(code);
  }));
  return { child, exited, peak: () => peak };
}

test('back-pressure: while nobody reads kmlab\'s stdout the writer sleeps and memory stays bounded', async () => {
  const { child, exited, peak } = spawnYes();
  try {
    child.stdout!.pause();
    await new Promise((r) => setTimeout(r, 2000));
    assert.ok(child.exitCode === null && child.signalCode === null, `kmlab still runs (peak RSS ${peak()} kB)`);
    assert.ok(peak() > 0 && peak() < RSS_LIMIT_KB, `peak RSS ${peak()} kB after 2 s unread`);
    // reading some of it works, then closing the pipe ends kmlab (SIGPIPE for the writer)
    const first = await new Promise<string>((resolve) => {
      child.stdout!.once('data', (d: Buffer) => resolve(d.toString('utf8')));
      child.stdout!.resume();
    });
    assert.match(first, /^(y\n)+y?$/);
    child.stdout!.destroy();
    const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timeout);
    assert.equal(code, 141);
  } finally {
    child.kill('SIGKILL');
    child.stdout!.destroy();
  }
});

// On Linux a pipe as process.stdout is written synchronously (the whole process blocks while
// the pipe is full), so memory there stayed bounded even before; on macOS and Windows, and for
// any stream whose write() is asynchronous, only honouring write()'s false and 'drain' does it.
test('back-pressure: with an asynchronous stdout, output waits for drain and the buffer stays bounded', async () => {
  const held: (() => void)[] = [];
  let maxBuffered = 0;
  let text = '';
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      held.push(done); // the reader is slow: the write completes when the test says so
    },
  });
  const io = {
    out: (t: string) => void stream.write(t),
    err: (t: string) => void (text += t),
    stdout: stream,
  };
  const run = shCommand(['-c', 'seq 200000; echo done'], io);
  let finished: number | undefined;
  void run.then((code) => (finished = code));
  for (let i = 0; finished === undefined && i < 100_000; i++) {
    await new Promise((r) => setImmediate(r));
    maxBuffered = Math.max(maxBuffered, stream.writableLength);
    held.splice(0).forEach((done) => done());
  }
  assert.equal(finished, 0);
  assert.ok(maxBuffered <= 64 * 1024, `at most ${maxBuffered} bytes waited in the stream's buffer`);
  const lines = text.split('\n');
  assert.equal(lines.length, 200_002);
  assert.equal(lines[199_999], '200000');
  assert.equal(lines[200_000], 'done');
});

test('back-pressure: a fast reader (`| cat > /dev/null`) keeps memory bounded too', async () => {
  const { child, exited, peak } = spawnYes();
  try {
    let bytes = 0;
    child.stdout!.on('data', (d: Buffer) => (bytes += d.length));
    await new Promise((r) => setTimeout(r, 3000));
    assert.ok(child.exitCode === null && child.signalCode === null, `yes runs until stopped (peak RSS ${peak()} kB)`);
    child.kill('SIGTERM');
    await exited;
    assert.ok(bytes > 100_000, `${bytes} bytes read`);
    assert.ok(peak() < RSS_LIMIT_KB, `peak RSS ${peak()} kB`);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a script over 128 KiB on stdin runs as `bash < script` does', () => {
  const filler = Array.from({ length: 3000 }, (_, i) => `# ${'comment '.repeat(8)}${i}`).join('\n');
  const script = `echo start\nread line\nthis line is read by read, not run\necho "read: $line"\n${filler}\necho end\n`;
  assert.ok(script.length > 128 * 1024);
  const r = spawnSync(process.execPath, [KMLAB, 'sh'], { cwd: ROOT, input: script, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined);
  assert.equal(r.stderr, '');
  // `read` takes the next line of the script from stdin, as bash does
  assert.equal(r.stdout, 'start\nread: this line is read by read, not run\nend\n');
  assert.equal(r.status, 0);
});

test("`kmlab sh -c ''` returns 0; -c takes the next argument whatever it is", async () => {
  const c = capture();
  assert.equal(await shCommand(['-c', ''], c.io), 0, c.err());
  assert.equal(c.err(), '');
  const d = capture();
  assert.equal(await shCommand(['-c', '-x; echo ok'], d.io), 0, 'a script that starts with a dash is a script');
  assert.equal(d.out(), 'bash: line 1: -x: command not found\nok\n');
  const m = capture();
  assert.equal(await shCommand(['-c'], m.io), 2);
  assert.match(m.err(), /^kmlab: option '-c' requires an argument\n/);
});

test('an option without its value does not swallow the next option', async () => {
  for (const [argv, flag] of [
    [['sh', '--policy', '-c', 'x'], '--policy'],
    [['sh', '--seed', '--cwd', '/tmp'], '--seed'],
    [['sh', '--cwd', '-c', 'true'], '--cwd'],
    [['sh', '--speed', '--ram-mib', '2048'], '--speed'],
    [['sh', '-c', 'true', '--ram-mib='], '--ram-mib'],
    [['case-study', '1', '--out', '--json'], '--out'],
    [['replay', '--policy', 'lru', '--frames', '--trace', '1,2'], '--frames'],
  ] as const) {
    const c = capture();
    assert.equal(await main([...argv], c.io), 2, argv.join(' '));
    // `kmlab replay` names itself: "kmlab replay: option '--frames' requires an argument (see …)"
    assert.match(c.err().split('\n')[0], new RegExp(`^kmlab( replay)?: option '${flag}' requires an argument`), argv.join(' '));
  }
});

test('--cwd or --out naming an existing file: one line, no stack trace', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-file-'));
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, 'keep me\n');
  try {
    const c = capture();
    assert.equal(await main(['sh', '--cwd', file, '-c', 'ls'], c.io), 1);
    assert.equal(c.err(), `kmlab: --cwd ${file}: Not a directory\n`);
    const d = capture();
    assert.equal(await main(['case-study', '1', '--out', file], d.io), 1);
    assert.equal(d.err(), `kmlab: --out ${file}: Not a directory\n`);
    const e = capture();
    assert.equal(await main(['sh', '--cwd', path.join(file, 'sub'), '-c', 'ls'], e.io), 1);
    assert.equal(e.err(), `kmlab: --cwd ${path.join(file, 'sub')}: Not a directory\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep me\n', 'the file is kept');
    // and through the real process: still one line
    const r = spawnSync(process.execPath, [KMLAB, 'sh', '--cwd', file, '-c', 'ls'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.stderr, `kmlab: --cwd ${file}: Not a directory\n`);
    assert.equal(r.status, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--ram-mib: the CLI, the setting and the message agree on the real minimum', async () => {
  const min = config.minRamMiB();
  assert.equal(min, 960, '480 MiB kept by the kernel and the system, at least half of the RAM left');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.contributes.configuration.properties['kernelMemoryLab.machine.ramMiB'].minimum, min);
  assert.equal(extConfig.LIMITS.ramMiB.min, min);
  const below = capture();
  assert.equal(await main(['sh', '--ram-mib', String(min - 1), '-c', 'true'], below.io), 2);
  assert.equal(below.err().split('\n')[0], `kmlab: --ram-mib: ${min - 1} MiB is outside ${min}..65536: the kernel and the system keep 480 MiB, and at least half of the RAM must be left for processes`);
  const at = capture();
  assert.equal(await main(['sh', '--ram-mib', String(min), '-c', 'free -m | head -2'], at.io), 0, at.err());
  assert.doesNotThrow(() => createLabMachine({ ramMiB: min }));
  assert.throws(() => config.resolveConfig({ ramMiB: min - 1 }), /ramMiB must be an integer in 960\.\.65536 \(got 959\)/);
  assert.match(extConfig.readSettings({ ramMiB: min - 1 }).errors[0], new RegExp(`is not an integer in ${min}\\.\\.65536`));
  assert.deepEqual(extConfig.readSettings({ ramMiB: min }).errors, []);
});

test('the tty stops when the host cannot take more: the writer sleeps, start() wakes it, a closed output sends SIGPIPE', () => {
  const k = createLabMachine();
  let out = '';
  let full = false;
  const tty = k.openTty((t) => {
    out += t;
    return !full;
  });
  assert.equal(typeof tty.start, 'function', 'a tty can be stopped and started');
  let status: number | undefined;
  const pid = k.spawn('/bin/bash', ['bash', '-c', 'yes'], { tty });
  k.sched.onExit.push((t) => {
    if (t.pid === pid) status = t.exitStatus;
  });
  k.runFor(1e6);
  full = true;
  k.runUntil(() => tty.outputStopped, 1e9);
  assert.ok(tty.outputStopped);
  const stoppedAt = out.length;
  k.runFor(1e9);
  assert.equal(out.length, stoppedAt, 'nothing more is written while stopped');
  const yes = [...k.sched.tasks.values()].find((t) => t.comm === 'yes' && t.alive);
  assert.ok(yes, 'yes is alive');
  assert.equal(yes.state, 'S', 'and asleep in write()');
  full = false;
  tty.start();
  k.runFor(1e6);
  assert.ok(out.length > stoppedAt, 'start() lets it go on');
  tty.outputGone();
  k.runUntil(() => status !== undefined, 1e9);
  // bash -c either exec'd yes (killed by signal 13) or reports it (exit status 128 + 13)
  assert.ok(status === 13 || status === 141 << 8, `wait status ${status}`);
});
