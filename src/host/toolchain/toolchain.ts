// The C toolchain host (Node only; used by the CLI and the extension alike). Nothing loads at
// activation: the first build starts a worker thread (worker.ts), which loads @yowasp/clang and
// keeps it compiled; later builds reuse the same worker, so only the first pays the load.
// The extension host never blocks on a build: clang runs in the worker, this side only posts
// messages. Builds run one at a time (LLVM's WebAssembly instance is not re-entrant).
import { Worker } from 'node:worker_threads';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildRequest, BuildResult } from '../../programs/make/buildProtocol';
import type { WorkerReply, WorkerRequest, WorkerRequestBody } from './workerProtocol';
import type { Tree } from './recipe';

export interface ToolchainPaths {
  /** the bundled worker script (dist/toolchainWorker.js) */
  readonly worker: string;
  /** @yowasp/clang's ESM entry (its .wasm files sit beside it) */
  readonly clangBundle: string;
  /** binaryen's ESM entry (instrumentation and lowering), if present */
  readonly binaryen?: string;
  /** the kernel headers shipped with the extension (resources/kernel-headers), if present */
  readonly headersDir?: string;
}

/** Walks up from `from` to the first directory holding `rel`. */
function findUp(from: string, rel: string): string | undefined {
  for (let d = from; ; d = dirname(d)) {
    const p = join(d, rel);
    if (existsSync(p)) return p;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Where the toolchain's files are: next to the running bundle (dist/ in the .vsix carries
 * toolchain/clang/ and resources/), else in the source tree's node_modules (tests, `npm run`).
 */
export function locateToolchain(baseDir: string = __dirname): ToolchainPaths {
  const worker = join(baseDir, 'toolchainWorker.js');
  const packaged = join(baseDir, 'toolchain', 'clang', 'bundle.mjs');
  const clangBundle = existsSync(packaged) ? packaged : findUp(baseDir, join('node_modules', '@yowasp', 'clang', 'gen', 'bundle.js')) ?? packaged;
  const packagedBinaryen = join(baseDir, 'toolchain', 'binaryen', 'index.mjs');
  const binaryen = existsSync(packagedBinaryen) ? packagedBinaryen : findUp(baseDir, join('node_modules', 'binaryen', 'index.js'));
  const headersDir = findUp(baseDir, join('resources', 'kernel-headers'));
  return { worker, clangBundle, ...(binaryen ? { binaryen } : {}), ...(headersDir ? { headersDir } : {}) };
}

/** A directory as the compiler's file tree (text files as strings). */
export function readTree(dir: string): Tree {
  const t: Tree = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    t[name] = statSync(p).isDirectory() ? readTree(p) : readFileSync(p, 'utf8');
  }
  return t;
}

export class Toolchain {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: WorkerReply) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly paths: ToolchainPaths = locateToolchain()) {}

  /** Whether the worker (and so LLVM) is up: false until the first build. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Builds a module. Never rejects: a toolchain failure comes back as `hostError`. */
  build(request: BuildRequest): Promise<BuildResult> {
    return this.serial(async () => {
      const reply = await this.send({ kind: 'build', request });
      if (reply.kind === 'built') return reply.result;
      return { ok: false, diagnostics: [], files: {}, hostError: reply.kind === 'failed' ? reply.error : 'no result' };
    });
  }

  /** Loads LLVM now (e.g. when a C file is opened), so the first build is a warm one. */
  warm(): Promise<void> {
    return this.serial(async () => {
      await this.send({ kind: 'warm' });
    });
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    if (!existsSync(this.paths.worker)) throw new Error(`the C toolchain is missing: ${this.paths.worker}`);
    if (!existsSync(this.paths.clangBundle)) throw new Error(`the C toolchain is missing: ${this.paths.clangBundle}`);
    const w = new Worker(this.paths.worker, { workerData: { clangBundle: this.paths.clangBundle, binaryen: this.paths.binaryen } });
    w.unref();
    w.on('message', (r: WorkerReply) => {
      const resolve = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (this.waiting.size === 0) w.unref();
      resolve?.(r);
    });
    const fail = (why: string): void => {
      if (this.worker === w) this.worker = undefined;
      for (const [id, resolve] of this.waiting) resolve({ id, kind: 'failed', error: why });
      this.waiting.clear();
    };
    w.on('error', (err) => fail(`the C toolchain crashed: ${err.message}`));
    w.on('exit', (code) => fail(`the C toolchain exited (${code})`));
    this.worker = w;
    const headers = this.paths.headersDir ? readTree(this.paths.headersDir) : {};
    this.post(w, { kind: 'headers', headers });
    return w;
  }

  private post(w: Worker, msg: WorkerRequestBody): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      w.ref(); // a build in flight keeps the process alive (kmlab sh -c 'make')
      w.postMessage({ ...msg, id } as WorkerRequest);
    });
  }

  private async send(msg: WorkerRequestBody): Promise<WorkerReply> {
    let w: Worker;
    try {
      w = this.start();
    } catch (err) {
      return { id: 0, kind: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
    return this.post(w, msg);
  }
}

let shared: Toolchain | undefined;

/** The process's one toolchain (one worker, warm between builds). */
export function sharedToolchain(): Toolchain {
  shared ??= new Toolchain();
  return shared;
}
