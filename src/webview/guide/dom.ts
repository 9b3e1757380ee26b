// DOM helpers for the guide webview: elements are built node by node and text goes through
// textContent only, so nothing from the data is ever parsed as HTML.
import { parseMarkdown, type Block, type Inline } from './markdown';

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (`class`, `aria-*`, …) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/**
 * Called for a `[label](command:id)` link: returns a button that runs the matching step action,
 * or undefined to render the label as plain text.
 */
export type CommandLinkRenderer = (label: string, command: string) => HTMLElement | undefined;

function renderInline(nodes: Inline[], onCommandLink: CommandLinkRenderer): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        frag.append(document.createTextNode(n.v));
        break;
      case 'code':
        frag.append(h('code', {}, n.v));
        break;
      case 'strong':
        frag.append(h('strong', {}, renderInline(n.c, onCommandLink)));
        break;
      case 'link':
        if (n.href.startsWith('command:')) {
          frag.append(onCommandLink(n.text, n.href.slice('command:'.length)) ?? document.createTextNode(n.text));
        } else {
          // https only (checked by the parser); VS Code opens it in the browser.
          frag.append(h('a', { href: n.href, title: n.href }, n.text));
        }
        break;
    }
  }
  return frag;
}

function renderBlock(b: Block, onCommandLink: CommandLinkRenderer): HTMLElement {
  switch (b.t) {
    case 'p':
      return h('p', {}, renderInline(b.c, onCommandLink));
    case 'h':
      return h('h4', {}, renderInline(b.c, onCommandLink));
    case 'ul':
      return h('ul', {}, ...b.items.map((it) => h('li', {}, renderInline(it, onCommandLink))));
    case 'ol':
      return h('ol', { start: b.start === 1 ? undefined : b.start }, ...b.items.map((it) => h('li', {}, renderInline(it, onCommandLink))));
    case 'pre': {
      const code = h('code', b.lang ? { class: `language-${b.lang}` } : {}, b.v);
      return h('pre', { tabindex: 0, 'aria-label': b.lang ? `${b.lang} code` : 'code' }, code);
    }
  }
}

/** Renders the markdown subset into a fragment of real DOM nodes. */
export function renderMarkdown(src: string, onCommandLink: CommandLinkRenderer): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const b of parseMarkdown(src)) frag.append(renderBlock(b, onCommandLink));
  return frag;
}
