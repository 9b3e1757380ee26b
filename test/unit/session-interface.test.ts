// The session interface end to end in-process (the same MachineServer the extension's worker
// runs, the same SessionClient the extension host uses): calls, the coalesced state, the
// profiler buffer handed over as pages, terminals, pacing against the wall clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessSession } from '../../src/lab/inProcessSession';
import { LabSession } from '../../src/lab/session';
import { BufferMirror } from '../../src/lab/bufferMirror';
import { BufferPages } from '../../src/lab/bufferPages';
import type { SessionClient } from '../../src/lab/sessionClient';
import type { MachineState } from '../../src/lab/sessionProtocol';

const until = async (c: SessionClient, ok: (s: MachineState) => boolean, ms = 10_000): Promise<MachineState> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (c.state && ok(c.state)) return c.state;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`state not reached in ${ms} ms: ${JSON.stringify(c.state && { ...c.state, processes: c.state.processes.length })}`);
};

test('exec, register and /proc through the interface answer as the kernel does', async (t) => {
  const m = inProcessSession();
  t.after(() => m.dispose());
  const c = m.client;
  await c.boot({ config: {}, speed: 'max' });
  const r = await c.exec('insmod mp3.ko');
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(await c.exec('cat /proc/mp3/status; echo done'), { status: 0, output: 'done\n', finished: true });
  assert.equal(await c.register(99999, 'R'), -3, 'ESRCH for a PID that does not exist');
  assert.equal(await c.readFile('/proc/nonexistent'), -2);
  assert.deepEqual(await c.stat('/proc/mp3'), { kind: 'dir', writable: false });
  assert.deepEqual(await c.stat('/proc/mp3/status'), { kind: 'file', writable: true });
  const dir = await c.readdir('/proc/mp3');
  assert.ok('entries' in dir && dir.entries.some(([n]) => n === 'status'));
  assert.equal(await c.signal(1, 15) <= 0, true);
  // The guide's outcome check lists the home directory through the session: `node` is in it.
  assert.equal((await c.exec('mknod node c 423 0')).status, 0);
  const home = await c.readdir('/home/student');
  assert.ok('entries' in home && home.entries.some(([n]) => n === 'node'), JSON.stringify(home));
  await until(c, (s) => s.moduleLoaded);
  await assert.rejects(c.call('exec', { line: 5 as unknown as string, paced: false }), /invalid request: exec\.line: expected a string/);
});

test('a workload\'s samples reach the client only as buffer pages, and match what the module wrote', async (t) => {
  const m = inProcessSession();
  t.after(() => m.dispose());
  const c = m.client;
  await c.boot({ config: {}, speed: 'max' });
  const w = await c.startWorkload('insmod mp3.ko && ./work 64 R 2000 &', 1);
  assert.equal(w.status, 0, w.output);
  assert.equal(w.pids.length, 1);
  const exits: { pid: number; comm: string }[] = [];
  c.onExit((e) => exits.push(e));
  assert.ok(c.workProcesses().length <= 1);
  await until(c, () => c.view.end >= 20, 30_000);
  const { samples } = c.view.slice(0);
  // jiffies rise strictly; counts are non-negative: what the work function stored.
  for (let i = 4; i < samples.length; i += 4) assert.ok(samples[i] > samples[i - 4], `jiffies rise at sample ${i / 4}`);
  for (let i = 0; i < samples.length; i++) assert.ok(samples[i] >= 0);
  await until(c, () => exits.some((e) => e.pid === w.pids[0] && e.comm === 'work'), 30_000);
  await until(c, () => c.workProcesses().length === 0);
});

