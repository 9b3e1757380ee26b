// Builds every bundle of the project (the shape of vscode-hexeditor's esbuild config):
//   dist/extension.js        extension host (node, cjs, `vscode` external)
//   dist/cli.js              the `kmlab` command (node, cjs)
//   dist/machineWorker.js    the extension's live machine (worker thread, node, cjs)
//   dist/caseStudyWorker.js  one case-study run (worker thread)
//   dist/webview/*.js        webview front ends (browser, iife)
// and, on request, the unit tests (--tests → out/test/unit) and benchmarks (--bench → out/bench).
//   node esbuild.mjs [--watch] [--production] [--tests] [--bench]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync, mkdirSync, statSync, linkSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
};

/** Files under dir (recursive) whose name ends with suffix. */
function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, suffix));
    else if (entry.name.endsWith(suffix)) out.push(path);
  }
  return out;
}

/** The C toolchain's worker thread (src/host/toolchain/worker.ts), beside the bundle that starts it. */
function toolchainWorker(outdir) {
  return {
    ...common, sourcemap: false,
    entryPoints: ['src/host/toolchain/worker.ts'], outfile: join(outdir, 'toolchainWorker.js'),
    platform: 'node', format: 'cjs',
  };
}

/**
 * The .vsix carries no node_modules (vsce --no-dependencies): copy @yowasp/clang's bundle and
 * .wasm files into dist/toolchain/clang/, where locateToolchain() finds them. Hard links when
 * the file system allows (no 100 MB copy on every build).
 */
function copyToolchain(outdir) {
  copyInto('node_modules/@yowasp/clang/gen', join(outdir, 'toolchain', 'clang'), (n) => n);
  copyInto('node_modules/binaryen', join(outdir, 'toolchain', 'binaryen'), (n) => (n === 'index.js' ? 'index.mjs' : undefined));
}

/** Links (or copies) the files of `from` that `rename` names into `to`. */
function copyInto(from, to, rename) {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    // .mjs: the package's "type": "module" stays behind in node_modules
    const target = rename(name === 'bundle.js' ? 'bundle.mjs' : name);
    if (!target || !statSync(join(from, name)).isFile()) continue;
    const dst = join(to, target);
    if (existsSync(dst) && statSync(dst).size === statSync(join(from, name)).size) continue;
    rmSync(dst, { force: true });
    try {
      linkSync(join(from, name), dst);
    } catch {
      copyFileSync(join(from, name), dst);
    }
  }
}

const webviewEntries = ['dashboard', 'guide', 'report', 'grade']
  .map((name) => ({ in: `src/webview/${name}/main.ts`, out: name }))
  .filter((e) => existsSync(e.in));

const builds = [];
if (args.has('--tests')) {
  rmSync('out/test/unit', { recursive: true, force: true });
  builds.push({
    ...common, sourcemap: 'inline', minify: false,
    entryPoints: filesUnder('test/unit', '.test.ts'),
    outdir: 'out/test/unit', outbase: 'test/unit',
    // eslint is loaded from node_modules (the layer test runs its Node API; it cannot be bundled)
    platform: 'node', format: 'cjs', external: ['vscode', 'eslint'],
  }, toolchainWorker('out/test/unit'));
} else if (args.has('--bench')) {
  builds.push({
    ...common, sourcemap: false, minify: false,
    entryPoints: ['bench/index.ts'], outfile: 'out/bench/index.js',
    platform: 'node', format: 'cjs',
  }, toolchainWorker('out/bench'));
} else {
  builds.push(
    {
      ...common,
      entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js',
      platform: 'node', format: 'cjs', external: ['vscode'],
    },
    {
      ...common,
      entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js',
      platform: 'node', format: 'cjs',
    },
    {
      ...common,
      entryPoints: ['src/host/caseStudyWorker.ts'], outfile: 'dist/caseStudyWorker.js',
      platform: 'node', format: 'cjs',
    },
    {
      // the live machine of the extension, off the extension host's thread
      ...common,
      entryPoints: ['src/host/machineWorker.ts'], outfile: 'dist/machineWorker.js',
      platform: 'node', format: 'cjs',
    },
    {
      // one submission graded on its own thread (src/host/grade/pool.ts starts it)
      ...common,
      entryPoints: ['src/host/grade/worker.ts'], outfile: 'dist/gradeWorker.js',
      platform: 'node', format: 'cjs',
    },
    toolchainWorker('dist'),
  );
  copyToolchain('dist');
  if (webviewEntries.length) {
    builds.push({
      ...common,
      entryPoints: webviewEntries, outdir: 'dist/webview',
      platform: 'browser', format: 'iife',
    });
  }
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
