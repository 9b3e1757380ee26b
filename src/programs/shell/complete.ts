// Tab completion for the line editor: the first word of a command completes from reserved
// words, builtins, functions, aliases and the programs in PATH; other words complete file names
// (directories get a "/").
import type { Sys, UserCode } from '../../kernel/uapi';
import type { Completion } from './lineEditor';
import { BUILTINS, KEYWORDS } from './builtins';
import type { Shell } from './shell';

/** The word under the cursor: from the last unquoted blank or operator before it. */
export function wordAt(line: string, cursor: number): { start: number; word: string; commandPosition: boolean } {
  let start = cursor;
  while (start > 0 && !/[\s;&|<>()]/.test(line[start - 1])) start--;
  const before = line.slice(0, start).replace(/\s+$/, '');
  // a command starts after an operator, and after the reserved words that a command follows
  const commandPosition = before === '' || /(^|[;&|(])$/.test(before)
    || /(^|\s)(nice|sudo|time|exec|do|then|else|elif|if|while|until|!|\{)$/.test(before);
  return { start, word: line.slice(start, cursor), commandPosition };
}

export function* completeLine(sys: Sys, sh: Shell, line: string, cursor: number): UserCode<Completion> {
  const { start, word, commandPosition } = wordAt(line, cursor);
  const candidates: string[] = [];
  if (commandPosition && !word.includes('/')) {
    const names = new Set([...KEYWORDS.filter((k) => /^[a-z]/.test(k)), ...Object.keys(BUILTINS), ...sh.functions.keys(), ...sh.aliases.keys()]);
    for (const name of names) if (name.startsWith(word)) candidates.push(name);
    for (const dir of (sh.vars.get('PATH') ?? '').split(':')) {
      if (dir === '.' || dir === '') continue;
      const ents = yield* sys.getdents(dir);
      if (typeof ents === 'number') continue;
      for (const e of ents) if (e.type === 'exe' && e.name.startsWith(word)) candidates.push(e.name);
    }
    return { start, candidates };
  }
  // file names
  const home = sh.vars.get('HOME') ?? '/';
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const prefix = word.slice(slash + 1);
  let dir = dirPart === '' ? '.' : dirPart;
  if (dir.startsWith('~/') || dir === '~/') dir = home + dir.slice(1);
  const ents = yield* sys.getdents(dir);
  if (typeof ents === 'number') return { start, candidates };
  for (const e of ents) {
    if (e.name === '.' || e.name === '..') continue;
    if (!e.name.startsWith(prefix)) continue;
    if (e.name.startsWith('.') && !prefix.startsWith('.')) continue;
    if (commandPosition && e.type !== 'exe' && e.type !== 'dir') continue;
    candidates.push(dirPart + e.name + (e.type === 'dir' ? '/' : ''));
  }
  return { start, candidates };
}