test('the mirror reads the same samples from page copies as the kernel holds in its frames', () => {
  const s = new LabSession();
  assert.equal(s.exec('insmod mp3.ko').status, 0);
  const pages = new BufferPages(s.kernel);
  const mirror = new BufferMirror();
  const pid = s.kernel.spawn(`/home/student/work`, ['work', '32', 'R', '1000']);
  assert.ok(pid > 0);
  let handovers = 0;
  for (let i = 0; i < 40; i++) {
    s.kernel.runFor(137_000_000); // odd slices: samples land anywhere within a hand-over
    if (pages.pending) {
      const b = pages.take();
      mirror.apply(b.generation, b.attached, b.pages);
      handovers++;
    }
  }
  assert.ok(handovers > 1);
  // What the monitor would read: every valid slot of the ring, in jiffies order.
  const k = s.kernel;
  const pfns = k.hostMapDevice((423 << 20) | 0, 128) as number[];
  const ring: number[][] = [];
  for (let slot = 0; slot < 12000; slot++) {
    const byte = slot * 32;
    const at = (o: number) => k.phys.load64(pfns[Math.floor((byte + o) / 4096)], (byte + o) % 4096);
    if (at(0) !== -1) ring.push([at(0), at(8), at(16), at(24)]);
  }
  ring.sort((a, b) => a[0] - b[0]);
  assert.ok(ring.length > 10);
  assert.deepEqual([...mirror.slice(0).samples], ring.flat());
});

test('a login terminal echoes, runs a command and reports the shell\'s exit', async (t) => {
  const m = inProcessSession();
  t.after(() => m.dispose());
  const c = m.client;
  await c.boot({ config: {}, speed: 1 });
  let out = '';
  let closed: number | undefined;
  const term = await c.openTerminal({ rows: 24, cols: 80 }, { output: (d) => (out += d), closed: (s) => (closed = s) });
  assert.ok(term.pid > 0);
  term.input('echo hi-$((6*7))\r');
  const end = Date.now() + 5000;
  while (!out.includes('hi-42') && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.match(out, /hi-42/);
  term.input('exit 3\r');
  while (closed === undefined && Date.now() < end + 5000) await new Promise((r) => setTimeout(r, 10));
  assert.equal(closed! >> 8, 3);
});

test('at speed 10 simulated time keeps pace with the wall clock (a sleeping process)', async (t) => {
  const m = inProcessSession();
  t.after(() => m.dispose());
  const c = m.client;
  await c.boot({ config: {}, speed: 10 });
  await c.exec('sleep 100 &');
  const t0 = Date.now();
  const sim0 = c.uptimeNs;
  await new Promise((r) => setTimeout(r, 1500));
  await until(c, (s) => s.uptimeNs > sim0);
  const speed = (c.uptimeNs - sim0) / 1e6 / (Date.now() - t0);
  assert.ok(speed > 7 && speed < 11, `achieved ${speed.toFixed(2)}×`);
});

test('workProcesses(): live `work` user processes only — not zombies, not kernel threads, not other programs', async () => {
  const { isWorkProcess, workProcesses } = await import('../../src/lab/workProcesses');
  const rows = [
    { comm: 'work', state: 'R' as const },
    { comm: 'work', state: 'S' as const },
    { comm: 'work', state: 'D' as const },
    { comm: 'work', state: 'T' as const },
    { comm: 'work', state: 'Z' as const },
    { comm: 'work', state: 'X' as const },
    { comm: 'work', state: 'R' as const, kthread: true },
    { comm: 'nice', state: 'R' as const },
    { comm: 'sh', state: 'S' as const },
  ];
  assert.deepEqual(rows.map(isWorkProcess), [true, true, true, true, false, false, false, false, false]);
  assert.equal(workProcesses(rows).length, 4);
});

test('oops=panic through the interface: the panic is reported and the machine reboots with the same settings', async (t) => {
  const { buggyModule } = await import('./fixtures/buggyModules');
  // every boot (the first and the one after the panic) gets the buggy module as buggy.ko
  const m = inProcessSession({ onBoot: (kernel) => kernel.registerModuleFile('buggy.ko', buggyModule('null-deref-in-write')) });
  t.after(() => m.dispose());
  const c = m.client;
  const panics: string[] = [];
  c.onPanic((reason) => panics.push(reason));
  await c.boot({ config: { panicOnOops: true }, speed: 'max' });
  assert.equal((await c.exec('insmod buggy.ko')).status, 0);
  await c.exec('echo x > /proc/buggy/status');
  const end = Date.now() + 5000;
  while (panics.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(panics, ['Fatal exception']);
  // a fresh kernel: nothing loaded, and it still answers
  const r = await c.exec('lsmod; cat /proc/sys/kernel/tainted');
  assert.equal(r.status, 0, r.output);
  assert.doesNotMatch(r.output, /buggy/);
  assert.match(r.output, /^0$/m);
});
