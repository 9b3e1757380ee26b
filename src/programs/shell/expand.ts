// Word expansion, in bash's order: braces (brace.ts), tilde, parameters, arithmetic and command
// substitution, field splitting of unquoted results (IFS = space, tab, newline), pathname
// expansion (globbing). Quoted text is never split or globbed. Generators, because command
// substitution and globbing need syscalls.
import type { Sys, UserCode } from '../../kernel/uapi';
import type { List, Word, WordPart } from './ast';
import { braceExpand } from './brace';

export interface ExpandContext {
  getVar(name: string): string | undefined;
  /** the positional parameters, for "$@" (one field each) */
  positional(): string[];
  /** the elements of an indexed array (BASH_REMATCH), or undefined when `name` is not one */
  getArray(name: string): string[] | undefined;
  /** $((expression)): the value; on an error the shell reports it and abandons the command (throws) */
  arithmetic(expression: string): UserCode<string>;
  /** $(list): runs the list and returns its output with trailing newlines removed */
  commandSubstitution(list: List): UserCode<string>;
  /** pathname expansion of one pattern (see globToRegExp); [] when nothing matches */
  glob(pattern: string): UserCode<string[]>;
}

/** The values ${name[index]} stands for: every element for @ and *, else the one the index selects. */
function* indexedValues(part: Extract<WordPart, { t: 'var' }>, ctx: ExpandContext): UserCode<string[]> {
  const index = part.index ?? '';
  const scalar = ctx.getVar(part.name);
  const all = ctx.getArray(part.name) ?? (scalar === undefined ? [] : [scalar]);
  if (index === '@' || index === '*') return all;
  const i = Number(yield* ctx.arithmetic(index));
  return [all[i < 0 ? all.length + i : i] ?? ''];
}

const IFS_SPLIT = /([ \t\n]+)/;

/** Expands the words of a command into its argv fields. */
export function* expandWords(words: readonly Word[], ctx: ExpandContext): UserCode<string[]> {
  const out: string[] = [];
  for (const w of words) for (const b of braceExpand(w)) out.push(...(yield* expandWord(b, ctx)));
  return out;
}

/**
 * Expands one word into zero or more fields. Each field carries a glob pattern in which quoted
 * characters are backslash-escaped; a field whose pattern has an unescaped * ? or [ is replaced by
 * the sorted matching names (or kept as is when nothing matches, bash's default).
 */
