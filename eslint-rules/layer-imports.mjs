// ESLint rule "layers/imports": the layers of src/ (README, Develop) import one way only.
//
//   kernel ← module ← programs ← lab ← (cli, extension)      webview → shared only
//   host (Node-only helpers for cli and extension) ← (cli, extension); cli and extension do
//   not import each other.
//
// Each file's layer is the folder under src/ it lives in; an import's layer is the folder
// under src/ its resolved path lands in. Imports that leave src/ (packages, Node built-ins)
// are the other rules' business. Test files are not layered.
import path from 'node:path';

/** For each layer, the layers its files may import (besides their own). */
export const ALLOWED = {
  kernel: [],
  module: ['kernel'],
  programs: ['kernel', 'module'],
  lab: ['kernel', 'module', 'programs', 'shared'],
  shared: [],
  webview: ['shared'],
  host: ['kernel', 'module', 'programs', 'lab', 'shared'],
  cli: ['host', 'kernel', 'module', 'programs', 'lab', 'shared'],
  extension: ['host', 'kernel', 'module', 'programs', 'lab', 'shared'],
};

/** The layer of an absolute path under some src/ folder, and that src folder. */
function layerOf(file) {
  const parts = path.resolve(file).split(path.sep);
  const i = parts.lastIndexOf('src');
  if (i < 0 || i + 2 > parts.length) return undefined;
  const layer = parts[i + 1].replace(/\.[cm]?[jt]s$/, '');
  return { layer, src: parts.slice(0, i + 1).join(path.sep) };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'imports point one way between the layers of src/' },
    schema: [{
      type: 'object',
      properties: { allow: { type: 'array', items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } }, required: ['from', 'to'] } } },
      additionalProperties: false,
    }],
    messages: {
      wrongWay: "{{from}}/ must not import {{to}}/ ('{{source}}'): imports point one way — kernel ← module ← programs ← lab ← (cli, extension), host ← (cli, extension), webview → shared only.",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const here = layerOf(filename);
    if (!here || !(here.layer in ALLOWED)) return {};
    const allow = context.options[0]?.allow ?? [];
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(filename), source);
      const there = layerOf(target);
      if (!there || there.src !== here.src || there.layer === here.layer) return;
      if (ALLOWED[here.layer].includes(there.layer)) return;
      const rel = (p) => path.relative(path.dirname(here.src), p).split(path.sep).join('/');
      if (allow.some((a) => rel(filename) === a.from && rel(target).replace(/\.[cm]?[jt]s$/, '') === a.to)) return;
      context.report({ node, messageId: 'wrongWay', data: { from: here.layer, to: there.layer, source } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
