// The home directory on a real folder (NodeHostFs behind `kmlab sh --cwd`): the simulation never
// touches the host outside the folder (symbolic links are shown, never followed), its writes are
// bounded by a quota answered with ENOSPC, and reading a file is linear in its size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shCommand } from '../../src/cli/sh';
import { main } from '../../src/cli/main';
import { NodeHostFs } from '../../src/host/nodeHostFs';
import * as inode from '../../src/kernel/fs/inode';
import { createLabMachine } from '../../src/lab/machine';

function capture(): { io: { out(t: string): void; err(t: string): void }; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  return { io: { out: (t) => (o += t), err: (t) => (e += t) }, out: () => o, err: () => e };
}

/**
 * A temp dir holding the home folder and, beside it, a sentinel file a hostile link points at.
 * The callback gets both; afterwards the test checks that nothing outside `home` changed.
 */
async function withFolder(fn: (home: string, outside: string) => Promise<void>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-host-'));
  const home = path.join(root, 'home');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(home);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'sentinel'), 'export SECRET_TOKEN=do-not-touch\n');
  fs.chmodSync(path.join(outside, 'sentinel'), 0o600);
  try {
    await fn(home, outside);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Names, sizes, modes and contents of everything in a folder (to prove it did not change). */
function snapshot(dir: string): string {
  return fs.readdirSync(dir).sort().map((n) => {
    const p = path.join(dir, n);
    const st = fs.lstatSync(p);
    return `${n} ${st.mode.toString(8)} ${st.size} ${st.isFile() ? fs.readFileSync(p, 'utf8') : ''}`;
  }).join('\n');
}

async function sh(home: string, script: string, extra: string[] = []): Promise<{ status: number; out: string; err: string }> {
  const c = capture();
  const status = await shCommand(['--cwd', home, ...extra, '-c', script], c.io);
  return { status, out: c.out(), err: c.err() };
}

test('a link out of the folder is not written through: the target stays as it was', () => withFolder(async (home, outside) => {
  fs.symlinkSync('../outside/sentinel', path.join(home, 'profile1.data'));
  const before = snapshot(outside);
  const r = await sh(home, 'echo pwned > profile1.data; echo "status $?"; printf "x" >> profile1.data; insmod mp3.ko; mknod node c 423 0; ./work 5 R 50; ./monitor > profile1.data');
  assert.match(r.out, /^status 1$/m);
  assert.match(r.out, /bash: line 1: profile1\.data: Too many levels of symbolic links/);
  assert.equal(snapshot(outside), before, 'the file the link points at is untouched');
  assert.equal(fs.readlinkSync(path.join(home, 'profile1.data')), '../outside/sentinel', 'the link is still a link');
}));

test('a link to /proc/self/environ or to a file outside is not read: the host environment stays private', () => withFolder(async (home) => {
  fs.symlinkSync('/proc/self/environ', path.join(home, 'env.txt'));
  fs.symlinkSync('../outside/sentinel', path.join(home, 'notes.txt'));
  const r = await sh(home, 'cat env.txt; cat notes.txt; wc -c env.txt');
  assert.match(r.out, /cat: env\.txt: Too many levels of symbolic links/);
  assert.match(r.out, /cat: notes\.txt: Too many levels of symbolic links/);
  assert.doesNotMatch(r.out, /SECRET_TOKEN/);
  // nothing of the host process's real environment shows up
  for (const entry of fs.readFileSync('/proc/self/environ', 'utf8').split('\0').filter((e) => e.length > 12)) {
    assert.ok(!r.out.includes(entry), `the host's ${entry.slice(0, 12)}… leaked`);
  }
}));

test('a dangling link does not create a file outside; chmod does not go through a link', () => withFolder(async (home, outside) => {
  fs.symlinkSync('../outside/created-by-the-lab', path.join(home, 'dangling'));
  fs.symlinkSync('../outside/sentinel', path.join(home, 'run.sh'));
  const before = snapshot(outside);
  const r = await sh(home, 'echo x > dangling; echo x >> dangling; touch dangling; chmod 777 run.sh; echo "status $?"');
  assert.match(r.out, /chmod: changing permissions of 'run\.sh': Too many levels of symbolic links/);
  assert.match(r.out, /^status 1$/m);
  assert.ok(!fs.existsSync(path.join(outside, 'created-by-the-lab')), 'no file was created where the link points');
  assert.equal(snapshot(outside), before);
  assert.equal(fs.statSync(path.join(outside, 'sentinel')).mode & 0o777, 0o600);
}));

test('ls shows links for what they are; rm removes the link, not its target', () => withFolder(async (home, outside) => {
  fs.symlinkSync('../outside/sentinel', path.join(home, 'profile1.data'));
  fs.symlinkSync('/proc/self/environ', path.join(home, 'env.txt'));
  fs.writeFileSync(path.join(home, 'real.txt'), 'abc\n');
  const r = await sh(home, 'ls; ls -l env.txt profile1.data; ls -F; rm profile1.data; ls');
  const [plain, long1, long2, classified, after] = r.out.trim().split('\n');
  assert.equal(plain, 'env.txt  monitor  mp3.ko  profile1.data  real.txt  work');
  assert.match(long1, /^lrwxrwxrwx 1 student student 18 .* env\.txt -> \/proc\/self\/environ$/);
  assert.match(long2, /^lrwxrwxrwx 1 student student 19 .* profile1\.data -> \.\.\/outside\/sentinel$/);
  assert.equal(classified, 'env.txt@  monitor*  mp3.ko  profile1.data@  real.txt  work*');
  assert.equal(after, 'env.txt  monitor  mp3.ko  real.txt  work');
  assert.ok(!fs.existsSync(path.join(home, 'profile1.data')));
  assert.equal(fs.readFileSync(path.join(outside, 'sentinel'), 'utf8'), 'export SECRET_TOKEN=do-not-touch\n');
}));

test('no window between check and use: a file swapped for a link after lookup is still refused (O_NOFOLLOW)', () => withFolder(async (home, outside) => {
  const hfs = new NodeHostFs(home);
  hfs.writeFile('data', new TextEncoder().encode('mine\n'), false);
  assert.equal(hfs.stat('data')?.symlink, undefined, 'a regular file at lookup');
  fs.unlinkSync(path.join(home, 'data'));
  fs.symlinkSync('../outside/sentinel', path.join(home, 'data'));
  const before = snapshot(outside);
  assert.throws(() => hfs.writeAt('data', 0, new TextEncoder().encode('pwned')), { code: 'ELOOP' });
  assert.throws(() => hfs.writeFile('data', new TextEncoder().encode('pwned'), true), { code: 'ELOOP' });
  assert.throws(() => hfs.writeFile('data', new TextEncoder().encode('pwned'), false), { code: 'ELOOP' });
  assert.throws(() => hfs.readAt('data', 0, new Uint8Array(64)), { code: 'ELOOP' });
  assert.throws(() => hfs.chmod('data', 0o777), { code: 'ELOOP' });
  assert.equal(hfs.readFile('data'), undefined);
  assert.equal(snapshot(outside), before);
}));

test('quota: `yes > y.txt` stops at --home-quota-mib with "No space left on device", as coreutils says it', () => withFolder(async (home, outside) => {
  const before = snapshot(outside);
  const r = await sh(home, 'yes > y.txt; echo "status $?"; echo more >> y.txt; echo "append $?"; rm y.txt; echo small > s.txt; echo "after rm $?"', ['--home-quota-mib', '1']);
  assert.match(r.out, /^yes: standard output: No space left on device$/m);
  assert.match(r.out, /^status 1$/m);
  assert.match(r.out, /^bash: line 1: echo: write error: No space left on device$/m);
  assert.match(r.out, /^append 1$/m);
  assert.match(r.out, /^after rm 0$/m, 'removing the file gives its room back');
  assert.equal(fs.readFileSync(path.join(home, 's.txt'), 'utf8'), 'small\n');
  assert.equal(snapshot(outside), before);
}));

test('quota: the folder may grow by the quota over what it held at boot; the default is the setting\'s', () => withFolder(async (home) => {
  // a folder that already holds more than the quota still takes the quota's worth of new data
  fs.writeFileSync(path.join(home, 'old.bin'), Buffer.alloc(3 * 1024 * 1024));
  const r = await sh(home, 'yes > y.txt; wc -c y.txt', ['--home-quota-mib', '2']);
  assert.match(r.out, /^2097152 y\.txt$/m);
  assert.equal(fs.statSync(path.join(home, 'y.txt')).size, 2 * 1024 * 1024);
  assert.equal(fs.statSync(path.join(home, 'old.bin')).size, 3 * 1024 * 1024, 'existing files are kept');
  assert.equal(new NodeHostFs(home).quotaBytes, inode.DEFAULT_HOME_QUOTA_MIB * 1024 * 1024);
  assert.equal(inode.DEFAULT_HOME_QUOTA_MIB, 256);
  const bad = capture();
  assert.equal(await shCommand(['--cwd', home, '--home-quota-mib', 'lots', '-c', 'true'], bad.io), 2);
  assert.match(bad.err(), /^kmlab: --home-quota-mib: expected a whole number of MiB, got lots\n/);
}));

test('reading a host file is linear: each read() fetches only what it returns', () => withFolder(async (home) => {
  const size = 4 * 1024 * 1024;
  fs.writeFileSync(path.join(home, 'big.bin'), Buffer.alloc(size, 0x61));
  let fetched = 0;
  class CountingFs extends NodeHostFs {
    override readFile(name: string): Uint8Array | undefined {
      const d = super.readFile(name);
      fetched += d?.length ?? 0;
      return d;
    }
    override readAt(name: string, pos: number, buf: Uint8Array): number {
      const n = super.readAt(name, pos, buf);
      fetched += n;
      return n;
    }
  }
  const k = createLabMachine({}, { hostFs: new CountingFs(home) });
  let out = '';
  const tty = k.openTty((t) => (out += t));
  let done = false;
  k.sched.onExit.push((t) => {
    if (t.pid === pid) done = true;
  });
  const pid = k.spawn('/bin/bash', ['bash', '-c', 'wc -c big.bin; cat big.bin > copy.bin'], { tty });
  k.runUntil(() => done, 600e9);
  assert.ok(done, 'the script ended');
  assert.match(out, /4194304 big\.bin/);
  assert.equal(fs.statSync(path.join(home, 'copy.bin')).size, size);
  assert.ok(fetched <= 2 * size + 65536, `host bytes fetched for two reads of ${size}: ${fetched}`);
}));

test('case-study --out: the CSV and report.html are not written through a link either', () => withFolder(async (home, outside) => {
  // the report inlines dist/webview/report.js next to the bundle; the test bundle gets one
  const dir = path.join(__dirname, 'webview');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'report.js'))) fs.writeFileSync(path.join(dir, 'report.js'), '/* report script */');
  fs.symlinkSync('../outside/sentinel', path.join(home, 'report.html'));
  const before = snapshot(outside);
  const c = capture();
  const code = await main(['case-study', '2', '--n', '1', '--json', '--out', home, '--ram-mib', '1024'], c.io);
  assert.equal(code, 1);
  assert.equal(c.err(), `kmlab: cannot write ${path.join(home, 'report.html')}: Too many levels of symbolic links\n`);
  assert.equal(snapshot(outside), before);
  assert.ok(fs.existsSync(path.join(home, 'profile_1.data')), 'the data files were written');
}));
