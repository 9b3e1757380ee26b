// printf(1): the conversions, flags and escapes as C's printf and GNU printf produce them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrintf } from '../../src/programs/coreutils/printf';
import { runScript, startShell } from './shellHarness';

const PROMPT = 'student@mp3:~$ ';

test('printf: conversions, flags, width and precision give C printf output', () => {
  const cases: Array<[string, string[], string]> = [
    ['%d|%5d|%-5d|%05d|%+d|% d', ['42', '42', '42', '42', '42', '42'], '42|   42|42   |00042|+42| 42'],
    ['%x %X %#x %o %#o %u', ['255', '255', '255', '8', '8', '7'], 'ff FF 0xff 10 010 7'],
    ['%x', ['-1'], 'ffffffffffffffff'],
    ['%d %d %d', ['0x10', '010', "'A"], '16 8 65'],
    ['%.3d|%.0d|', ['7', '0'], '007||'],
    ['%f|%.2f|%8.3f|%-8.1f|', ['3.14159', '3.14159', '3.14159', '2.25'], '3.141590|3.14|   3.142|2.2     |'],
    ['%e|%E|%.1e', ['12345.678', '0.000123', '9.96'], '1.234568e+04|1.230000E-04|1.0e+01'],
    ['%g %g %g %g %g %g', ['100000', '1000000', '0.0001', '0.00001', '1.5', '123456789'], '100000 1e+06 0.0001 1e-05 1.5 1.23457e+08'],
    ['%s|%5s|%-5s|%.2s|%c', ['abc', 'ab', 'ab', 'abc', 'xyz'], 'abc|   ab|ab   |ab|x'],
    ['%*d|%-*d|%.*f', ['4', '1', '4', '2', '1', '3.14159'], '   1|2   |3.1'],
    ['%b|%s', ['a\\tb\\n', 'a\\tb'], 'a\tb\n|a\\tb'],
    ['a\\tb\\x41\\101\\\\%%\\n', [], 'a\tbAA\\%\n'],
    ['%s=%d\\n', ['a', '1', 'b', '2', 'c'], 'a=1\nb=2\nc=0\n'], // the format repeats; a missing number is 0
    ['%b stop\\n', ['x\\cy'], 'x'],
    // glibc rounds an exact half to even; 2.35 and 0.0005 are not exact halves in binary
    ['%.1f %.1f %.0f %.0f %.0f %.2f %.3f %.1f', ['2.25', '2.35', '2.5', '3.5', '0.5', '1.005', '0.0005', '-2.25'], '2.2 2.4 2 4 0 1.00 0.001 -2.2'],
  ];
  for (const [fmt, args, want] of cases) {
    const r = formatPrintf(fmt, args);
    assert.deepEqual(r, { text: want, errors: [] }, `${fmt} ${args.join(' ')}`);
  }
  assert.deepEqual(formatPrintf('%d|%d\\n', ['abc', '3x']), {
    text: '0|3\n',
    errors: ["printf: 'abc': expected a numeric value", "printf: '3x': expected a numeric value"],
  });
});

test('printf in the shell: a report line of case study 2, errors and status', () => {
  const r = runScript('for n in 5 11; do printf "N=%2d  U=%.3f\\n" $n 0.0$n; done; printf "%d\\n" x; echo $?; printf');
  // printf is a bash builtin: bash's words for a bad number and a missing format
  assert.equal(r.out, 'N= 5  U=0.050\nN=11  U=0.011\n0\nbash: line 1: printf: x: invalid number\n1\nbash: line 1: printf: usage: printf [-v var] format [arguments]\n');
  assert.equal(r.status, 2);
  assert.equal(runScript("/bin/printf '%d\\n' x; echo $?; /bin/printf").out, "0\nprintf: 'x': expected a numeric value\n1\nprintf: missing operand\nTry 'printf --help' for more information.\n");
});

test('a failed write is reported, status 1: printf (builtin and /bin), echo, head into /proc/mp3/status', () => {
  const s = startShell();
  s.run('insmod mp3.ko');
  const line = (l: string): string => s.run(l).replace(`${l}\n`, '');
  assert.equal(line('printf "R 99999\\n" > /proc/mp3/status; echo $?'), `bash: printf: write error: No such process\n1\n${PROMPT}`);
  assert.equal(line('/bin/printf "R 99999\\n" > /proc/mp3/status; echo $?'), `printf: write error: No such process\n1\n${PROMPT}`);
  assert.equal(line('echo "R 99999" > /proc/mp3/status; echo $?'), `bash: echo: write error: No such process\n1\n${PROMPT}`);
  assert.equal(line('echo "R 99999" | head -1 > /proc/mp3/status; echo $?'), `head: error writing 'standard output': No such process\n1\n${PROMPT}`);
});
