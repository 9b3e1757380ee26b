// printf(1) of GNU coreutils (bash's builtin prints the same): FORMAT with \ escapes and the
// conversions %d %i %u %o %x %X %c %s %b %f %F %e %E %g %G %%, flags "-+ #0", width and precision
// (also `*`). The format is reused while arguments remain; a missing argument is 0 or "".
import { strerror } from '../../kernel/errno';
import type { Program } from '../../kernel/uapi';
import { err, out } from './lib';

/** Backslash escapes of the format (and of %b arguments, where `\c` stops all output). */
function unescape(s: string, forB: boolean): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v', e: '\x1b', '"': '"' };
    if (n in simple) text += simple[n];
    else if (n === 'c' && forB) return { text, stop: true };
    else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (m) {
        text += String.fromCharCode(Number.parseInt(m[0], 16));
        i += m[0].length;
      } else text += '\\x';
    } else if (/[0-7]/.test(n)) {
      // \NNN in the format; %b takes \0NNN
      const digits = /^[0-7]{0,3}/.exec(s.slice(forB && n === '0' ? i + 1 : i))![0];
      const len = forB && n === '0' ? digits.length : digits.length - 1;
      text += String.fromCharCode(Number.parseInt(forB && n === '0' ? digits || '0' : digits, 8) & 0xff);
      i += len;
    } else text += `\\${n}`;
  }
  return { text, stop: false };
}

/** A numeric argument as C's strtol/strtod read it, with 'c (a character's code). */
function numeric(arg: string, float: boolean): { value: number; ok: boolean } {
  if (arg === '') return { value: 0, ok: true };
  if (/^['"]/.test(arg)) return { value: arg.length > 1 ? arg.codePointAt(1)! : 0, ok: true };
  const t = arg.trim();
  if (!float && /^[-+]?(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.test(t)) {
    const neg = t.startsWith('-');
    const body = t.replace(/^[-+]/, '');
    const v = /^0x/i.test(body) ? Number.parseInt(body, 16) : body.length > 1 && body.startsWith('0') ? Number.parseInt(body, 8) : Number(body);
    return { value: neg ? -v : v, ok: true };
  }
  const v = Number(t);
  if (t !== '' && Number.isFinite(v)) return { value: float ? v : Math.trunc(v), ok: float || Number.isInteger(v) };
  const lead = /^[-+]?\d+(\.\d*)?/.exec(t);
  return { value: lead ? Number(lead[0]) : 0, ok: false };
}

function pad(body: string, flags: string, width: number, numericZero: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes('-')) return body.padEnd(width);
  if (numericZero && flags.includes('0')) {
    const sign = /^[-+ ]/.test(body) ? body[0] : '';
    const prefix = /^[-+ ]?0[xX]/.test(body) ? body.slice(sign.length, sign.length + 2) : '';
    const rest = body.slice(sign.length + prefix.length);
    return sign + prefix + rest.padStart(width - sign.length - prefix.length, '0');
  }
  return body.padStart(width);
}

/**
 * toFixed with glibc's rounding: a value exactly halfway (2.25 to one decimal) rounds to even
 * (2.2), where JavaScript rounds up. toFixed(100) gives the double's exact decimal digits.
 */
function toFixedC(v: number, prec: number): string {
  const s = v.toFixed(prec);
  if (prec >= 100 || !Number.isFinite(v)) return s;
  const exact = Math.abs(v).toFixed(Math.min(100, prec + 60));
  const cut = exact.indexOf('.') + 1 + prec - (prec === 0 ? 1 : 0);
  if (!/^50*$/.test(exact.slice(prec === 0 ? exact.indexOf('.') + 1 : cut))) return s;
  const kept = exact.slice(0, prec === 0 ? exact.indexOf('.') : cut);
  const lastDigit = Number(kept.replace('.', '').slice(-1));
  if (lastDigit % 2 === 1) return s; // odd: rounding up makes it even, as JavaScript did
  return `${v < 0 ? '-' : ''}${kept}`;
}

function cFloat(v: number, conv: string, prec: number, flags: string): string {
  let s: string;
  const lower = conv.toLowerCase();
  if (!Number.isFinite(v)) s = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
  else if (lower === 'f') s = toFixedC(v, prec);
  else if (lower === 'e') s = v.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2');
  else {
    // %g: the shorter of %e and %f with `prec` significant digits, trailing zeros removed
    const p = prec === 0 ? 1 : prec;
    const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(v.toPrecision(p)))));
    s = exp < -4 || exp >= p ? v.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2') : toFixedC(v, Math.max(0, p - 1 - exp));
    if (!flags.includes('#') && s.includes('.')) s = s.replace(/\.?0+(e|$)/, '$1');
  }
  if (conv === conv.toUpperCase()) s = s.toUpperCase();
  if (v >= 0 && flags.includes('+')) s = `+${s}`;
  else if (v >= 0 && flags.includes(' ')) s = ` ${s}`;
  return s;
}

