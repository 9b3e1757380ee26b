// watch (procps-ng 3.3.17) on a terminal of the simulated machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShell, shs } from './shellHarness';
import { ctime, headerLine, screenRows } from '../../src/programs/coreutils/watch';


/** The screens a run drew: each starts by homing the cursor. */
function screens(output: string): string[][] {
  // eslint-disable-next-line no-control-regex
  return output.split('\x1b[H').slice(1).map((s) => s.replace('\x1b[2J', '').replace(/\x1b\[[JK]/g, '').split('\n'));
}

test('watch: header, output, redraw every -n seconds of simulated time, ^C', () => {
  const s = startShell({}, { cols: 80 });
  const shown = s.type('watch -n 1 "echo hello; uptime"\r', 2.5e9);
  const frames = screens(shown);
  assert.equal(frames.length, 3, 'at 0, 1 and 2 s');
  assert.ok(shown.startsWith('watch -n 1 "echo hello; uptime"\n\x1b[H\x1b[2J'), 'the first screen is cleared');
  for (const [i, f] of frames.entries()) {
    assert.match(f[0], /^Every 1\.0s: echo hello; uptime {10,}mp3: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    assert.equal(f[0].length, 80, 'the date ends at the right edge');
    assert.equal(f[1], '');
    assert.equal(f[2], 'hello');
    assert.match(f[3], /^ \d\d:\d\d:\d\d up /);
    if (i > 0) {
      const t = (x: string[]): number => Date.parse(`${x[0].slice(-20)} UTC`);
      assert.equal(t(f) - t(frames[i - 1]), 1000);
    }
  }
  assert.match(s.type('\x03'), /^\^C\nstudent@mp3:~\$ $/);
  // ^C ended the command's shell too
  assert.equal(s.run('ps | wc -l'), 'ps | wc -l\n4\nstudent@mp3:~$ ', 'bash, ps and wc');
});

test('watch: -t, -x, -g, command errors on the screen', () => {
  const s = startShell();
  const f = screens(s.type('watch -t -n 0.5 -x echo a b\r', 0.3e9))[0];
  assert.deepEqual(f, ['a b']);
  s.type('\x03');
  // the command's stderr is on the screen too
  const failed = screens(s.type('watch nope\r', 0.3e9))[0];
  assert.match(failed[2], /nope: command not found$/);
  s.type('\x03');
  // -g: the second run prints something else, and watch exits 0
  const out = s.run('watch -g -n 1 date +%s; echo status $?', 5e9);
  assert.match(out, /status 0\n/);
});

test('watch: usage errors', () => {
  assert.match(shs('watch'), /^\nUsage:\n watch \[options\] command\n[^]*\[1\]$/);
  assert.equal(shs('watch -n x ls'), "watch: failed to parse argument: 'x'\n[1]");
  assert.match(shs('watch -z ls'), /^watch: invalid option -- 'z'\n\nUsage:/);
});

test('watch helpers: the header line and the screen rows', () => {
  const time = ctime(Date.UTC(2025, 10, 25, 9, 0, 5));
  assert.equal(time, 'Tue Nov 25 09:00:05 2025');
  assert.equal(headerLine(2, 'free -m', 'mp3', time, 60), `Every 2.0s: free -m${' '.repeat(12)}mp3: Tue Nov 25 09:00:05 2025`);
  // too narrow for the whole command: cut, with "... " before the host name (watch.c counts
  // ctime's newline, hence the column between them)
  assert.equal(headerLine(2, 'cat /proc/meminfo /proc/vmstat', 'mp3', time, 50), 'Every 2.0s: cat ...  mp3: Tue Nov 25 09:00:05 2025');
  assert.equal(headerLine(2, 'x', 'mp3', time, 20), '');
  assert.deepEqual(screenRows('a\tb\n1234567890\n\nend\n', 10, 10), ['a       b', '1234567890', '', 'end']);
  assert.deepEqual(screenRows('1234567\n', 5, 10), ['12345', '67']);
  assert.deepEqual(screenRows('1\n2\n3\n', 5, 2), ['1', '2']);
});
