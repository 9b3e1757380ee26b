// `kmlab sh`: options, scripts with a real home folder, and the interactive loop with a fake terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseShArgs, runShInteractive, shCommand, type Terminal } from '../../src/cli/sh';
import { main } from '../../src/cli/main';
import { UsageError } from '../../src/cli/machineOptions';

function capture(): { io: { out(t: string): void; err(t: string): void }; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  return { io: { out: (t) => (o += t), err: (t) => (e += t) }, out: () => o, err: () => e };
}

test('options: -c, --cwd, --speed and machine options', () => {
  const o = parseShArgs(['-c', 'ls', '--cwd', '/tmp/x', '--speed', '10', '--ram-mib', '1024', '--disk=hdd']);
  assert.equal(o.script, 'ls');
  assert.equal(o.cwd, '/tmp/x');
  assert.equal(o.speed, 10);
  assert.equal(o.config.ramMiB, 1024);
  assert.equal(o.config.disk?.kind, 'hdd');
  assert.equal(parseShArgs(['--speed=max']).speed, Infinity);
  assert.throws(() => parseShArgs(['--speed', '0']), UsageError);
  assert.throws(() => parseShArgs(['--bogus']), UsageError);
  assert.throws(() => parseShArgs(['-c']), UsageError);
});

test('kmlab sh -c: output, exit status, usage errors', async () => {
  const c = capture();
  assert.equal(await main(['sh', '-c', 'echo hello; uname -s; exit 5'], c.io), 5);
  assert.equal(c.out(), 'hello\nLinux\n');
  const u = capture();
  assert.equal(await shCommand(['--speed', 'fast'], u.io), 2);
  assert.match(u.err(), /^kmlab: --speed: expected/);
  const h = capture();
  assert.equal(await shCommand(['--help'], h.io), 0);
  assert.match(h.out(), /^usage: kmlab sh/);
  const r = capture();
  assert.equal(await shCommand(['-c', 'cat'], r.io), 0, 'a read of the terminal gets end of file');
});

test('kmlab sh --cwd: the monitor writes a real file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-sh-'));
  try {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'from the host\n');
    const c = capture();
    const status = await shCommand(['--cwd', dir, '-c', 'cat notes.txt; insmod mp3.ko; mknod node c 423 0; ./work 5 R 100; ./monitor > profile1.data; rmmod mp3'], c.io);
    assert.equal(status, 0, c.err());
    assert.match(c.out(), /^from the host\n/);
    const data = fs.readFileSync(path.join(dir, 'profile1.data'), 'utf8').trim().split('\n');
    assert.ok(data.length > 300, `${data.length} samples`);
    assert.match(data[0], /^\d+ \d+ \d+ \d+$/);
    assert.ok(!fs.existsSync(path.join(dir, 'node')), 'device nodes stay in the simulation');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('interactive: keystrokes in, terminal output out, exit status', async () => {
  let listener: (t: string) => void = () => {};
  let output = '';
  let raw = false;
  const rawHistory: boolean[] = [];
  const term: Terminal = {
    isTTY: true,
    columns: 80,
    rows: 24,
    onData: (l) => (listener = l),
    onResize: () => {},
    setRaw: (r) => {
      raw = r;
      rawHistory.push(r);
    },
    write: (t) => (output += t),
    close: () => {},
  };
  const done = runShInteractive({ config: {}, speed: Infinity }, term);
  const waitFor = async (re: RegExp): Promise<void> => {
    for (let i = 0; i < 500 && !re.test(output.replace(/\r\n/g, '\n')); i++) await new Promise((r) => setTimeout(r, 5));
    assert.match(output.replace(/\r\n/g, '\n'), re);
  };
  await waitFor(/student@mp3:~\$ $/);
  assert.equal(raw, true);
  listener('echo hi\r');
  await waitFor(/echo hi\nhi\nstudent@mp3:~\$ $/);
  listener('sleep 2 &\r');
  await waitFor(/\[1\] \d+\n/);
  listener('wait\r');
  await waitFor(/\[1\]\+ {2}Done {20}sleep 2\nstudent@mp3:~\$ $/);
  listener('exit 4\r');
  assert.equal(await done, 4);
  assert.deepEqual(rawHistory, [true, false]);
});
