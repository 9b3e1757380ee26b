// Just enough of a C lexer for the grader's source checks: which lines hold a comment, and
// which tokens are floating point. Strings and character literals are skipped so that
// "http://x" or '/' never start a comment, and a "1.5" inside a string is no float.

export interface CLines {
  /** Lines that are not blank. */
  lines: number;
  /** Lines that hold (part of) a comment. */
  commentLines: number;
}

export interface FloatUse {
  line: number;
  column: number;
  text: string;
}

interface Scan {
  commentLines: Set<number>;
  floats: FloatUse[];
}

function scan(source: string): Scan {
  const commentLines = new Set<number>();
  const floats: FloatUse[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const n = source.length;
  const advance = (count: number): void => {
    for (let k = 0; k < count && i < n; k++, i++) {
      if (source[i] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      commentLines.add(line);
      while (i < n && source[i] !== '\n') {
        // a backslash-newline continues a // comment onto the next line
        if (source[i] === '\\' && source[i + 1] === '\n') {
          advance(2);
          commentLines.add(line);
        } else advance(1);
      }
    } else if (c === '/' && next === '*') {
      commentLines.add(line);
      advance(2);
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        advance(1);
        commentLines.add(line);
      }
      advance(2);
    } else if (c === '"' || c === "'") {
      advance(1);
      while (i < n && source[i] !== c && source[i] !== '\n') advance(source[i] === '\\' ? 2 : 1);
      advance(1);
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 64))!;
      if (m[0] === 'float' || m[0] === 'double') floats.push({ line, column: col, text: m[0] });
      advance(m[0].length);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      // a preprocessing number (C11 6.4.8), then: is it a floating constant?
      const m = /^\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*/.exec(source.slice(i, i + 128))!;
      const t = m[0];
      const hex = /^0[xX]/.test(t);
      const isFloat = hex ? /[pP]/.test(t) : /[.eE]/.test(t);
      if (isFloat) floats.push({ line, column: col, text: t });
      advance(t.length);
    } else advance(1);
  }
  return { commentLines, floats };
}

export function countLines(source: string): CLines {
  const { commentLines } = scan(source);
  const lines = source.split('\n').filter((l) => l.trim() !== '').length;
  return { lines, commentLines: commentLines.size };
}

/** Floating-point types and constants outside comments and strings. */
export function floatUses(source: string): FloatUse[] {
  return scan(source).floats;
}
