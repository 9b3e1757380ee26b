// The toolchain worker thread: loads @yowasp/clang (LLVM in WebAssembly) on its first build and
// keeps it, compiled, for the next ones; runs the recipe; answers one message per build.
// Never loaded at activation: toolchain.ts starts this worker on the first build.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { BuildRequest } from '../../programs/make/buildProtocol';
import { kbuildRecipe, type Tools, type Tree, type ToolRun } from './recipe';
import { cabiRecipe } from './cabiRecipe';
import type { Binaryen } from '../cmodule/instrument';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

interface YowaspCommand {
  (args: string[], files: Tree, options: Record<string, unknown>): Promise<Tree | undefined>;
}
interface Yowasp {
  commands: Record<string, YowaspCommand>;
}

const data = workerData as { clangBundle: string; binaryen?: string };
let binaryen: Promise<Binaryen> | undefined;

function loadBinaryen(): Promise<Binaryen> {
  if (!data.binaryen) return Promise.reject(new Error('binaryen is missing'));
  binaryen ??= import(pathToFileURL(data.binaryen).href).then((m: { default?: Binaryen }) => (m.default ?? m) as Binaryen);
  return binaryen;
}
let yowasp: Promise<Yowasp> | undefined;
let headers: Tree = {};
const dec = new TextDecoder();

function load(): Promise<Yowasp> {
  // a computed specifier: esbuild leaves it alone, Node loads the ESM package at run time
  yowasp ??= (async () => {
    const y = (await import(pathToFileURL(data.clangBundle).href)) as Yowasp;
    // fetch LLVM's resources now, quietly: clang's first internal run (-###) would print
    // "fetched N%" progress lines to the console
    await (y.commands.clang as unknown as (a: null, f: Tree, o: object) => Promise<unknown>)(null, {}, { fetchProgress: () => undefined });
    return y;
  })();
  return yowasp;
}

async function runTool(name: string, args: string[], files: Tree): Promise<ToolRun> {
  const { commands } = await load();
  let stderr = '';
  const sink = (b: Uint8Array | null): void => {
    if (b) stderr += dec.decode(b, { stream: true });
  };
  try {
    const out = await commands[name](args, files, { stdout: sink, stderr: sink, fetchProgress: () => undefined, decodeASCII: false });
    return { code: 0, stderr, files: out ?? {} };
  } catch (err) {
    const e = err as { code?: unknown; files?: Tree; message?: string };
    if (typeof e.code === 'number') return { code: e.code, stderr, files: e.files ?? {} };
    return { code: 70, stderr: `${stderr}${e.message ?? String(err)}\n`, files: {} };
  }
}

const tools: Tools = {
  clang: (args, files) => runTool('clang', args, files),
  wasmLd: (args, files) => runTool('wasm-ld', args, files),
};

parentPort!.on('message', (msg: WorkerRequest) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      if (msg.kind === 'headers') {
        headers = msg.headers as Tree;
        reply = { id: msg.id, kind: 'ok' };
      } else if (msg.kind === 'warm') {
        await runTool('clang', ['--version'], {});
        reply = { id: msg.id, kind: 'ok' };
      } else {
        // the ABI recipe needs the kernel headers; without them (until they ship) the minimal one
        const result = headers.include
          ? await cabiRecipe(tools, await loadBinaryen(), msg.request as BuildRequest, headers)
          : await kbuildRecipe(tools, msg.request as BuildRequest, headers);
        reply = { id: msg.id, kind: 'built', result };
      }
    } catch (err) {
      reply = { id: msg.id, kind: 'failed', error: err instanceof Error ? err.stack ?? err.message : String(err) };
    }
    parentPort!.postMessage(reply);
  })();
});
