#!/usr/bin/env node
// Launcher for the `kmlab` command: the CLI itself is bundled into dist/cli.js by `npm run build`.
'use strict';
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('kmlab: dist/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}
require(cli).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`kmlab: ${err && err.stack ? err.stack : err}`); process.exitCode = 1; },
);
