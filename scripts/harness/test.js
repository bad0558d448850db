// @ts-check
// `npm test`: everything from a fresh clone, offline but for the npm registry. Installs what is
// missing (npm dependencies, code-server), builds, runs every suite even when one fails, and ends
// with one line counting all suites' tests: "N passed, N failed".
// Plain JavaScript with no dependencies: it runs before anything is installed or compiled.
'use strict';
const { spawn } = require('child_process');
const { HarnessError, ROOT, ensureCodeServer, ensureDependencies, log, removeStaleProfiles, requireChromium, run } = require('./env');

/**
 * kind 'mocha': the suite's own mocha summary ("N passing", "N failing") is counted;
 * kind 'check': a tool without test counts (ESLint) counts as one test.
 * @type {{ name: string, kind: 'mocha' | 'check', args: string[] }[]}
 */
const SUITES = [
  { name: 'lint', kind: 'check', args: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', kind: 'mocha', args: ['npm', 'run', '--silent', 'test:unit'] },
  { name: 'webview: the panel bundle in Chromium (harness page)', kind: 'mocha', args: ['node', 'scripts/harness/run-webview.js'] },
  { name: 'integration: code-server 1.139 (Node extension host)', kind: 'mocha', args: ['node', 'scripts/harness/run-integration.js'] },
  { name: 'integration: VS Code for the Web 1.91 (web worker host)', kind: 'mocha', args: ['node', 'scripts/harness/run-web.js'] },
  { name: 'UI: Chromium driving code-server with the .vsix', kind: 'mocha', args: ['node', 'scripts/harness/run-ui.js'] },
  { name: 'UI: Chromium driving VS Code for the Web 1.91 with the unpacked .vsix', kind: 'mocha', args: ['node', 'scripts/harness/run-ui-web.js'] },
  { name: 'UI: Japanese display language (code-server --locale ja, a local language pack)', kind: 'mocha', args: ['node', 'scripts/harness/run-ui-ja.js'] },
];

/** Runs a command, copying its output through, and resolves with its exit code and output. */
function runCaptured(/** @type {string[]} */ [command, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      output += d;
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      output += d;
    });
    child.on('error', (e) => resolve({ code: 1, output: String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The last "N passing" / "N failing" mocha printed. @param {string} output */
function mochaCounts(output) {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const last = (/** @type {RegExp} */ re) => {
    const all = [...plain.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : 0;
  };
  return { passed: last(/^\s*(\d+) passing/gm), failed: last(/^\s*(\d+) failing/gm) };
}

/** How many lines of a suite's failure report the summary repeats. */
const FAILURE_LINES = 40;

/**
 * Mocha's failure report (from its last "N failing" on), so that the summary at the end of a long
 * CI log says which test failed and why, not only how many.
 * @param {string} output
 */
function failureReport(output) {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const all = [...plain.matchAll(/^\s*\d+ failing\s*$/gm)];
  if (!all.length) return [];
  const lines = plain.slice(all[all.length - 1].index).split('\n').filter((l) => l.trim() !== '');
  return lines.length > FAILURE_LINES ? [...lines.slice(0, FAILURE_LINES), `  ... (${lines.length - FAILURE_LINES} more lines in the suite output above)`] : lines;
}

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const started = Date.now();
  /** @type {{ name: string, passed: number, failed: number, ms: number, note: string, report?: string[] }[]} */
  const results = [];
  const setupStarted = Date.now();
  try {
    ensureDependencies();
    removeStaleProfiles();
    requireChromium();
    ensureCodeServer();
    run('node', ['esbuild.js', '--tests']);
  } catch (e) {
    console.error(e instanceof HarnessError ? `[harness] ${e.message}` : e);
    results.push({ name: 'setup (install and build)', passed: 0, failed: 1, ms: Date.now() - setupStarted, note: 'failed: no suite ran' });
  }
  if (!results.length) {
    log(`setup (install and build) took ${seconds(Date.now() - setupStarted)}`);
    for (const suite of SUITES) {
      console.log(`\n[harness] ===== ${suite.name} =====`);
      const suiteStarted = Date.now();
      const { code, output } = await runCaptured(suite.args);
      const ms = Date.now() - suiteStarted;
      if (suite.kind === 'check') {
        results.push({ name: suite.name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, ms, note: code === 0 ? '' : `exit ${code}` });
        continue;
      }
      const counts = mochaCounts(output);
      let note = '';
      // A suite that crashed before mocha reported, or that ran nothing, must not look green.
      if (code !== 0 && counts.failed === 0) {
        counts.failed = 1;
        note = `exit ${code} without a failing test: counted as 1 failure`;
      } else if (code === 0 && counts.passed === 0) {
        counts.failed = 1;
        note = 'ran no test: counted as 1 failure';
      }
      results.push({ name: suite.name, ...counts, ms, note, report: failureReport(output) });
    }
  }

  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('\n[harness] ===== summary =====');
  for (const r of results) {
    console.log(`[harness] ${r.failed ? 'FAIL' : 'ok  '} ${r.name}: ${r.passed} passed, ${r.failed} failed (${seconds(r.ms)})${r.note ? ` - ${r.note}` : ''}`);
  }
  for (const r of results.filter((x) => x.report?.length)) {
    console.log(`\n[harness] ===== what failed in ${r.name} =====`);
    for (const line of r.report ?? []) console.log(line);
  }
  console.log(`[harness] total ${seconds(Date.now() - started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
