// `npm test`: every stage in order, then ONE closing line "N passed, N failed" that totals
// the unit tests (Node's runner), the UI checks and the extension-host tests (test:e2e).
// typecheck, lint and build add no passes; a failing one counts as 1 failure, and a failed
// build skips the test stages (each counted as 1 failure). Exits non-zero on any failure.
import { spawn } from 'node:child_process';

const STAGES = [
  { script: 'typecheck' },
  { script: 'lint' },
  { script: 'build', required: true },
  { script: 'test:unit', counts: true },
  { script: 'test:visual', counts: true },
  { script: 'test:e2e', counts: true },
];

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Counts from a stage's output: its last "N passed, N failed" line, else node --test's summary. */
function countsFrom(lines) {
  const own = lines.filter((l) => /^\d+ passed, \d+ failed/.test(l)).pop();
  if (own) { const [p, f] = own.match(/\d+/g).map(Number); return { passed: p, failed: f }; }
  const stat = (name) => Number(lines.filter((l) => l.startsWith(`ℹ ${name} `)).pop()?.split(' ')[2] ?? NaN);
  if (Number.isNaN(stat('pass'))) return null;
  return { passed: stat('pass'), failed: stat('fail') + (stat('cancelled') || 0) };
}

function run(script) {
  return new Promise((resolve) => {
    const lines = [];
    let rest = '';
    const child = spawn('npm', ['run', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const text = rest + chunk.toString();
      const parts = text.split('\n');
      rest = parts.pop();
      lines.push(...parts.map((l) => l.replace(ANSI, '').trim()));
    });
    child.on('close', (code) => { if (rest) lines.push(rest.replace(ANSI, '').trim()); resolve({ code, lines }); });
  });
}

let passed = 0, failed = 0;
const report = [];
let blocked = false;
for (const stage of STAGES) {
  if (blocked) { failed++; report.push(`${stage.script}: skipped (build failed)`); continue; }
  const t0 = Date.now();
  console.log(`\n===== npm run ${stage.script}`);
  const { code, lines } = await run(stage.script);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  let note = code === 0 ? 'ok' : `FAILED (exit ${code})`;
  if (stage.counts) {
    const c = countsFrom(lines);
    if (c) {
      // a non-zero exit with no failing test still counts as a failure
      const f = code !== 0 && c.failed === 0 ? 1 : c.failed;
      passed += c.passed; failed += f;
      note += `, ${c.passed} passed, ${f} failed`;
    } else {
      failed++;
      note += ', no test counts in its output (counted as 1 failure)';
    }
  } else if (code !== 0) {
    failed++;
  }
  if (code !== 0 && stage.required) blocked = true;
  report.push(`${stage.script}: ${note} (${secs} s)`);
}
console.log('\n===== summary');
for (const line of report) console.log('  ' + line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
