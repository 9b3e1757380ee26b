// GNU make's reading of a Makefile (the subset the course's Makefiles use): variables (`=`, `:=`,
// `+=`, `?=`, `export`, `override`), `$(VAR)` / `${VAR}` / `$@ $< $^`, substitution references
// `$(VAR:.c=.o)`, the functions shell, wildcard, subst, patsubst, strip, filter(-out), notdir,
// dir, basename, addprefix, addsuffix, firstword, words, abspath; conditionals
// (ifeq/ifneq/ifdef/ifndef/else/endif); rules with prerequisites and TAB recipes (also
// `target: prereq ; cmd`), .PHONY. Reading is sequential, as make's: conditionals and `:=`
// see what was defined above them.
import type { UserCode } from '../../kernel/uapi';

export type Origin = 'default' | 'environment' | 'file' | 'command line' | 'automatic';

export interface Variable {
  value: string;
  /** `=`: expanded at each use; `:=`: expanded once, when set */
  recursive: boolean;
  origin: Origin;
}

export interface RecipeLine {
  readonly text: string;
  readonly line: number;
}

export interface Rule {
  readonly target: string;
  prereqs: string[];
  recipe: RecipeLine[];
  /** line of the rule's first header (for `[Makefile:N: target]`) */
  line: number;
}

export interface Makefile {
  readonly vars: Map<string, Variable>;
  readonly rules: Map<string, Rule>;
  readonly phony: Set<string>;
  /** the default goal: the first target that does not start with '.' */
  defaultGoal?: string;
}

/** What expansion needs from the running make: $(shell) and $(wildcard) make system calls. */
export interface Expander {
  shell(command: string): UserCode<string>;
  wildcard(pattern: string): UserCode<string[]>;
}

export class MakeError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(message);
  }
}

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** The closing paren of a $( or ${ opened at i (index of the opener), honouring nesting. */
function closing(text: string, i: number): number {
  const open = text[i];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === open) depth++;
    else if (text[j] === close && --depth === 0) return j;
  }
  return -1;
}

/** Splits a function's arguments at top-level commas. */
function splitArgs(s: string, max: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0 && out.length < max - 1) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** patsubst's pattern match: `%` matches any stem. */
function patsubst(pattern: string, replacement: string, word: string): string {
  const p = pattern.indexOf('%');
  if (p < 0) return word === pattern ? replacement : word;
  const pre = pattern.slice(0, p);
  const post = pattern.slice(p + 1);
  if (!word.startsWith(pre) || !word.endsWith(post) || word.length < pre.length + post.length) return word;
  const stem = word.slice(pre.length, word.length - post.length);
  return replacement.includes('%') ? replacement.replace('%', stem) : replacement;
}

function matches(pattern: string, word: string): boolean {
  return patsubst(pattern, '\0', word) === '\0';
}

const FUNCTIONS = new Set(['shell', 'wildcard', 'subst', 'patsubst', 'strip', 'filter', 'filter-out', 'notdir', 'dir', 'basename', 'addprefix', 'addsuffix', 'firstword', 'lastword', 'words', 'abspath', 'realpath', 'if', 'sort']);

/** Expands make syntax in `text`. `auto` holds $@, $<, $^ while a recipe runs. */
export function* expand(text: string, vars: Map<string, Variable>, x: Expander, auto: Record<string, string> = {}, depth = 0): UserCode<string> {
  if (depth > 64) return ''; // a variable that refers to itself (make: "Recursive variable ... references itself")
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) break;
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    if (n !== '(' && n !== '{') {
      out += n in auto ? auto[n] : yield* valueOf(n, vars, x, auto, depth);
      i++;
      continue;
    }
    const end = closing(text, i + 1);
    if (end < 0) {
      out += text.slice(i);
      break;
    }
    const inner = text.slice(i + 2, end);
    i = end;
    const fm = /^([a-z-]+)[ \t]+([\s\S]*)$/.exec(inner);
    if (fm && FUNCTIONS.has(fm[1])) {
      out += yield* callFunction(fm[1], fm[2], vars, x, auto, depth);
      continue;
    }
    const name = yield* expand(inner, vars, x, auto, depth + 1);
    const sub = /^([^:]+):([^=]*)=(.*)$/.exec(name);
    if (sub) {
      const v = yield* valueOf(sub[1], vars, x, auto, depth);
      const from = sub[2].includes('%') ? sub[2] : `%${sub[2]}`;
      const to = sub[3].includes('%') ? sub[3] : `%${sub[3]}`;
      out += words(v).map((w) => patsubst(from, to, w)).join(' ');
      continue;
    }
    out += name in auto ? auto[name] : yield* valueOf(name, vars, x, auto, depth);
  }
  return out;
}

