// Brace expansion, the first of bash's expansions: `work{1,2}.data` is two words, `{1..5}` five,
// `{01..10..3}` is 01 04 07 10, `{a..e}` letters. Only unquoted braces count, and only within
// one stretch of literal text of a word (`$x{a,b}` works; a brace around `$x` stays as it is —
// a simplification). A brace with neither a comma nor a valid sequence is left alone. Pure.
import type { Word } from './ast';

/** More words than this from one word: left unexpanded (bash would try to allocate them all). */
const MAX_WORDS = 100_000;

/** The words `word` brace-expands to (itself alone when it has no brace expression). */
export function braceExpand(word: Word): Word[] {
  // one brace at a time, each word replaced in place by its alternatives, until none is left
  // (iterative, so that a word with thousands of braces costs no stack)
  let words: Word[] = [word];
  for (let changed = true; changed;) {
    changed = false;
    const next: Word[] = [];
    for (const w of words) {
      const alternatives = expandFirstBrace(w);
      if (alternatives) {
        changed = true;
        next.push(...alternatives);
      } else {
        next.push(w);
      }
      if (next.length > MAX_WORDS) return [word];
    }
    words = next;
  }
  return words;
}

/** The words for the first brace expression of `word`, or undefined when it has none. */
function expandFirstBrace(word: Word): Word[] | undefined {
  for (let i = 0; i < word.length; i++) {
    const part = word[i];
    if (part.t !== 'lit' || part.q) continue;
    const found = findBrace(part.s);
    if (!found) continue;
    const before = part.s.slice(0, found.open);
    const after = part.s.slice(found.close + 1);
    return found.alternatives.map((alt) => {
      const text = before + alt + after;
      return [...word.slice(0, i), ...(text === '' ? [] : [{ t: 'lit' as const, s: text, q: false }]), ...word.slice(i + 1)];
    });
  }
  return undefined;
}

/** The first brace expression in `s` that expands: where it is and what it stands for. */
function findBrace(s: string): { open: number; close: number; alternatives: string[] } | undefined {
  for (let open = s.indexOf('{'); open >= 0; open = s.indexOf('{', open + 1)) {
    const close = matchingBrace(s, open);
    if (close < 0) continue;
    const inner = s.slice(open + 1, close);
    const list = splitTopLevel(inner);
    if (list.length > 1) return { open, close, alternatives: list };
    const seq = sequence(inner);
    if (seq) return { open, close, alternatives: seq };
  }
  return undefined;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The comma-separated alternatives of a brace's inside, commas in nested braces not counting. */
function splitTopLevel(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  out.push(inner.slice(start));
  return out;
}

/** {x..y[..step]} over integers (zero-padded when an end is) or single letters. */
function sequence(inner: string): string[] | undefined {
  const num = /^([+-]?\d+)\.\.([+-]?\d+)(?:\.\.([+-]?\d+))?$/.exec(inner);
  if (num) {
    const [a, b] = [Number(num[1]), Number(num[2])];
    const step = Math.abs(Number(num[3] ?? 1)) || 1;
    if (Math.abs(b - a) / step >= MAX_WORDS) return undefined;
    const padded = /^[+-]?0\d/.test(num[1]) || /^[+-]?0\d/.test(num[2]);
    const width = padded ? Math.max(num[1].length, num[2].length) : 0;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
      const digits = String(Math.abs(v)).padStart(v < 0 ? width - 1 : width, '0');
      out.push(v < 0 ? `-${digits}` : digits);
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([+-]?\d+))?$/.exec(inner);
  if (chr) {
    const [a, b] = [chr[1].charCodeAt(0), chr[2].charCodeAt(0)];
    const step = Math.abs(Number(chr[3] ?? 1)) || 1;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) out.push(String.fromCharCode(v));
    return out;
  }
  return undefined;
}
