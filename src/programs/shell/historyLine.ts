// A command typed over several lines (for …; do ⏎ … ⏎ done) is one history entry, its lines
// joined as bash's history_delimiting_chars() joins them (cmdhist on, lithist off): "; " where a
// command ended, " " after a word that must be followed by more (do, then, |, &&, …), a newline
// inside quotes. Pure.
import type { IncompleteContext } from './lexer';

/** Tokens after which bash adds no semicolon (no_semi_successors). */
const NO_SEMI = new Set(['\n', '{', '(', ';', '&', '|', 'case', 'do', 'else', 'if', ';;', ';&', ';;&', 'then', 'until', 'while', '&&', '||', 'in']);

/** What goes between the command so far (which ended in `ctx`) and the next line. */
export function historyDelimiter(ctx: IncompleteContext | undefined, nextLine: string): string {
  if (!ctx || ctx.inQuote) return '\n';
  const { last, beforeLast } = ctx;
  if (last === ')') {
    // `name ()`: a function definition; `pattern)` in a case; else a subshell ended
    return beforeLast === '(' || ctx.inCase ? ' ' : '; ';
  }
  if (last === 'WORD' && beforeLast === 'function') return ' ';
  // `for i ⏎ in …` takes no semicolon, `for i ⏎ do` does (bash writes just ";")
  if (last === 'WORD' && beforeLast === 'for') return /^\s*in(\s|$)/.test(nextLine) ? ' ' : ';';
  if (last === 'WORD' && beforeLast === 'case' && ctx.inCase) return ' ';
  if (NO_SEMI.has(last)) return ' ';
  if (nextLine.trim() === '') return '';
  return '; ';
}