function* valueOf(name: string, vars: Map<string, Variable>, x: Expander, auto: Record<string, string>, depth: number): UserCode<string> {
  const v = vars.get(name);
  if (!v) return '';
  return v.recursive ? yield* expand(v.value, vars, x, auto, depth + 1) : v.value;
}

function* callFunction(fn: string, rawArgs: string, vars: Map<string, Variable>, x: Expander, auto: Record<string, string>, depth: number): UserCode<string> {
  const e = (s: string): UserCode<string> => expand(s, vars, x, auto, depth + 1);
  if (fn === 'if') {
    const [cond, then, otherwise] = splitArgs(rawArgs, 3);
    return (yield* e(cond)).trim() ? yield* e(then ?? '') : yield* e(otherwise ?? '');
  }
  const arity: Record<string, number> = { subst: 3, patsubst: 3, addprefix: 2, addsuffix: 2, filter: 2, 'filter-out': 2 };
  const args: string[] = [];
  for (const a of splitArgs(rawArgs, arity[fn] ?? 1)) args.push(yield* e(a));
  const [a0 = '', a1 = '', a2 = ''] = args;
  switch (fn) {
    case 'shell': return (yield* x.shell(a0)).replace(/\n+$/, '').replace(/\n/g, ' ');
    case 'wildcard': {
      const found: string[] = [];
      for (const p of words(a0)) found.push(...(yield* x.wildcard(p)));
      return found.join(' ');
    }
    case 'subst': return a2.split(a0).join(a1);
    case 'patsubst': return words(a2).map((w) => patsubst(a0, a1, w)).join(' ');
    case 'strip': return words(a0).join(' ');
    case 'filter': return words(a1).filter((w) => words(a0).some((p) => matches(p, w))).join(' ');
    case 'filter-out': return words(a1).filter((w) => !words(a0).some((p) => matches(p, w))).join(' ');
    case 'notdir': return words(a0).map((w) => w.slice(w.lastIndexOf('/') + 1)).join(' ');
    case 'dir': return words(a0).map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './')).join(' ');
    case 'basename': return words(a0).map((w) => w.replace(/\.[^./]*$/, '')).join(' ');
    case 'addprefix': return words(a1).map((w) => a0 + w).join(' ');
    case 'addsuffix': return words(a1).map((w) => w + a0).join(' ');
    case 'firstword': return words(a0)[0] ?? '';
    case 'lastword': return words(a0).at(-1) ?? '';
    case 'words': return String(words(a0).length);
    case 'sort': return [...new Set(words(a0))].sort().join(' ');
    case 'abspath':
    case 'realpath': return words(a0).map((w) => w.replace(/\/+$/, '')).join(' ');
    default: return '';
  }
}

/** Joins backslash-continued lines; yields [text, first line number]. */
function logicalLines(text: string): Array<[string, number]> {
  const raw = text.split('\n');
  const out: Array<[string, number]> = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i + 1;
    let line = raw[i].replace(/\r$/, '');
    while (line.endsWith('\\') && i + 1 < raw.length) {
      i++;
      line = `${line.slice(0, -1).replace(/[ \t]+$/, '')} ${raw[i].replace(/\r$/, '').replace(/^[ \t]+/, '')}`;
    }
    out.push([line, start]);
  }
  return out;
}

/** Removes a comment (an unescaped #) from a non-recipe line. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && line[i + 1] === '#') {
      line = line.slice(0, i) + line.slice(i + 1);
      continue;
    }
    if (line[i] === '#') return line.slice(0, i);
  }
  return line;
}

const ASSIGN = /^(?:(override)\s+)?(?:(export)\s+)?([^\s:#=]+)\s*(::=|:=|\+=|\?=|=)\s*(.*)$/;

/** Parses the two operands of ifeq/ifneq: `(a,b)` or `"a" "b"` / `'a' 'b'`. */
function condOperands(s: string): [string, string] | undefined {
  s = s.trim();
  if (s.startsWith('(') && s.endsWith(')')) {
    const [a, b] = splitArgs(s.slice(1, -1), 2);
    return b === undefined ? undefined : [a.trim(), b.trim()];
  }
  const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(s);
  return m ? [m[2], m[4]] : undefined;
}

/** Sets a variable as an assignment in a makefile does (command-line variables win). */
export function* assign(vars: Map<string, Variable>, name: string, op: string, value: string, x: Expander, origin: Origin = 'file', override = false): UserCode<void> {
  const old = vars.get(name);
  if (old?.origin === 'command line' && origin !== 'command line' && !override) return;
  if (op === '?=') {
    if (!old) vars.set(name, { value, recursive: true, origin });
  } else if (op === ':=' || op === '::=') {
    vars.set(name, { value: yield* expand(value, vars, x), recursive: false, origin });
  } else if (op === '+=') {
    if (!old) vars.set(name, { value, recursive: true, origin });
    else {
      const added = old.recursive ? value : yield* expand(value, vars, x);
      vars.set(name, { ...old, value: old.value ? `${old.value} ${added}` : added, origin: old.origin === 'default' ? origin : old.origin });
    }
  } else vars.set(name, { value, recursive: true, origin });
}

