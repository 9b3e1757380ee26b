// top (procps-ng 3.3.17) on the simulated machine: its layout, and its numbers against
// /proc/meminfo, /proc/stat, free and ps for the same machine state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShell, shs, sh } from './shellHarness';
import { scaleMem, timePlus } from '../../src/programs/coreutils/top';


const HEADER = '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND';

interface Row {
  pid: number; user: string; pr: string; ni: number; virt: number; res: number; shr: number; s: string; cpu: number; mem: number; time: string; command: string;
}

/** Splits a task row by top's fixed column widths (checking the blanks between them). */
function parseRow(line: string): Row {
  const m = /^( {0,6}\d+) (.{8}) (.{3}) (.{3}) (.{7}) (.{6}) (.{6}) (\S) (.{5}) (.{5}) (.{9}) (.*)$/.exec(line);
  assert.ok(m, `row layout: ${JSON.stringify(line)}`);
  return {
    pid: Number(m[1]), user: m[2].trim(), pr: m[3].trim(), ni: Number(m[4]), virt: Number(m[5]), res: Number(m[6]), shr: Number(m[7]),
    s: m[8], cpu: Number(m[9]), mem: Number(m[10]), time: m[11].trim(), command: m[12],
  };
}

interface Frame {
  lines: string[];
  tasks: number[];
  cpu: number[];
  mem: number[];
  swap: number[];
  rows: Row[];
}

function parseFrame(text: string): Frame {
  const lines = text.split('\n');
  assert.match(lines[0], /^top - \d\d:\d\d:\d\d up +\d+ min, {2}1 user, {2}load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/);
  const tasks = /^Tasks: +(\d+) total, +(\d+) running, +(\d+) sleeping, +(\d+) stopped, +(\d+) zombie$/.exec(lines[1]);
  const cpu = /^%Cpu\(s\): *([\d.]+) us, *([\d.]+) sy, *([\d.]+) ni, *([\d.]+) id, *([\d.]+) wa, *([\d.]+) hi, *([\d.]+) si, *([\d.]+) st$/.exec(lines[2]);
  const mem = /^MiB Mem : +(\d+\.\d) total, +(\d+\.\d) free, +(\d+\.\d) used, +(\d+\.\d) buff\/cache$/.exec(lines[3]);
  const swap = /^MiB Swap: +(\d+\.\d) total, +(\d+\.\d) free, +(\d+\.\d) used\. +(\d+\.\d) avail Mem$/.exec(lines[4]);
  assert.ok(tasks && cpu && mem && swap, `summary:\n${lines.slice(0, 5).join('\n')}`);
  assert.equal(lines[5], '');
  assert.equal(lines[6], HEADER);
  // the summary's columns line up as procps prints them
  assert.equal(lines[3].indexOf('total'), lines[4].indexOf('total'));
  assert.equal(lines[3].indexOf('free'), lines[4].indexOf('free'));
  return {
    lines,
    tasks: tasks.slice(1).map(Number),
    cpu: cpu.slice(1).map(Number),
    mem: mem.slice(1).map(Number),
    swap: swap.slice(1).map(Number),
    rows: lines.slice(7).map(parseRow),
  };
}

/** Frames of batch output: one blank line between them, a newline after the last. */
function frames(out: string): Frame[] {
  assert.ok(out.endsWith('\n') && !out.endsWith('\n\n'), 'batch output ends with one newline');
  return out.slice(0, -1).split('\n\n').reduce<string[]>((acc, part) => {
    // the blank line inside a frame (before the column header) is not a frame boundary
    if (part.startsWith('top - ') || acc.length === 0) acc.push(part);
    else acc[acc.length - 1] += `\n\n${part}`;
    return acc;
  }, []).map(parseFrame);
}

test('top -b -n 1: the summary and the task table', () => {
  const [f, ...more] = frames(sh('top -b -n 1'));
  assert.equal(more.length, 0);
  // init, kthreadd, kswapd0, two kworkers, bash and top itself
  assert.deepEqual(f.tasks, [7, 1, 6, 0, 0]);
  assert.deepEqual(f.rows.map((r) => r.pid), [1, 2, 3, 4, 5, 1000, 1001]);
  assert.deepEqual(f.rows.map((r) => r.user), ['root', 'root', 'root', 'root', 'root', 'student', 'student']);
  assert.deepEqual(f.rows.at(-1), { pid: 1001, user: 'student', pr: '20', ni: 0, virt: 0, res: 0, shr: 0, s: 'R', cpu: 0, mem: 0, time: '0:00.00', command: 'top' });
  assert.equal(f.cpu.reduce((a, b) => a + b, 0).toFixed(0), '100');
  assert.match(sh('top -b -n 1 | head -2 | tail -1'), /^Tasks: /);
});

