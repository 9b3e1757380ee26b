// seq(1) (GNU coreutils 8.32): seq [OPTION]... [FIRST [INCREMENT]] LAST
//   -s SEP  separator (default \n; the output still ends with a newline)
//   -w      equal width, padded with leading zeros
//   -f FMT  printf floating-point format (%e %f %g %E %F %G with flags, width, precision)
// Widths and precisions follow seq.c: the output has as many decimals as FIRST or INCREMENT,
// and value i is FIRST + i × INCREMENT (not a running sum), with seq's check that a value
// just past LAST which prints as LAST is still printed.
import type { Program } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { err, out } from './lib';
import { usageError } from './stream';

const USAGE = `Usage: seq [OPTION]... LAST
  or:  seq [OPTION]... FIRST LAST
  or:  seq [OPTION]... FIRST INCREMENT LAST
Print numbers from FIRST to LAST, in steps of INCREMENT.

  -f, --format=FORMAT      use printf style floating-point FORMAT
  -s, --separator=STRING   use STRING to separate numbers (default: \\n)
  -w, --equal-width        equalize width by padding with leading zeroes
      --help     display this help and exit
`;

/** One printf conversion for a floating-point value. */
export interface FloatSpec {
  flags: string;
  width?: number;
  precision?: number;
  /** e f g E F G */
  conv: string;
}