/** The output of printf FORMAT ARGS…, and the messages of bad numeric arguments. */
export function formatPrintf(format: string, args: readonly string[]): { text: string; errors: string[] } {
  const errors: string[] = [];
  let text = '';
  let next = 0;
  const take = (): string | undefined => (next < args.length ? args[next++] : undefined);
  for (;;) {
    const consumedBefore = next;
    const re = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcsbfFeEgG%])|%|([^%]+)/g;
    for (const m of format.matchAll(re)) {
      if (m[5] !== undefined) {
        const u = unescape(m[5], false);
        text += u.text;
        continue;
      }
      if (m[4] === undefined) {
        errors.push(`printf: ${JSON.stringify(format.slice(m.index)).slice(1, -1)}: invalid conversion specification`);
        return { text, errors };
      }
      const [, flags, w, p, conv] = m;
      if (conv === '%') {
        text += '%';
        continue;
      }
      const width = w === '*' ? numeric(take() ?? '', false).value : w ? Number(w) : 0;
      const precArg = p === '*' ? numeric(take() ?? '', false).value : p === undefined ? undefined : Number(p || '0');
      const fl = width < 0 ? `${flags}-` : flags;
      const wd = Math.abs(width);
      const arg = take() ?? '';
      const bad = (a: string): void => {
        errors.push(`printf: '${a}': expected a numeric value`);
      };
      if (conv === 's' || conv === 'b') {
        let s = conv === 'b' ? unescape(arg, true) : { text: arg, stop: false };
        if (precArg !== undefined) s = { ...s, text: s.text.slice(0, precArg) };
        text += pad(s.text, fl, wd, false);
        if (s.stop) return { text, errors };
      } else if (conv === 'c') {
        text += pad(arg.slice(0, 1), fl, wd, false);
      } else if ('fFeEgG'.includes(conv)) {
        const n = numeric(arg, true);
        if (!n.ok) bad(arg);
        text += pad(cFloat(n.value, conv, precArg ?? 6, fl), fl, wd, true);
      } else {
        const n = numeric(arg, false);
        if (!n.ok) bad(arg);
        let v = BigInt(Math.trunc(n.value));
        if ('ouxX'.includes(conv) && v < 0n) v = BigInt.asUintN(64, v);
        let digits = conv === 'o' ? v.toString(8) : conv === 'x' ? v.toString(16) : conv === 'X' ? v.toString(16).toUpperCase() : (v < 0n ? -v : v).toString();
        if (precArg !== undefined) digits = precArg === 0 && v === 0n ? '' : digits.padStart(precArg, '0');
        if (fl.includes('#') && v !== 0n) digits = conv === 'o' ? `0${digits}` : conv === 'x' ? `0x${digits}` : conv === 'X' ? `0X${digits}` : digits;
        const sign = 'di'.includes(conv) ? (v < 0n ? '-' : fl.includes('+') ? '+' : fl.includes(' ') ? ' ' : '') : '';
        text += pad(sign + digits, fl, wd, precArg === undefined);
      }
    }
    // the format is used again while arguments remain (and consumed some on this round)
    if (next >= args.length || next === consumedBefore) break;
  }
  return { text, errors };
}

export const printf: Program = function* (sys, argv) {
  const args = argv.slice(1);
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    yield* err(sys, "printf: missing operand\nTry 'printf --help' for more information.\n");
    return 1;
  }
  const { text, errors } = formatPrintf(args[0], args.slice(1));
  const w = yield* out(sys, text);
  for (const e of errors) yield* err(sys, `${e}\n`);
  if (w < 0) {
    // close_stdout(): what could not be written is an error of its own
    yield* err(sys, `printf: write error: ${strerror(w)}\n`);
    return 1;
  }
  return errors.length ? 1 : 0;
};
