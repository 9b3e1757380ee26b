// The real tools behind recipe.ts's Toolchain: clang and wasm-ld from @yowasp/clang (LLVM built
// for WebAssembly), binaryen's JS API, and the kernel headers read from disk. Loaded on the first
// build, never at activation (the clang package is ~100 MB): call loadToolchain() lazily, ideally
// in a worker thread. Node only (fs, path); the recipe itself stays pure.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileTree, Toolchain, ToolRun } from './recipe';
import type { Binaryen } from './instrument';

/** The folder holding include/ (resources/kernel-headers), found upwards from `from`. */
export function findHeadersDir(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'kernel-headers');
    if (existsSync(join(candidate, 'include', 'linux', 'module.h'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A folder as a FileTree (text files as strings). */
export function readTree(dir: string): FileTree {
  const tree: FileTree = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    tree[name] = statSync(p).isDirectory() ? readTree(p) : readFileSync(p, 'utf8');
  }
  return tree;
}

type YowaspCommand = (args: string[], files: FileTree, options: object) => Promise<FileTree> | FileTree | undefined;
interface YowaspClang {
  commands: { clang: YowaspCommand; 'wasm-ld': YowaspCommand };
}

// esbuild turns import() into require() in the CommonJS bundles; both packages are ES modules
// that find their .wasm files next to themselves, so they are imported by Node at run time.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

let cached: Promise<{ yowasp: YowaspClang; binaryen: Binaryen }> | undefined;

function loadPackages(): Promise<{ yowasp: YowaspClang; binaryen: Binaryen }> {
  cached ??= (async () => {
    const [yowasp, bin] = await Promise.all([importEsm('@yowasp/clang'), importEsm('binaryen')]);
    return { yowasp: yowasp as YowaspClang, binaryen: ((bin as { default?: Binaryen }).default ?? bin) as Binaryen };
  })();
  return cached;
}

function runner(cmd: YowaspCommand): (args: string[], files: FileTree) => Promise<ToolRun> {
  return async (args, files) => {
    let stderr = '';
    const decoder = new TextDecoder();
    const options = {
      stdout: (bytes: Uint8Array | null) => { if (bytes) stderr += decoder.decode(bytes, { stream: true }); },
      stderr: (bytes: Uint8Array | null) => { if (bytes) stderr += decoder.decode(bytes, { stream: true }); },
      fetchProgress: () => undefined,
      decodeASCII: false,
    };
    try {
      const out = (await cmd(args, files, options)) ?? {};
      return { exitCode: 0, stderr, files: out };
    } catch (err) {
      const e = err as { code?: number; files?: FileTree };
      if (typeof e.code !== 'number') throw err;
      return { exitCode: e.code || 1, stderr, files: e.files ?? {} };
    }
  };
}

/** The toolchain with the headers at `headersDir` (default: the repository's resources/kernel-headers). */
export async function loadToolchain(headersDir: string | undefined = findHeadersDir()): Promise<Toolchain> {
  if (!headersDir) throw new Error('kernel headers not found (resources/kernel-headers)');
  const { yowasp, binaryen } = await loadPackages();
  return {
    clang: runner(yowasp.commands.clang),
    wasmLd: runner(yowasp.commands['wasm-ld']),
    binaryen,
    headers: readTree(headersDir),
  };
}