/** Reads a makefile into `vars` (which holds the defaults, environment and command line) and its rules. */
export function* readMakefile(text: string, file: string, vars: Map<string, Variable>, x: Expander): UserCode<Makefile> {
  const mk: Makefile = { vars, rules: new Map(), phony: new Set() };
  /** one entry per open conditional: is its current branch taken, was any branch taken, is the enclosing one live */
  const conds: Array<{ taking: boolean; taken: boolean; outer: boolean }> = [];
  const live = (): boolean => conds.every((c) => c.taking);
  let current: Rule[] = [];
  for (const [rawLine, lineNo] of logicalLines(text)) {
    if (rawLine.startsWith('\t') && current.length) {
      if (live()) for (const r of current) r.recipe.push({ text: rawLine.slice(1), line: lineNo });
      continue;
    }
    const line = stripComment(rawLine).trim();
    if (line === '') continue;
    const dir = /^(ifeq|ifneq|ifdef|ifndef|else|endif)\b\s*(.*)$/.exec(line);
    if (dir) {
      const [, kw, rest] = dir;
      if (kw === 'endif') {
        if (!conds.pop()) throw new MakeError(file, lineNo, 'extraneous \'endif\'');
        continue;
      }
      if (kw === 'else') {
        const c = conds[conds.length - 1];
        if (!c) throw new MakeError(file, lineNo, 'extraneous \'else\'');
        const nested = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/.exec(rest);
        if (nested && !c.taken) {
          const t = yield* evalCond(nested[1], nested[2], vars, x, file, lineNo);
          c.taking = t;
          c.taken = t;
        } else {
          c.taking = !c.taken;
          c.taken = true;
        }
        continue;
      }
      const outer = live();
      const t = outer ? yield* evalCond(kw, rest, vars, x, file, lineNo) : false;
      conds.push({ taking: t, taken: t, outer });
      continue;
    }
    if (!live()) continue;
    current = [];
    const a = ASSIGN.exec(line);
    if (a) {
      const name = yield* expand(a[3], vars, x);
      yield* assign(vars, name, a[4], a[5], x, 'file', a[1] === 'override');
      continue;
    }
    const exp = /^export\s+(.*)$/.exec(line) ?? /^unexport\s+(.*)$/.exec(line);
    if (exp) continue; // every variable reaches recipes here already (see make.ts environment)
    if (/^-?include\s/.test(line) || /^(define|endef|vpath)\b/.test(line)) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new MakeError(file, lineNo, 'missing separator');
    const header = yield* expand(line.slice(0, colon), vars, x);
    let rest = line.slice(colon + 1).replace(/^:/, '');
    let inline: string | undefined;
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      inline = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi);
    }
    const targets = words(header);
    const prereqs = words(yield* expand(rest, vars, x));
    if (targets.includes('.PHONY')) {
      for (const p of prereqs) mk.phony.add(p);
      continue;
    }
    for (const t of targets) {
      let r = mk.rules.get(t);
      if (!r) {
        r = { target: t, prereqs: [], recipe: [], line: lineNo };
        mk.rules.set(t, r);
      }
      r.prereqs.push(...prereqs.filter((p) => !r!.prereqs.includes(p)));
      if (inline !== undefined || !r.recipe.length) r.line = lineNo;
      if (inline) r.recipe.push({ text: inline, line: lineNo });
      current.push(r);
      if (mk.defaultGoal === undefined && !t.startsWith('.')) mk.defaultGoal = t;
    }
  }
  if (conds.length) throw new MakeError(file, logicalLines(text).length, 'missing \'endif\'');
  return mk;
}

function* evalCond(kw: string, rest: string, vars: Map<string, Variable>, x: Expander, file: string, line: number): UserCode<boolean> {
  if (kw === 'ifdef' || kw === 'ifndef') {
    const name = (yield* expand(rest.trim(), vars, x)).trim();
    const v = vars.get(name);
    const defined = !!v && v.value !== '';
    return kw === 'ifdef' ? defined : !defined;
  }
  const ops = condOperands(rest);
  if (!ops) throw new MakeError(file, line, 'invalid syntax in conditional');
  const a = yield* expand(ops[0], vars, x);
  const b = yield* expand(ops[1], vars, x);
  return kw === 'ifeq' ? a === b : a !== b;
}