test('top agrees with /proc/meminfo, free and ps on the same machine state', () => {
  // two work processes (no module loaded: the lab's get_cpu_use() would reset their counters),
  // stopped so that nothing changes while the three tools look
  const out = sh('./work 100 R 300000 > /dev/null 2>&1 & A=$!; nice -n 5 ./work 50 R 300000 > /dev/null 2>&1 & B=$!; sleep 2.5; ' +
    'kill -STOP $A $B; sleep 0.2; echo $A $B; cat /proc/meminfo; echo @@; top -b -n 1; echo @@; ps -eo pid,user,ni,vsz,rss,s,time,comm; echo @@; free -k');
  const [head, topOut, psOut, freeOut] = out.split('@@\n');
  const [pids, ...meminfoLines] = head.split('\n');
  const [a, b] = pids.split(' ').map(Number);
  const meminfo = new Map(meminfoLines.filter(Boolean).map((l) => [l.split(':')[0], Number(/(\d+) kB/.exec(l)![1])]));
  const f = frames(topOut)[0];
  const kb = (k: string): number => meminfo.get(k)!;
  const mib = (v: number): number => Number((v / 1024).toFixed(1));
  const buffCache = kb('Buffers') + kb('Cached');
  assert.deepEqual(f.mem, [mib(kb('MemTotal')), mib(kb('MemFree')), mib(kb('MemTotal') - kb('MemFree') - buffCache), mib(buffCache)]);
  assert.deepEqual(f.swap, [mib(kb('SwapTotal')), mib(kb('SwapFree')), mib(kb('SwapTotal') - kb('SwapFree')), mib(kb('MemAvailable'))]);
  // free -k: total used free ... available, the same memory in KiB
  const freeMem = freeOut.split('\n')[1].trim().split(/\s+/).slice(1).map(Number);
  assert.deepEqual([mib(freeMem[0]), mib(freeMem[2]), mib(freeMem[1]), mib(freeMem[5])], [f.mem[0], f.mem[1], f.mem[2], f.swap[3]]);

  const ps = psOut.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  // each tool counts itself and not the other: the same number of tasks, the same states
  assert.equal(f.tasks[0], ps.length);
  assert.equal(f.tasks[3], ps.filter((p) => p[5] === 'T').length);
  assert.equal(f.tasks[3], 2);
  assert.equal(f.tasks[1], ps.filter((p) => p[5] === 'R').length);
  for (const r of f.rows) {
    if (r.command === 'top') continue;
    const p = ps.find((x) => Number(x[0]) === r.pid);
    assert.ok(p, `pid ${r.pid} in ps`);
    const [, user, ni, vsz, rss, s, time, comm] = p;
    assert.deepEqual([r.user, r.ni, r.virt, r.res, r.s, r.command], [user, Number(ni), Number(vsz), Number(rss), s, comm], `pid ${r.pid}`);
    // TIME+ (hundredths) and ps TIME (whole seconds) name the same CPU time
    const [min, sec] = r.time.split(':').map(Number);
    const [hh, mm, ss] = time.split(':').map(Number);
    assert.equal(Math.floor(min * 60 + sec), hh * 3600 + mm * 60 + ss, `pid ${r.pid} time`);
    assert.equal(r.mem, Number(((r.res * 100) / kb('MemTotal')).toFixed(1)));
    assert.equal(r.pr, String(20 + r.ni));
  }
  const workA = f.rows.find((r) => r.pid === a)!;
  const workB = f.rows.find((r) => r.pid === b)!;
  assert.deepEqual([workA.s, workB.s, workB.ni], ['T', 'T', 5]);
  assert.ok(workA.res > 100 * 1024 * 0.9 && workA.virt >= 100 * 1024, `work 100 MB: RES ${workA.res} VIRT ${workA.virt}`);
});

test('top: %CPU over the interval, sorted, and %Cpu(s) from /proc/stat', () => {
  const out = sh('./work 100 R 3000000 > /dev/null 2>&1 & sleep 2; cat /proc/stat | head -1; top -b -n 2 -d 1');
  const statLine = out.split('\n')[0].split(/\s+/).slice(1).map(Number);
  const [f1, f2] = frames(out.slice(out.indexOf('\n') + 1));
  // the first frame's %Cpu(s) is since boot (top has no earlier sample): what /proc/stat said
  const total = statLine.slice(0, 8).reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(f1.cpu[0] - (statLine[0] * 100) / total) < 1.5, `us ${f1.cpu[0]} vs ${(statLine[0] * 100) / total}`);
  assert.ok(f2.cpu[0] > 0 && Math.abs(f2.cpu.reduce((x, y) => x + y, 0) - 100) < 0.5);
  // sorted by %CPU, the busy work process first; its %CPU is its TIME+ growth over the 1 s delay
  const cpus = f2.rows.map((r) => r.cpu);
  assert.deepEqual(cpus, [...cpus].sort((x, y) => y - x));
  const w2 = f2.rows[0];
  assert.equal(w2.command, 'work');
  const w1 = f1.rows.find((r) => r.pid === w2.pid)!;
  const hundredths = (t: string): number => Math.round(Number(t.split(':')[0]) * 6000 + Number(t.split(':')[1]) * 100);
  const grew = hundredths(w2.time) - hundredths(w1.time);
  assert.ok(grew > 0 && Math.abs(w2.cpu - grew) <= Math.max(1.5, grew * 0.05), `%CPU ${w2.cpu} vs TIME+ growth ${grew}/100 s`);
});