function expForm(ax: number, prec: number): string {
  const [mant, exp] = ax.toExponential(prec).split('e');
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** C printf of one double with %[flags][width][.prec](e|f|g|E|F|G). */
export function formatFloat(x: number, spec: FloatSpec): string {
  const prec = spec.precision ?? 6;
  const alt = spec.flags.includes('#');
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  const conv = spec.conv.toLowerCase();
  let body: string;
  if (!Number.isFinite(ax)) body = Number.isNaN(ax) ? 'nan' : 'inf';
  else if (conv === 'f') {
    body = ax < 1e21 ? ax.toFixed(Math.min(prec, 100)) : BigInt(Math.round(ax)).toString();
    if (prec === 0 && alt) body += '.';
  } else if (conv === 'e') {
    body = expForm(ax, Math.min(prec, 100));
    if (prec === 0 && alt) body = body.replace('e', '.e');
  } else {
    const p = prec === 0 ? 1 : Math.min(prec, 100);
    const exp = ax === 0 ? 0 : Number(expForm(ax, p - 1).split('e')[1]);
    body = exp < -4 || exp >= p ? expForm(ax, p - 1) : ax.toFixed(p - 1 - exp);
    if (!alt && body.includes('.')) {
      const [m, e] = body.split('e');
      body = m.replace(/0+$/, '').replace(/\.$/, '') + (e !== undefined ? `e${e}` : '');
    }
  }
  if (spec.conv !== conv) body = body.toUpperCase();
  const sign = neg ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  const width = spec.width ?? 0;
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(width - len);
  if (spec.flags.includes('0') && Number.isFinite(ax)) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

/** A parsed -f FORMAT: text before and after one floating-point directive ("%%" is a literal %). */
interface Format {
  prefix: string;
  spec: FloatSpec;
  suffix: string;
}

/** Parses -f FORMAT like seq's long_double_format(); a string is the error message. */
export function parseFormat(fmt: string): Format | string {
  let prefix = '';
  let i = 0;
  for (; i < fmt.length; i++) {
    if (fmt[i] !== '%') prefix += fmt[i];
    else if (fmt[i + 1] === '%') {
      prefix += '%';
      i++;
    } else break;
  }
  if (i >= fmt.length) return `format '${fmt}' has no % directive`;
  const m = /^%([-+ #0']*)(\d*)(?:\.(\d*))?([a-zA-Z]?)/.exec(fmt.slice(i))!;
  const conv = m[4];
  if (!conv) return `format '${fmt}' ends in %`;
  if (!'efgEFG'.includes(conv)) return `format '${fmt}' has unknown %${conv} directive`;
  let suffix = '';
  for (let j = i + m[0].length; j < fmt.length; j++) {
    if (fmt[j] !== '%') suffix += fmt[j];
    else if (fmt[j + 1] === '%') {
      suffix += '%';
      j++;
    } else return `format '${fmt}' has too many % directives`;
  }
  return {
    prefix,
    suffix,
    spec: { flags: m[1].replace(/'/g, ''), width: m[2] ? Number(m[2]) : undefined, precision: m[3] !== undefined ? Number(m[3] || 0) : undefined, conv },
  };
}

interface Operand {
  value: number;
  /** digits after the decimal point; Infinity when unknown (hex, inf) */
  precision: number;
  /** printed width of the number as given */
  width: number;
}

const NUMBER = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?)$/i;

/** seq.c's scan_arg: the value, and the precision and width the argument was written with. */
export function scanOperand(arg: string): Operand | undefined {
  if (!NUMBER.test(arg)) return undefined;
  const value = Number(arg.trim().replace(/inf(inity)?$/i, 'Infinity'));
  const a = arg.replace(/^[\s+]+/, '');
  const ret: Operand = { value, precision: Infinity, width: 0 };
  const dot = a.indexOf('.');
  if (dot < 0) ret.precision = 0;
  if (Number.isFinite(value)) {
    let fractionLen = 0;
    ret.width = a.length;
    if (dot >= 0) {
      fractionLen = a.slice(dot + 1).search(/[eE]|$/);
      ret.precision = fractionLen;
      ret.width += fractionLen === 0 ? -1 : dot === 0 || !/\d/.test(a[dot - 1]) ? 1 : 0;
    }
    const e = a.search(/[eE]/);
    if (e >= 0) {
      let exponent = parseInt(a.slice(e + 1), 10);
      ret.precision += exponent < 0 ? -exponent : -Math.min(ret.precision, exponent);
      ret.width -= a.length - e;
      if (exponent < 0) {
        if (dot >= 0) {
          if (e === dot + 1) ret.width++;
        } else ret.width++;
        exponent = -exponent;
      } else {
        if (dot >= 0 && ret.precision === 0 && fractionLen) ret.width--;
        exponent -= Math.min(fractionLen, exponent);
      }
      ret.width += exponent;
    }
  }
  return ret;
}

/** seq.c's get_default_format, as a FloatSpec. */
function defaultFormat(first: Operand, step: Operand, last: Operand, equalWidth: boolean): FloatSpec {
  const prec = Math.max(first.precision, step.precision);
  if (Number.isFinite(prec) && Number.isFinite(last.precision)) {
    if (equalWidth) {
      let firstWidth = first.width + (prec - first.precision);
      let lastWidth = last.width + (prec - last.precision);
      if (last.precision && prec === 0) lastWidth--;
      if (last.precision === 0 && prec) lastWidth++;
      if (first.precision === 0 && prec) firstWidth++;
      return { flags: '0', width: Math.max(firstWidth, lastWidth), precision: prec, conv: 'f' };
    }
    return { flags: '', precision: prec, conv: 'f' };
  }
  return { flags: '', conv: 'g' };
}

export const seq: Program = function* (sys, argv) {
  let separator = '\n';
  let format: string | undefined;
  let equalWidth = false;
  const o = parseGnuOptions(argv.slice(1), {
    short: 'f:s:w',
    long: { separator: 's:', format: 'f:', 'equal-width': 'w', help: 'H' },
    // a negative number is an operand, not an option (seq.c checks before getopt)
    claim: (a) => (/^-[\d.]/.test(a) ? 'operand' : undefined),
  });
  for (const [c, v] of o.options) {
    if (c === 'H') {
      yield* out(sys, USAGE);
      return 0;
    }
    if (c === 'w') equalWidth = true;
    else if (c === 's') separator = v!;
    else format = v;
  }
  if (o.error) return yield* usageError(sys, 'seq', o.error.message);
  const operands = o.operands;
  if (operands.length === 0) return yield* usageError(sys, 'seq', 'missing operand');
  if (operands.length > 3) return yield* usageError(sys, 'seq', `extra operand '${operands[3]}'`);
  if (format !== undefined && equalWidth) {
    return yield* usageError(sys, 'seq', 'format string may not be specified when printing equal width strings');
  }
  const scanned: Operand[] = [];
  for (const o of operands) {
    const s = scanOperand(o);
    if (!s) return yield* usageError(sys, 'seq', `invalid floating point argument: '${o}'`);
    scanned.push(s);
  }
  const one: Operand = { value: 1, precision: 0, width: 1 };
  const [first, step, last] = scanned.length === 1 ? [one, one, scanned[0]] : scanned.length === 2 ? [scanned[0], one, scanned[1]] : scanned;
  if (step.value === 0) return yield* usageError(sys, 'seq', `invalid Zero increment value: '${operands[1]}'`);
  let fmt: Format;
  if (format !== undefined) {
    const f = parseFormat(format);
    if (typeof f === 'string') {
      yield* err(sys, `seq: ${f}\n`);
      return 1;
    }
    fmt = f;
  } else fmt = { prefix: '', suffix: '', spec: defaultFormat(first, step, last, equalWidth) };
  const show = (x: number): string => fmt.prefix + formatFloat(x, fmt.spec) + fmt.suffix;

  const pastEnd = (x: number): boolean => (step.value < 0 ? x < last.value : last.value < x);
  if (pastEnd(first.value)) return 0;
  let text = '';
  let x = first.value;
  let outOfRange = false;
  for (let i = 1; ; i++) {
    text += show(x);
    if (outOfRange) break;
    const x0 = x;
    x = first.value + i * step.value;
    outOfRange = pastEnd(x);
    // a value just past LAST that prints as LAST is printed (0.1 steps that add up to a hair
    // more than LAST), unless it prints the same as the one before
    if (outOfRange && !(Number(formatFloat(x, fmt.spec)) === last.value && show(x) !== show(x0))) break;
    text += separator;
    if (text.length >= 16384) {
      if ((yield* out(sys, text)) < 0) return 1;
      text = '';
    }
  }
  text += '\n';
  return (yield* out(sys, text)) < 0 ? 1 : 0;
};
