// Just enough C lexing to word diagnostics as gcc does: the token at a position ("before ‘}’
// token") and the function a position is in ("In function ‘mp3_write’:").

/** Offset of 1-based (line, column) in text; columns count bytes as compilers do (ASCII here). */
export function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + column - 1);
}

const PUNCT3 = ['<<=', '>>=', '...'];
const PUNCT2 = ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##'];

/** The first token at or after the offset (skipping blanks and comments); undefined at end of input. */
export function tokenFrom(text: string, off: number): string | undefined {
  let i = off;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    break;
  }
  if (i >= text.length) return undefined;
  const rest = text.slice(i);
  const word = /^[A-Za-z_]\w*|^\d[\w.]*/.exec(rest);
  if (word) return word[0];
  if (rest[0] === '"' || rest[0] === "'") {
    const m = /^(["'])(?:\\.|[^\\\n])*?\1/.exec(rest);
    if (m) return m[0];
  }
  for (const p of PUNCT3) if (rest.startsWith(p)) return p;
  for (const p of PUNCT2) if (rest.startsWith(p)) return p;
  return rest[0];
}

/**
 * The function whose body holds the offset, or undefined at file scope (or inside an
 * initializer). Walks the text once, skipping comments, strings and preprocessor lines.
 */
export function functionAt(text: string, off: number): string | undefined {
  let depth = 0;
  let fn: string | undefined;
  let headStart = 0; // start of the current top-level declaration
  for (let i = 0; i < text.length && i < off; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
      continue;
    }
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '#' && depth === 0 && /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, i - 80), i))) {
      // a preprocessor line (with its continuations)
      while (i < text.length && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      headStart = i + 1;
      continue;
    }
    if (c === '{') {
      if (depth === 0) {
        const head = text.slice(headStart, i);
        const name = /([A-Za-z_]\w*)\s*\(/.exec(head.replace(/__attribute__\s*\(\(.*?\)\)/g, ''));
        fn = !head.includes('=') && name ? name[1] : undefined;
      }
      depth++;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        fn = undefined;
        headStart = i + 1;
      }
    } else if (c === ';' && depth === 0) headStart = i + 1;
  }
  return depth > 0 ? fn : undefined;
}