test('top: -p -u -o -c -i select and order tasks', () => {
  let f = frames(sh('top -b -n 1 -p $$,1'))[0];
  assert.deepEqual([f.tasks[0], f.rows.map((r) => r.pid).sort((x, y) => x - y)], [2, [1, 1000]]);
  f = frames(sh('top -b -n 1 -u root'))[0];
  assert.ok(f.rows.length === 5 && f.rows.every((r) => r.user === 'root'));
  f = frames(sh('sleep 5 & top -b -n 1 -o PID'))[0];
  assert.deepEqual(f.rows.map((r) => r.pid), [...f.rows.map((r) => r.pid)].sort((x, y) => y - x));
  f = frames(sh('top -bn1 -o -PID'))[0];
  assert.deepEqual(f.rows.map((r) => r.pid), [1, 2, 3, 4, 5, 1000, 1001]);
  f = frames(sh('top -b -n 1 -c -p $$'))[0];
  assert.equal(f.rows[0].command, 'bash -c top -b -n 1 -c -p $$');
  f = frames(sh('top -b -n 1 -i'))[0];
  assert.ok(f.rows.every((r) => r.command === 'top' || r.cpu > 0));
});

test('top: several frames, a blank line apart, delay in simulated seconds', () => {
  const fs = frames(sh('top -b -n 3 -d 2'));
  assert.equal(fs.length, 3);
  const secs = fs.map((f) => f.lines[0].slice(6, 14).split(':').map(Number)).map(([h, m, s]) => h * 3600 + m * 60 + s);
  assert.deepEqual([secs[1] - secs[0], secs[2] - secs[1]], [2, 2]);
});

test('top: option errors and a non-terminal without -b', () => {
  assert.equal(shs('top -b -d x'), "top: bad delay interval 'x'\n[1]");
  assert.equal(shs('top -b -n x'), "top: bad iterations argument 'x'\n[1]");
  assert.equal(shs('top -z'), "top: unknown option 'z'\nUsage:\n  top -hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w [cols]\n[1]");
  assert.equal(shs('top -b -o foo'), "top: unrecognized field name 'foo'\n[1]");
  assert.equal(shs('top -b -u bob'), 'top: Invalid user\n[1]');
  assert.equal(shs('top -n 1 > f'), 'top: failed tty get\n[1]');
});

test('top on a terminal: redraws every -d seconds within the window until ^C', () => {
  const s = startShell({}, { cols: 60 });
  const shown = s.type('top -d 1\r', 2.5e9);
  // the first frame clears the screen, the next ones go home and overwrite
  assert.equal(shown.split('\x1b[H\x1b[2J').length - 1, 1);
  assert.equal(shown.split('\x1b[H').length - 1, 3);
  const screens = shown.split('\x1b[H').slice(1).map((f) => f.replace('\x1b[2J', ''));
  for (const screen of screens) {
    const lines = screen.split('\n');
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    // eslint-disable-next-line no-control-regex
    for (const l of lines) assert.ok(l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').length <= 60, l);
    assert.match(lines[0], /^top - /);
    assert.ok(lines[6].startsWith('\x1b[7m    PID USER'), 'column header in reverse video');
  }
  // a resized window is used from the next frame on
  (s.tty as unknown as { resize(size: { rows: number; cols: number }): void }).resize({ rows: 9, cols: 100 });
  const resized = s.type('', 1e9).split('\x1b[H').slice(1)[0].split('\n');
  assert.equal(resized.length, 9);
  assert.equal(resized[6], `\x1b[7m${HEADER.padEnd(100)}\x1b[m`);
  assert.ok(s.alive());
  const after = s.type('\x03');
  assert.match(after, /\^C\nstudent@mp3:~\$ $/);
  assert.match(s.run('echo $?'), /^echo \$\?\n130\n/);
});

test('top helpers: memory scaling and TIME+', () => {
  assert.equal(scaleMem(204800, 6), '204800');
  assert.equal(scaleMem(1000000, 6), '976.6m');
  assert.equal(scaleMem(1048576, 6), '1.000g');
  assert.equal(scaleMem(1048576, 7), '1048576');
  assert.equal(scaleMem(20000000, 7), '19.073g');
  assert.equal(timePlus(12345), '2:03.45');
  assert.equal(timePlus(5), '0:00.05');
});
