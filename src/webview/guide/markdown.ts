// A tiny markdown subset for the lab guide, parsed to a small tree (no HTML anywhere: the DOM
// renderer builds nodes from this tree with textContent, so guide text can never inject markup).
//
// Blocks: paragraphs (separated by blank lines), `- ` bullet lists, `1. ` numbered lists (an
// item continues on lines indented by two or more spaces), fenced code blocks (```), and
// `#### ` minor headings. Inline: `code`, **bold**, [text](command:id) and [text](https://…).
// Pure: no DOM, so the unit tests run it under Node.

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'link'; text: string; href: string };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; c: Inline[] }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; items: Inline[][]; start: number }
  | { t: 'pre'; lang: string; v: string };

const BULLET = /^\s{0,1}- (.*)$/;
const NUMBERED = /^\s{0,1}(\d{1,3})\. (.*)$/;
const FENCE = /^```\s*([\w+-]*)\s*$/;
const HEADING = /^#{1,6} (.*)$/;

/** Parses the markdown subset into blocks. Never throws; unknown syntax stays text. */
export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') { i++; continue; }

    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^```\s*$/.test(lines[i])) body.push(lines[i++]);
      i++; // closing fence (or end of input)
      blocks.push({ t: 'pre', lang: fence[1], v: body.join('\n') });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'h', c: parseInline(heading[1]) });
      i++;
      continue;
    }

    if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = !BULLET.test(line);
      const start = ordered ? Number(NUMBERED.exec(line)?.[1] ?? '1') : 1;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i];
        const m = ordered ? NUMBERED.exec(l) : BULLET.exec(l);
        if (m) { items.push(ordered ? m[2] : m[1]); i++; continue; }
        if (items.length > 0 && /^\s{2,}\S/.test(l)) { items[items.length - 1] += ' ' + l.trim(); i++; continue; }
        break;
      }
      const parsed = items.map(parseInline);
      blocks.push(ordered ? { t: 'ol', items: parsed, start } : { t: 'ul', items: parsed });
      continue;
    }

    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && !FENCE.test(lines[i]) && !HEADING.test(lines[i])
      && !BULLET.test(lines[i]) && !NUMBERED.test(lines[i])) {
      para.push(lines[i].trim());
      i++;
    }
    blocks.push({ t: 'p', c: parseInline(para.join(' ')) });
  }
  return blocks;
}

/** Link targets the guide may use: a VS Code command id, or an https URL. */
export function isAllowedHref(href: string): boolean {
  return /^command:[A-Za-z][\w.-]*$/.test(href) || /^https:\/\/[^\s"'<>]+$/.test(href);
}

/** Parses inline markup. Unclosed markers are kept as literal text. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = (): void => {
    if (text) { out.push({ t: 'text', v: text }); text = ''; }
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'code', v: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (ch === '*' && src[i + 1] === '*') {
      const end = findClosingBold(src, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ t: 'strong', c: parseInline(src.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    } else if (ch === '[') {
      const close = src.indexOf('](', i + 1);
      const end = close > i ? src.indexOf(')', close + 2) : -1;
      if (close > i + 1 && end > close + 2 && !src.slice(i + 1, close).includes('[')) {
        const href = src.slice(close + 2, end);
        const label = src.slice(i + 1, close);
        flush();
        if (isAllowedHref(href)) out.push({ t: 'link', text: label, href });
        else out.push({ t: 'text', v: label });
        i = end + 1;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Index of the `**` closing a bold span that starts at `from`, skipping code spans; -1 if none. */
function findClosingBold(src: string, from: number): number {
  let i = from;
  while (i < src.length - 1) {
    if (src[i] === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (src[i] === '*' && src[i + 1] === '*') return i;
    i++;
  }
  return -1;
}

/** Every link target in a markdown string (tests use it to check command links). */
export function linkTargets(src: string): string[] {
  const out: string[] = [];
  const walk = (inlines: Inline[]): void => {
    for (const n of inlines) {
      if (n.t === 'link') out.push(n.href);
      else if (n.t === 'strong') walk(n.c);
    }
  };
  for (const b of parseMarkdown(src)) {
    if (b.t === 'p' || b.t === 'h') walk(b.c);
    else if (b.t === 'ul' || b.t === 'ol') b.items.forEach(walk);
  }
  return out;
}

/** Plain text of inline nodes (for aria labels and search). */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((n) => (n.t === 'strong' ? inlineText(n.c) : n.t === 'link' ? n.text : n.v)).join('');
}
