// wc(1): lines, words, bytes (-l -w -c -m), padded to a common width as GNU wc does.
import type { Program } from '../../kernel/uapi';
import { badOption, decode, forEachInput, getopt, out } from './lib';

export const wc: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'lwcmL', '', { lines: 'l', words: 'w', bytes: 'c', chars: 'm' });
  if (o.bad) return yield* badOption(sys, 'wc', o.bad);
  let want = ['l', 'w', 'm', 'c'].filter((c) => o.flags.has(c));
  if (want.length === 0) want = ['l', 'w', 'c'];
  const rows: Array<{ counts: number[]; name: string }> = [];
  const total = [0, 0, 0, 0];
  let stdin = false;
  // eslint-disable-next-line require-yield
  const status = yield* forEachInput(sys, 'wc', o.operands, function* (name, data) {
    const text = decode(data);
    const c = { l: (text.match(/\n/g) ?? []).length, w: (text.match(/\S+/g) ?? []).length, m: [...text].length, c: data.length };
    const counts = want.map((k) => c[k as keyof typeof c]);
    counts.forEach((v, i) => (total[i] += v));
    if (name === '-') stdin = true;
    rows.push({ counts, name: name === '-' && o.operands.length === 0 ? '' : name });
  });
  // GNU: one count of one input is not padded; otherwise the width of the total size, at least 7 for stdin
  const only = want.length === 1 && rows.length === 1;
  if (rows.length > 1) rows.push({ counts: total.slice(0, want.length), name: 'total' });
  const width = only ? 1 : stdin ? 7 : Math.max(1, ...rows.map((r) => Math.max(...r.counts.map((v) => String(v).length))));
  let text = '';
  for (const r of rows) text += `${r.counts.map((v) => String(v).padStart(width)).join(' ')}${r.name ? ` ${r.name}` : ''}\n`;
  yield* out(sys, text);
  return status;
};
