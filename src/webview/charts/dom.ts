// Tiny DOM builder for the webviews. Text goes through textContent only: no innerHTML anywhere,
// so nothing the host sends (process names, file names, error text) can become markup.

export type Attrs = Record<string, string | number | boolean | undefined>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** Replaces an element's children. */
export function setChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** A table from a header row and string rows (rebuilt wholesale; callers throttle). */
export function fillTable(table: HTMLTableElement, caption: string, header: string[], rows: string[][], numericFrom = 1): void {
  const cap = h('caption', {}, caption);
  const thead = h('thead', {}, h('tr', {}, ...header.map((c, i) => h('th', { scope: 'col', class: i >= numericFrom ? 'num' : undefined }, c))));
  const tbody = h('tbody');
  for (const r of rows) {
    tbody.append(h('tr', {}, ...r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: i >= numericFrom ? 'num' : undefined }, c)))));
  }
  table.replaceChildren(cap, thead, tbody);
}
