// Faults in module code are contained as Linux 5.15 contains them (src/kernel/oops.ts): an Oops
// in Linux's words, the task the code ran for killed (bash: "Killed", $? 137), a kworker
// replaced, the kernel tainted, and the machine going on; or, with oops=panic or in
// interrupt context, a panic. The modules are deliberately buggy (fixtures/buggyModules.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShell, type ShellSession } from './shellHarness';
import { buggyModule, type Bug } from './fixtures/buggyModules';
import { Watchdog } from '../../src/kernel/watchdog';
import type { MachineConfig } from '../../src/kernel/config';
import type { OopsReport } from '../../src/kernel/oops';

function shellWith(bug: Bug, config: Partial<MachineConfig> = {}): ShellSession {
  const sh = startShell(config);
  sh.kernel.registerModuleFile('buggy.ko', buggyModule(bug));
  return sh;
}
/** What a command printed (the terminal's echo of the typed line taken off). */
const run = (sh: ShellSession, line: string, maxNs?: number): string => sh.run(line, maxNs).replace(/^[^\n]*\n/, '');
const dmesg = (sh: ShellSession): string[] => sh.kernel.log.all().map((r) => r.text);
/** The lines from the first one matching `first`, in order, each matched exactly or by a RegExp. */
function assertSequence(lines: string[], expected: (string | RegExp)[]): void {
  let i = lines.findIndex((l) => (typeof expected[0] === 'string' ? l === expected[0] : expected[0].test(l)));
  assert.ok(i >= 0, `no line ${String(expected[0])} in\n${lines.join('\n')}`);
  for (const e of expected) {
    while (i < lines.length && !(typeof e === 'string' ? lines[i] === e : e.test(lines[i]))) i++;
    assert.ok(i < lines.length, `missing ${String(e)} (in order) in\n${lines.join('\n')}`);
    i++;
  }
}
const TAINTED = (flags: string): string => `Tainted: ${flags}`;

test('NULL dereference in a proc write: the Oops in 5.15 words, the writer is Killed (137), taint D, the machine goes on', () => {
  const sh = shellWith('null-deref-in-write');
  assert.equal(run(sh, 'insmod buggy.ko'), 'student@mp3:~$ ');
  const out = run(sh, "sh -c 'echo hi > /proc/buggy/status'; echo $?");
  assert.equal(out, 'Killed\n137\nstudent@mp3:~$ ');
  const log = dmesg(sh);
  const pid = Number(/PID: (\d+) Comm: sh /.exec(log.join('\n'))?.[1]);
  assert.ok(pid >= 1000);
  assertSequence(log, [
    'BUG: kernel NULL pointer dereference, address: 0000000000000010',
    '#PF: supervisor read access in kernel mode',
    '#PF: error_code(0x0000) - not-present page',
    'PGD 0 P4D 0 ',
    'Oops: 0000 [#1] SMP NOPTI',
    `CPU: 1 PID: ${pid} Comm: sh ${TAINTED('G           O     ')} 5.15.0-kmlab #1`,
    'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.15.0-1 04/01/2014',
    /^RIP: 0010:buggy_write\+0x[0-9a-f]+\/0x[0-9a-f]+ \[buggy\]$/,
    /^Code: /,
    /^RSP: 0018:ffff[0-9a-f]{12} EFLAGS: 00010246$/,
    'CR2: 0000000000000010 CR3: 000000010a4c4000 CR4: 00000000000006f0',
    'Call Trace:',
    ' <TASK>',
    ' proc_reg_write+0x5b/0xa0',
    ' vfs_write+0xb9/0x260',
    ' entry_SYSCALL_64_after_hwframe+0x61/0xcb',
    /^RIP: 0033:/,
    ' </TASK>',
    'Modules linked in: buggy(O)',
    'CR2: 0000000000000010',
    /^---\[ end trace [0-9a-f]{16} \]---$/,
    /^RIP: 0010:buggy_write\+/, // the executive summary
  ]);
  // the machine goes on: the shell works, the taint shows (O = 4096, D = 128)
  assert.equal(run(sh, 'cat /proc/sys/kernel/tainted'), '4224\nstudent@mp3:~$ ');
  assert.match(run(sh, 'lsmod'), /^buggy\s+16384\s+0$/m);
  // a second Oops is #2 and its header carries the D of the first
  assert.equal(run(sh, "sh -c 'echo hi > /proc/buggy/status'"), 'Killed\nstudent@mp3:~$ ');
  assertSequence(dmesg(sh), ['Oops: 0000 [#2] SMP NOPTI', new RegExp(`Comm: sh ${TAINTED('G      D    O     ').replace(/ /g, ' ')} 5\\.15`)]);
});

