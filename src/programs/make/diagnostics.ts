// Compiler diagnostics printed the way gcc 11 prints them:
//
//   /home/student/mp3.c: In function ‘mp3_init’:
//   /home/student/mp3.c:42:17: error: expected ‘;’ before ‘}’ token
//      42 |  return 0
//         |          ^
//         |          ;
//
// The structured diagnostics come from the host's toolchain (clang, re-worded for gcc where the
// wording is known: host/toolchain/clangDiagnostics.ts); this file only lays them out.
import type { Diagnostic } from './buildProtocol';

/** What a clang-only finding says after its message (it never fails the build). */
export const CLANG_ONLY_MARK = '(gcc does not report this)';

/** The message as shown: text, the clang-only mark, then gcc's [-Woption]. */
export function displayMessage(d: Diagnostic): string {
  return `${d.message}${d.clangOnly ? ` ${CLANG_ONLY_MARK}` : ''}${d.option ? ` [${d.option}]` : ''}`;
}

/** gcc's source excerpt: the line with its number, the caret under the column, a fix-it under that. */
function excerpt(source: string, d: Diagnostic): string {
  const lines = source.split('\n');
  const text = lines[d.line - 1];
  if (text === undefined) return '';
  const width = Math.max(4, String(d.line).length);
  const gutter = ' '.repeat(width + 2);
  // keep tabs as tabs so the caret lines up under whatever tab stops the terminal uses
  const pad = [...text.slice(0, Math.max(0, d.column - 1))].map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
  let s = `${String(d.line).padStart(width + 1)} | ${text}\n${gutter}| ${pad}^\n`;
  if (d.fixit) s += `${gutter}| ${pad}${d.fixit}\n`;
  return s;
}

/**
 * Renders diagnostics in gcc's layout. `source(file)` gives a file's text for the excerpt (none
 * for files the shell cannot read, e.g. the toolchain's headers). `quote` wraps a name in the
 * locale's quotes, as gcc does for ‘function’.
 */
export function renderDiagnostics(diags: readonly Diagnostic[], source: (file: string) => string | undefined, utf8: boolean): string {
  const q = (s: string): string => (utf8 ? `‘${s}’` : `'${s}'`);
  let out = '';
  let context: string | undefined; // "file\0function" of the last "In function" line
  for (const d of diags) {
    if (d.severity !== 'note') {
      const here = `${d.file}\0${d.function ?? ''}`;
      if (here !== context) {
        if (d.function) out += `${d.file}: In function ${q(d.function)}:\n`;
        else if (context !== undefined) out += `${d.file}: At top level:\n`;
        context = here;
      }
    }
    out += `${d.file}:${d.line}:${d.column}: ${d.severity}: ${displayMessage(d)}\n`;
    const text = source(d.file);
    if (text !== undefined) out += excerpt(text, d);
  }
  return out;
}
