// @vscode/test-cli configuration: `npm run test:vscode` runs the extension-host suites
// (out/test/integration/**/*.test.js, built by test/integration/build.mjs) in a VS Code that
// @vscode/test-electron downloads. Use it where VS Code can be downloaded (a developer's
// machine, a hosted CI). Where it cannot, `npm run test:integration` runs the same suites in
// code-server (test/e2e/run.sh --ext-only). Suites must pass on both routes.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: '1.100.3', // the VS Code of code-server 4.100.3 and of engines.vscode ^1.100.0
  mocha: { ui: 'bdd', timeout: 30000, color: true },
  launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes'],
});
