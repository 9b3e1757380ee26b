// Clang's diagnostics → gcc 11's, structured.
//
// Wording: the common messages students meet are rewritten in gcc 11's words (the table
// GCC_WORDING); the rest keep clang's text in gcc's layout (file:line:col: severity: message
// [-Woption], gcc's quotes). Clang runs with -fdiagnostics-parseable-fixits (it prints those
// only with its caret excerpts on, so its excerpt lines are read past); the renderer
// (programs/make/diagnostics.ts) draws the source line, caret and fix-it the way gcc does.
import type { Diagnostic, Severity } from '../../programs/make/buildProtocol';
import { isClangOnlyGroup } from './clangOnly';
import { functionAt, offsetOf, tokenFrom } from './cSource';

const LINE = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*?)(?: \[([^\]]+)\])?$/;
const FIXIT = /^fix-it:"(.*)":\{(\d+):(\d+)-(\d+):(\d+)\}:"(.*)"$/;

interface Context {
  /** the text of a file the diagnostic names, when the toolchain has it */
  source(file: string): string | undefined;
}

/** A clang message and what gcc 11 says instead; `$tok` is the token at (or after) the position. */
interface Wording {
  readonly clang: RegExp;
  readonly gcc: (m: RegExpExecArray, tok: string | undefined, inFunction: boolean) => string;
  /** clang's option → gcc's, where they differ */
  readonly option?: string;
}

const before = (tok: string | undefined): string => (tok === undefined ? 'at end of input' : `before '${tok}'${/^[A-Za-z_]/.test(tok) || /^\d/.test(tok) || /^["']/.test(tok) ? '' : ' token'}`);

const GCC_WORDING: readonly Wording[] = [
  { clang: /^expected ';' at end of declaration( list)?$/, gcc: (_m, tok) => `expected '=', ',', ';', 'asm' or '__attribute__' ${before(tok)}` },
  { clang: /^expected ';' (after .*|at end of .*)$/, gcc: (_m, tok) => `expected ';' ${before(tok)}` },
  { clang: /^expected '(.{1,3})'$/, gcc: (m, tok) => `expected '${m[1]}' ${before(tok)}` },
  { clang: /^expected expression$/, gcc: (_m, tok) => `expected expression ${before(tok)}` },
  { clang: /^expected identifier or '\('$/, gcc: (_m, tok) => `expected identifier or '(' ${before(tok)}` },
  { clang: /^extraneous closing brace \('\}'\)$/, gcc: (_m, tok) => `expected identifier or '(' ${before(tok)}` },
  { clang: /^use of undeclared identifier '(.+)'$/, gcc: (m, _t, inFn) => (inFn ? `'${m[1]}' undeclared (first use in this function)` : `'${m[1]}' undeclared here (not in a function)`) },
  { clang: /^call to undeclared function '(.+)'; ISO C99 and later do not support implicit function declarations$/, gcc: (m) => `implicit declaration of function '${m[1]}'` },
  { clang: /^non-void function does not return a value( in all control paths)?$/, gcc: () => 'control reaches end of non-void function' },
  { clang: /^mixing declarations and code is (a C99 extension|incompatible with standards before C99)$/, gcc: () => 'ISO C90 forbids mixed declarations and code' },
  { clang: /^unused function '(.+)'$/, gcc: (m) => `'${m[1]}' defined but not used` },
  { clang: /^unused label '(.+)'$/, gcc: (m) => `label '${m[1]}' defined but not used` },
  { clang: /^no member named '(.+)' in '(.+)'$/, gcc: (m) => `'${m[2]}' has no member named '${m[1]}'` },
  { clang: /^'(.+)' file not found$/, gcc: (m) => `${m[1]}: No such file or directory` },
  { clang: /^previous definition is here$/, gcc: () => 'previous definition was here' },
  { clang: /^a function declaration without a prototype is deprecated in all versions of C$/, gcc: () => "function declaration isn't a prototype" },
  { clang: /^unused variable '(.+)'$/, gcc: (m) => `unused variable '${m[1]}'` },
];

/** Clang's bracketed option list ("-Werror,-Wreturn-type") as gcc prints it ("-Werror=return-type"). */
function gccOption(raw: string | undefined): { option?: string; group?: string; promoted: boolean } {
  if (!raw) return { promoted: false };
  const parts = raw.split(',');
  const promoted = parts.includes('-Werror');
  const w = parts.find((p) => p.startsWith('-W') && p !== '-Werror');
  if (!w) return { promoted };
  const group = w.slice(2);
  return { option: promoted ? `-Werror=${group}` : w, group, promoted };
}

/** gcc's quotes for the locale: ‘x’ under UTF-8, 'x' otherwise. */
export function gccQuotes(message: string, utf8: boolean): string {
  return utf8 ? message.replace(/'([^'\n]*)'/g, '‘$1’') : message;
}

export interface ParsedOutput {
  readonly diagnostics: Diagnostic[];
  /** an error made from a warning by a global -Werror (for gcc's "cc1: all warnings being treated as errors") */
  readonly promoted: boolean;
}

/** Parses clang's stderr (no carets, parseable fix-its) into gcc-worded diagnostics. */
export function parseClangDiagnostics(stderr: string, ctx: Context, utf8: boolean): ParsedOutput {
  const out: Diagnostic[] = [];
  let promoted = false;
  let undeclaredNoted = false;
  for (const line of stderr.split('\n')) {
    const fix = FIXIT.exec(line);
    if (fix && out.length) {
      const last = out[out.length - 1];
      if (fix[2] === fix[4] && fix[3] === fix[5] && fix[6] !== '') out[out.length - 1] = { ...last, fixit: fix[6] };
      continue;
    }
    const m = LINE.exec(line);
    if (!m) continue;
    const [, file, l, c, sev, text, opt] = m;
    const lineNo = Number(l);
    const col = Number(c);
    const src = ctx.source(file);
    const off = src === undefined ? undefined : offsetOf(src, lineNo, col);
    const fn = src === undefined || off === undefined ? undefined : functionAt(src, off);
    const tok = src === undefined || off === undefined ? undefined : tokenFrom(src, off);
    const o = gccOption(opt);
    let severity = sev as Severity;
    const clangOnly = o.group !== undefined && isClangOnlyGroup(o.group) && severity !== 'note';
    if (clangOnly && severity === 'error') severity = 'warning'; // belt and braces: -Wno-error= keeps it a warning already
    if (o.promoted && !clangOnly) promoted = true;
    let message = text;
    for (const w of GCC_WORDING) {
      const wm = w.clang.exec(text);
      if (wm) {
        message = w.gcc(wm, tok, fn !== undefined);
        break;
      }
    }
    const option = clangOnly ? `-W${o.group}` : o.option;
    out.push({
      file, line: lineNo, column: col, severity,
      message: gccQuotes(message, utf8),
      ...(option ? { option } : {}),
      ...(clangOnly ? { clangOnly: true } : {}),
      ...(fn ? { function: fn } : {}),
    });
    if (/^use of undeclared identifier/.test(text) && fn !== undefined && !undeclaredNoted) {
      undeclaredNoted = true;
      out.push({ file, line: lineNo, column: col, severity: 'note', message: 'each undeclared identifier is reported only once for each function it appears in', ...(fn ? { function: fn } : {}) });
    }
  }
  return { diagnostics: out, promoted };
}

/** Whether a build with these diagnostics fails (an error that is not clang-only). */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => (d.severity === 'error' || d.severity === 'fatal error') && !d.clangOnly);
}