export function* expandWord(word: Word, ctx: ExpandContext): UserCode<string[]> {
  const fields: Array<{ text: string; pattern: string; glob: boolean }> = [];
  let cur: { text: string; pattern: string; glob: boolean } | undefined;
  const add = (text: string, quoted: boolean): void => {
    cur ??= { text: '', pattern: '', glob: false };
    cur.text += text;
    if (quoted) {
      cur.pattern += escapeGlob(text);
    } else {
      cur.pattern += text;
      if (/[*?[]/.test(text)) cur.glob = true;
    }
  };
  const addSplit = (value: string): void => {
    for (const piece of value.split(IFS_SPLIT)) {
      if (piece === '') continue;
      if (/^[ \t\n]+$/.test(piece)) {
        if (cur) fields.push(cur);
        cur = undefined;
      } else {
        add(piece, false);
      }
    }
  };
  for (const part of word) {
    switch (part.t) {
      case 'lit':
        add(part.s, part.q);
        break;
      case 'tilde':
        add(ctx.getVar('HOME') ?? '/', true);
        break;
      case 'var': {
        // "$@" (and "${a[@]}"): one field per value, the first and last joined to the text around
        const many = part.name === '@' ? ctx.positional() : part.index === '@' ? yield* indexedValues(part, ctx) : undefined;
        if (many && part.q) {
          many.forEach((v, i) => {
            if (i > 0 && cur) {
              fields.push(cur);
              cur = undefined;
            }
            add(v, true);
          });
          break;
        }
        const v = many ? many.join(' ') : part.index !== undefined ? (yield* indexedValues(part, ctx)).join(' ') : ctx.getVar(part.name) ?? '';
        if (part.q) add(v, true);
        else addSplit(v);
        break;
      }
      case 'cmd':
      case 'arith': {
        const v = part.t === 'cmd' ? yield* ctx.commandSubstitution(part.list) : yield* ctx.arithmetic(yield* expandWordToString(part.expr, ctx));
        if (part.q) add(v, true);
        else addSplit(v);
        break;
      }
    }
  }
  if (cur) fields.push(cur);
  const result: string[] = [];
  for (const f of fields) {
    if (f.glob) {
      const matches = yield* ctx.glob(f.pattern);
      if (matches.length) {
        result.push(...matches);
        continue;
      }
    }
    result.push(f.text);
  }
  return result;
}

/** Expands a word that must stay one string (redirection target, assignment value): no splitting, no globbing. */
export function* expandWordToString(word: Word, ctx: ExpandContext): UserCode<string> {
  return yield* expandPattern(word, ctx, (s) => s);
}

/**
 * Expands a word into one string in which the quoted text is passed through `escape`: the
 * pattern of `case` and [[ == ]] (quoted characters match themselves) or the regex of [[ =~ ]].
 */
export function* expandPattern(word: Word, ctx: ExpandContext, escape: (text: string) => string): UserCode<string> {
  let out = '';
  for (const part of word) {
    let text: string;
    if (part.t === 'lit') text = part.s;
    else if (part.t === 'tilde') text = ctx.getVar('HOME') ?? '/';
    else if (part.t === 'var') text = part.name === '@' ? ctx.positional().join(' ') : part.index !== undefined ? (yield* indexedValues(part, ctx)).join(' ') : ctx.getVar(part.name) ?? '';
    else if (part.t === 'cmd') text = yield* ctx.commandSubstitution(part.list);
    else text = yield* ctx.arithmetic(yield* expandWordToString(part.expr, ctx));
    out += part.t !== 'tilde' && part.q ? escape(text) : text;
  }
  return out;
}

/** Backslash-escapes the characters special in a glob pattern. */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** True when a glob pattern component has an unescaped wildcard. */
export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the backslash escapes of a pattern component. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

/**
 * Compiles a glob pattern (quoted characters backslash-escaped) into a RegExp: one path
 * component for pathname expansion, where * and ? never match "/"; with `pathname` false, any
 * string (the patterns of `case` and [[ == ]]).
 */
export function globToRegExp(pattern: string, pathname = true): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]);
    } else if (c === '*') {
      re += pathname ? '[^/]*' : '.*';
    } else if (c === '?') {
      re += pathname ? '[^/]' : '.';
    } else if (c === '[') {
      const close = findClass(pattern, i);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let neg = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        neg = true;
        body = body.slice(1);
      }
      re += `[${neg ? '^' : ''}${body.replace(/\\(.)/g, '$1').replace(/[\]\\^]/g, '\\$&')}]`;
      i = close;
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(`${re}$`, 's');
}

function findClass(p: string, open: number): number {
  let i = open + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) if (p[i] === ']') return i;
  return -1;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Pathname expansion through getdents: each component with a wildcard is matched against its
 * directory's entries (names starting with "." only by a pattern starting with "."). Sorted.
 */
export function* globPaths(sys: Sys, pattern: string): UserCode<string[]> {
  const absolute = pattern.startsWith('/');
  const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  let paths: string[] = [absolute ? '/' : ''];
  for (let ci = absolute ? 1 : 0; ci < comps.length; ci++) {
    const comp = comps[ci];
    const next: string[] = [];
    for (const base of paths) {
      const join = (name: string): string => (base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`);
      if (!hasWildcard(comp)) {
        next.push(join(unescapePattern(comp)));
        continue;
      }
      const ents = yield* sys.getdents(base === '' ? '.' : base);
      if (typeof ents === 'number') continue;
      const re = globToRegExp(comp);
      const dotOk = comp.startsWith('.') || comp.startsWith('\\.');
      const names = ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..' && (dotOk || !n.startsWith('.')) && re.test(n));
      names.sort(compareNames);
      for (const n of names) next.push(join(n));
    }
    paths = next;
    if (paths.length === 0) return [];
  }
  // components without wildcards after the last one must exist
  const result: string[] = [];
  for (const p of paths) {
    const st = yield* sys.stat(p);
    if (typeof st !== 'number') result.push(p);
  }
  return result;
}

/** Sort order of glob results and ls: bytewise, like the C locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
