// parseGnuOptions: the GNU getopt_long loop that cut, uniq, sort, nl, tr, cp, mv, pgrep, pkill,
// basename, dirname and seq share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGnuOptions, type GnuOptionSpec } from '../../src/programs/coreutils/gnuopts';

// cut's options
const CUT: GnuOptionSpec = {
  short: 'b:c:d:f:sn',
  long: {
    bytes: 'b:', characters: 'c:', delimiter: 'd:', fields: 'f:', 'only-delimited': 's', complement: 'C', 'output-delimiter': 'O:', help: 'H',
  },
};
const parse = (args: string, spec: GnuOptionSpec = CUT): ReturnType<typeof parseGnuOptions> => parseGnuOptions(args === '' ? [] : args.split(' '), spec);

test('gnuopts: short options, clusters and their values', () => {
  assert.deepEqual(parse('-s -n'), { options: [['s', undefined], ['n', undefined]], operands: [] });
  assert.deepEqual(parse('-sn'), { options: [['s', undefined], ['n', undefined]], operands: [] });
  // a letter that takes a value takes the rest of the cluster, else the next argument
  assert.deepEqual(parse('-snf2,3 x'), { options: [['s', undefined], ['n', undefined], ['f', '2,3']], operands: ['x'] });
  assert.deepEqual(parse('-sf 2 x'), { options: [['s', undefined], ['f', '2']], operands: ['x'] });
  assert.deepEqual(parse('-d:f1'), { options: [['d', ':f1']], operands: [] });
  // the next argument is the value even when it looks like an option, or is "--"
  assert.deepEqual(parse('-f -s'), { options: [['f', '-s']], operands: [] });
  assert.deepEqual(parse('-f -- x'), { options: [['f', '--']], operands: ['x'] });
  assert.deepEqual(parse('-f1 -f2'), { options: [['f', '1'], ['f', '2']], operands: [] });
});

test('gnuopts: long options, values and abbreviations', () => {
  assert.deepEqual(parse('--fields=2 --complement'), { options: [['f', '2'], ['C', undefined]], operands: [] });
  assert.deepEqual(parse('--fields 2 x'), { options: [['f', '2']], operands: ['x'] });
  assert.deepEqual(parse('--fields='), { options: [['f', '']], operands: [] });
  assert.deepEqual(parse('--fi=2 --only --he'), { options: [['f', '2'], ['s', undefined], ['H', undefined]], operands: [] });
  assert.deepEqual(parse('--output-delimiter=='), { options: [['O', '=']], operands: [] });
  // a value given to an option that takes none is dropped (see strictEquals)
  assert.deepEqual(parse('--complement=x'), { options: [['C', undefined]], operands: [] });
  // a name that is a whole option wins over the longer ones it begins
  const lines: GnuOptionSpec = { short: '', long: { line: 'l', lines: 'L:' } };
  assert.deepEqual(parse('--line --lines=3 --lines 4', lines).options, [['l', undefined], ['L', '3'], ['L', '4']]);
});

test('gnuopts: errors stop parsing; the options before them are kept', () => {
  assert.deepEqual(parse('-s -z -n'), {
    options: [['s', undefined]], operands: [],
    error: { kind: 'invalid', option: 'z', message: "invalid option -- 'z'" },
  });
  // within a cluster too, as getopt returns the letters one by one
  assert.deepEqual(parse('x -snz y').options, [['s', undefined], ['n', undefined]]);
  assert.deepEqual(parse('-s -f').error, { kind: 'missing', option: 'f', message: "option requires an argument -- 'f'" });
  assert.deepEqual(parse('-f1 --fields').error, { kind: 'missing', option: '--fields', message: "option '--fields' requires an argument" });
  assert.deepEqual(parse('--fi').error, { kind: 'missing', option: '--fields', message: "option '--fields' requires an argument" });
  assert.deepEqual(parse('--c=1').error, { kind: 'ambiguous', option: '--c=1', message: "option '--c=1' is ambiguous" });
  assert.deepEqual(parse('--bogus x').error, { kind: 'unrecognized', option: '--bogus', message: "unrecognized option '--bogus'" });
  assert.equal(parse('---s').error?.message, "unrecognized option '---s'");
  // "--=x": the empty name begins every long name, as in glibc
  assert.equal(parse('--=x').error?.message, "option '--=x' is ambiguous");
  // the letters a command uses for its long-only options are not short options
  assert.equal(parse('-C').error?.message, "invalid option -- 'C'");
  assert.equal(parse('-H').error?.message, "invalid option -- 'H'");
  // names come from the spec only, not from Object.prototype
  assert.equal(parse('--constructor').error?.message, "unrecognized option '--constructor'");
  assert.equal(parse('--__proto__').error?.message, "unrecognized option '--__proto__'");
});

test('gnuopts: "--", "-" and operands mixed with options (GNU permutes)', () => {
  assert.deepEqual(parse('a -s b - c'), { options: [['s', undefined]], operands: ['a', 'b', '-', 'c'] });
  assert.deepEqual(parse('-s -- -n --x -'), { options: [['s', undefined]], operands: ['-n', '--x', '-'] });
  assert.deepEqual(parse('-- --'), { options: [], operands: ['--'] });
  assert.deepEqual(parseGnuOptions(['', '-s'], CUT), { options: [['s', undefined]], operands: [''] });
  // operands after an error are not collected
  assert.deepEqual(parse('a -z b').operands, ['a']);
});

test('gnuopts: exact long names, strict "=", and claimed arguments', () => {
  const exact: GnuOptionSpec = { ...CUT, exact: true };
  assert.deepEqual(parse('--fields=1 --complement', exact).options, [['f', '1'], ['C', undefined]]);
  assert.equal(parse('--fi=1', exact).error?.message, "unrecognized option '--fi=1'");
  assert.equal(parse('--c', exact).error?.message, "unrecognized option '--c'");

  // with strictEquals "=" begins a value only for an option that takes one
  const strict: GnuOptionSpec = { ...CUT, strictEquals: true };
  assert.deepEqual(parse('--fields=1 --fi=2 --complement', strict).options, [['f', '1'], ['f', '2'], ['C', undefined]]);
  assert.equal(parse('--complement=x', strict).error?.message, "unrecognized option '--complement=x'");
  assert.equal(parse('--comp=', strict).error?.message, "unrecognized option '--comp='");
  assert.equal(parse('--=x', strict).error?.message, "option '--=x' is ambiguous");
  assert.equal(parse('--=x', { short: 'd', long: { delete: 'd' }, strictEquals: true }).error?.message, "unrecognized option '--=x'");

  // pkill: -SIGNAL is one option; seq: a negative number is an operand
  const pkill: GnuOptionSpec = {
    short: 'eu:', long: { signal: 'S:' },
    claim: (a) => (/^-(\d+|[A-Z]+)$/.test(a) ? ['S', a.slice(1)] : /^-[\d.]/.test(a) ? 'operand' : undefined),
  };
  assert.deepEqual(parse('-9 -e -KILL -u -1 x -1.5 -eu0', pkill), {
    options: [['S', '9'], ['e', undefined], ['S', 'KILL'], ['u', '-1'], ['e', undefined], ['u', '0']],
    operands: ['x', '-1.5'],
  });
  // an argument taken as a value is not offered to claim, nor is anything after "--"
  assert.deepEqual(parse('--signal -9 -- -9', pkill), { options: [['S', '-9']], operands: ['-9'] });
});
