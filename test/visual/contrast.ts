// WCAG contrast of the text a page shows, from computed styles: for every element with text of
// its own, the colour of a text pixel and of the background pixel beside it, composited the way
// the browser paints them (background colours of the element and its ancestors, nested opacity
// groups, the webview's editor background at the bottom). Runs in the page: pass the function
// to page.evaluate; it uses nothing from outside its own body.

export interface ContrastProblem {
  text: string;
  where: string;
  fg: string;
  bg: string;
  ratio: number;
}

// The few DOM types it needs (host-side code is type-checked without the DOM library).
interface El {
  tagName: string;
  className: unknown;
  id: string;
  parentElement: El | null;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
  style: { backgroundColor: string };
  getClientRects(): { length: number };
  closest(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  append(child: El): void;
  remove(): void;
}
interface Win {
  document: { body: El; querySelector(selector: string): El | null; createElement(tag: string): El };
  getComputedStyle(el: El): { backgroundColor: string; color: string; opacity: string; visibility: string };
}

export function contrastProblems(args: { root: string; min: number }): ContrastProblem[] {
  const { document, getComputedStyle } = globalThis as unknown as Win;
  const TEXT_NODE = 3;
  type Rgba = [number, number, number, number]; // premultiplied, 0..1
  const parse = (css: string): Rgba => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    const a = p.length > 3 ? p[3] : 1;
    return [(p[0] / 255) * a, (p[1] / 255) * a, (p[2] / 255) * a, a];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => top.map((c, i) => c + bottom[i] * (1 - top[3])) as Rgba;
  const scale = (c: Rgba, k: number): Rgba => c.map((x) => x * k) as Rgba;
  const lum = (c: Rgba): number => {
    const lin = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  };
  const hex = (c: Rgba): string => '#' + c.slice(0, 3).map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('');
  // The webview sits on the editor background (VS Code paints it behind the frame).
  const probe = document.createElement('div');
  probe.style.backgroundColor = 'var(--vscode-editor-background, #ffffff)';
  document.body.append(probe);
  const base = parse(getComputedStyle(probe).backgroundColor);
  probe.remove();
  const opaqueBase: Rgba = base[3] > 0 ? base : [1, 1, 1, 1];

  const problems: ContrastProblem[] = [];
  const root = document.querySelector(args.root);
  if (!root) return [{ text: '', where: args.root, fg: '', bg: '', ratio: 0 }];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim()).join(' ');
    if (!own || !el.getClientRects().length || el.closest(':disabled')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const chain: El[] = [];
    for (let e: El | null = el; e; e = e.parentElement) chain.unshift(e);
    // What the chain paints from element i down, as one opacity group over transparent.
    const render = (i: number, text: boolean): Rgba => {
      const cs = getComputedStyle(chain[i]);
      let acc = parse(cs.backgroundColor);
      if (i === chain.length - 1) {
        if (text) acc = over(parse(cs.color), acc);
      } else {
        acc = over(render(i + 1, text), acc);
      }
      return scale(acc, Number(cs.opacity));
    };
    const fg = over(render(0, true), opaqueBase);
    const bg = over(render(0, false), opaqueBase);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < args.min) {
      const where = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} in ${el.closest('[id]')?.id ?? '?'}`;
      problems.push({ text: own.slice(0, 60), where, fg: hex(fg), bg: hex(bg), ratio: Math.round(ratio * 100) / 100 });
    }
  }
  return problems;
}