test('an exception in a work function: the Oops in the kworker, which dies and is replaced; sampling goes on in the new one', () => {
  const sh = shellWith('exception-in-work');
  const reports: OopsReport[] = [];
  sh.kernel.onOops((r) => reports.push(r));
  sh.run('insmod buggy.ko');
  assert.equal(run(sh, "sh -c 'echo hi > /proc/buggy/status'; echo $?"), '0\nstudent@mp3:~$ ');
  sh.kernel.runFor(200e6);
  assertSequence(dmesg(sh), [
    /^kernel BUG at test\/unit\/fixtures\/buggyModules\.ts:\d+!$/,
    'invalid opcode: 0000 [#1] SMP NOPTI',
    `CPU: 0 PID: 4 Comm: kworker/0:1 ${TAINTED('G           O     ')} 5.15.0-kmlab #1`,
    'Workqueue: buggy_wq buggy_work_fn [buggy]',
    /^RIP: 0010:buggy_work_fn\+0x[0-9a-f]+\/0x[0-9a-f]+ \[buggy\]$/,
    ' process_one_work+0x228/0x3d0',
    ' ret_from_fork+0x1f/0x30',
    'Modules linked in: buggy(O)',
  ]);
  assert.equal(reports.length, 1);
  assert.ok(reports[0].cause instanceof RangeError, 'the JavaScript cause is handed to the host');
  const ps = run(sh, 'ps -e');
  assert.doesNotMatch(ps, /kworker\/0:1$/m, 'the kworker that oopsed is gone');
  assert.match(ps, /kworker\/0:2$/m, 'a new kworker took its place');
  sh.run("sh -c 'echo hi > /proc/buggy/status'");
  sh.kernel.runFor(200e6);
  assert.match(dmesg(sh).join('\n'), /invalid opcode: 0000 \[#2\][^]*Comm: kworker\/0:2 Tainted: G {6}D/, 'the next work runs in the new kworker');
});

test('an endless loop in a work function: the soft-lockup report after 2 × watchdog_thresh, taint L, the editor never hangs', () => {
  const sh = shellWith('endless-loop-in-work');
  sh.run('insmod buggy.ko');
  const t0 = Date.now();
  sh.run("sh -c 'echo hi > /proc/buggy/status'");
  sh.kernel.runFor(200e6);
  assert.ok(Date.now() - t0 < 5000, 'the stuck work ends in well under the wall time it would take');
  assertSequence(dmesg(sh), [
    'watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:4]',
    'Modules linked in: buggy(O)',
    `CPU: 0 PID: 4 Comm: kworker/0:1 ${TAINTED('G           O     ')} 5.15.0-kmlab #1`,
    'Workqueue: buggy_wq buggy_work_fn [buggy]',
    /^RIP: 0010:buggy_work_fn\+/,
    'Call Trace:',
    ' process_one_work+0x228/0x3d0',
  ]);
  assert.equal(run(sh, 'cat /proc/sys/kernel/tainted'), `${4096 + 16384}\nstudent@mp3:~$ `);
});

test('an endless loop in a proc write: the soft lockup names the writer, which is Killed; the shell goes on', () => {
  const sh = shellWith('endless-loop-in-write');
  sh.run('insmod buggy.ko');
  assert.equal(run(sh, "sh -c 'echo hi > /proc/buggy/status'; echo $?"), 'Killed\n137\nstudent@mp3:~$ ');
  assert.match(dmesg(sh).join('\n'), /^watchdog: BUG: soft lockup - CPU#1 stuck for 22s! \[sh:\d+\]$/m);
  assert.equal(run(sh, 'echo still here'), 'still here\nstudent@mp3:~$ ');
});

test('a delayed work left armed by exit fires after rmmod: the instruction-fetch Oops in a kworker, never a silent run', () => {
  const sh = shellWith('work-left-armed');
  sh.run('insmod buggy.ko');
  sh.run("sh -c 'echo hi > /proc/buggy/status'");
  sh.kernel.runFor(120e6); // the work runs and re-arms itself a few times
  assert.doesNotMatch(dmesg(sh).join('\n'), /BUG:/);
  assert.equal(run(sh, 'rmmod buggy; echo $?'), '0\nstudent@mp3:~$ ');
  sh.kernel.runFor(200e6);
  assertSequence(dmesg(sh), [
    /^BUG: unable to handle page fault for address: ffffffffc0[0-9a-f]{6}$/,
    '#PF: supervisor instruction fetch in kernel mode',
    '#PF: error_code(0x0010) - not-present page',
    'Oops: 0010 [#1] SMP NOPTI',
    /^CPU: 0 PID: 4 Comm: kworker\/0:1 Tainted: G {11}O/,
    /^Workqueue: buggy_wq 0xffffffffc0[0-9a-f]{6}$/,
    /^RIP: 0010:0xffffffffc0[0-9a-f]{6}$/,
    /^Code: Unable to access opcode bytes at RIP 0xffffffffc0[0-9a-f]{6}\.$/,
    ' process_one_work+0x228/0x3d0',
    'Modules linked in: [last unloaded: buggy]',
    /^CR2: ffffffffc0[0-9a-f]{6}$/,
  ]);
  const addr = /page fault for address: (\w+)/.exec(dmesg(sh).join('\n'))![1];
  assert.ok(dmesg(sh).includes(`CR2: ${addr}`), 'CR2 is the address that faulted');
  assert.equal(run(sh, 'echo $((1+1))'), '2\nstudent@mp3:~$ ');
});

test('destroy_workqueue with work it cannot drain warns as 5.15 does and leaves the queue', () => {
  const sh = shellWith('work-requeues-at-once');
  sh.run('insmod buggy.ko');
  sh.run("sh -c 'echo hi > /proc/buggy/status'");
  sh.kernel.runFor(100e6);
  sh.run('rmmod buggy');
  assertSequence(dmesg(sh), [
    "workqueue buggy_wq: drain_workqueue() isn't complete after 10 tries",
    '------------[ cut here ]------------',
    /^WARNING: CPU: \d PID: \d+ at kernel\/workqueue\.c:4430 destroy_workqueue\+0x11a\/0x2f0$/,
    'Modules linked in: buggy(O-)',
    /Comm: rmmod Tainted: G {11}O/,
    'RIP: 0010:destroy_workqueue+0x11a/0x2f0',
    /^ buggy_exit\+0x[0-9a-f]+\/0x[0-9a-f]+ \[buggy\]$/,
    ' __do_sys_delete_module.constprop.0+0x170/0x260',
    /^---\[ end trace/,
    'destroy_workqueue: buggy_wq has the following busy pwq',
    /^ {2}pwq \d+: cpus=0-1 flags=0x4 nice=0 active=1\/1 refcnt=2$/,
    '    pending: buggy_work_fn [buggy]',
  ]);
  assert.ok(sh.kernel.taints.has(9), 'WARN taints W');
});

test('a timer left armed fires after rmmod in softirq context: the Oops, then "Fatal exception in interrupt"', () => {
  const sh = shellWith('timer-left-armed');
  const panics: string[] = [];
  sh.kernel.onPanic((r) => panics.push(r));
  sh.run('insmod buggy.ko');
  sh.run('rmmod buggy');
  sh.kernel.runFor(200e6);
  assertSequence(dmesg(sh), [
    '#PF: supervisor instruction fetch in kernel mode',
    'CPU: 0 PID: 0 Comm: swapper/0 Tainted: G           O      5.15.0-kmlab #1',
    ' <IRQ>',
    ' call_timer_fn+0x29/0x120',
    ' </IRQ>',
    'Kernel panic - not syncing: Fatal exception in interrupt',
    '---[ end Kernel panic - not syncing: Fatal exception in interrupt ]---',
  ]);
  assert.deepEqual(panics, ['Fatal exception in interrupt']);
  assert.equal(sh.kernel.panicked, 'Fatal exception in interrupt');
  const before = sh.kernel.log.all().length;
  sh.kernel.runFor(5e9);
  assert.equal(sh.kernel.log.all().length, before, 'nothing runs after a panic');
});

test('oops=panic (panicOnOops): the Oops, then "Kernel panic - not syncing: Fatal exception", and the machine stops', () => {
  const sh = shellWith('null-deref-in-write', { panicOnOops: true });
  sh.run('insmod buggy.ko');
  sh.run("sh -c 'echo hi > /proc/buggy/status'", 1e9);
  assertSequence(dmesg(sh), ['Oops: 0000 [#1] SMP NOPTI', /^---\[ end trace/, 'Kernel panic - not syncing: Fatal exception', '---[ end Kernel panic - not syncing: Fatal exception ]---']);
  assert.equal(sh.kernel.panicked, 'Fatal exception');
  assert.equal(run(sh, 'echo hello', 1e9), '', 'the panicked machine runs nothing (no output, no prompt)');
});

test('a fault in init: insmod is Killed, the module stays half-loaded ("Loading", used by 1) and cannot be removed', () => {
  const sh = shellWith('null-deref-in-init');
  assert.equal(run(sh, 'insmod buggy.ko; echo $?'), 'Killed\n137\nstudent@mp3:~$ ');
  assertSequence(dmesg(sh), [
    'BUG: kernel NULL pointer dereference, address: 0000000000000008',
    '#PF: supervisor write access in kernel mode',
    '#PF: error_code(0x0002) - not-present page',
    'Oops: 0002 [#1] SMP NOPTI',
    /Comm: insmod Tainted: G {11}O/,
    ' do_one_initcall+0x46/0x1d0',
    'Modules linked in: buggy(O+)',
  ]);
  assert.match(run(sh, 'cat /proc/modules'), /^buggy 16384 1 - Loading 0xffffffffc0[0-9a-f]{6} \(O\+\)$/m);
  assert.equal(run(sh, 'rmmod buggy; echo $?'), 'rmmod: ERROR: Module buggy is in use\n1\nstudent@mp3:~$ ');
});

test('a fault in exit: rmmod is Killed and the module stays "Unloading"', () => {
  const sh = shellWith('null-deref-in-exit');
  sh.run('insmod buggy.ko');
  assert.equal(run(sh, 'rmmod buggy; echo $?'), 'Killed\n137\nstudent@mp3:~$ ');
  assert.match(run(sh, 'cat /proc/modules'), /^buggy 16384 0 - Unloading 0x[0-9a-f]{16} \(O-\)$/m);
  assert.match(dmesg(sh).join('\n'), /Comm: rmmod [^]* __do_sys_delete_module[^]*Modules linked in: buggy\(O-\)/);
});

test('the host writing to a faulting proc file gets -EFAULT and no JavaScript exception', () => {
  const sh = shellWith('null-deref-in-write');
  sh.run('insmod buggy.ko');
  assert.equal(sh.kernel.hostWriteFile('/proc/buggy/status', 'R 1\n'), -14);
  assert.match(dmesg(sh).join('\n'), /Oops: 0000 \[#1\][^]*Comm: swapper\/0/);
  assert.equal(run(sh, 'echo ok'), 'ok\nstudent@mp3:~$ ');
});

test('watchdog arithmetic: reported after 20–24 s stuck, as "22s" with the default thresh; 0 disables it', () => {
  const w = new Watchdog(10);
  for (const start of [0, 0.5e9, 3.99e9, 1234.5e9]) {
    const d = w.detection(start)!;
    assert.ok(d.afterNs >= 20e9 && d.afterNs <= 24e9, `stuck from ${start}: after ${d.afterNs}`);
    assert.ok(d.seconds >= 20 && d.seconds <= 23, `seconds ${d.seconds}`);
  }
  assert.equal(w.detection(0.5e9)!.seconds, 22);
  assert.equal(new Watchdog(0).detection(0), undefined);
  // charge() only counts inside a guarded entry
  w.charge(100e9);
  w.enter(0.5e9);
  assert.throws(() => {
    for (;;) w.charge(1e9);
  }, /stuck for 22s/);
  w.leave();
});

test('kmlab --oops-panic sets panicOnOops; the lab session reports a panic with the log up to it', async () => {
  const { takeMachineOptions } = await import('../../src/cli/machineOptions');
  const argv = ['--oops-panic', 'sh'];
  assert.deepEqual(takeMachineOptions(argv), { panicOnOops: true });
  assert.deepEqual(argv, ['sh']);
  const { LabSession } = await import('../../src/lab/session');
  const s = new LabSession({ config: { panicOnOops: true } });
  s.kernel.registerModuleFile('buggy.ko', buggyModule('null-deref-in-write'));
  const seen: [string, string][] = [];
  s.onPanic((reason, log) => seen.push([reason, log]));
  s.exec('insmod buggy.ko');
  s.exec('echo x > /proc/buggy/status', 1e9);
  assert.equal(seen.length, 1);
  assert.equal(seen[0][0], 'Fatal exception');
  assert.match(seen[0][1], /BUG: kernel NULL pointer dereference[^]*Kernel panic - not syncing: Fatal exception/);
});
