// @ts-check
// `npm run bench:start`: the first minutes of a new user, timed on a fresh clone of this
// repository's HEAD in a scratch folder (deleted afterwards; `-- --keep` keeps it):
//  1. `npm ci`: npm's own dependency install (with this machine's npm cache);
//  2. `npm start` until it prints the address, then real Chromium until the workbench lists the
//     examples, until an example is open, and until Apply Dropout to Selection has painted
//     the panel: a working editor;
//  3. the same `npm start` until code-server, installed in the background, answers, and its
//     workbench lists the examples;
//  4. Ctrl-C (SIGINT to the npm start), then a check that no process of the clone is left.
// Screenshots of each first screen: .vscode-test/shots/start-*.png.
// The figures depend on the load: on a shared machine, run it twice.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ROOT, VSCODE_TEST, freePort, launchChromium, requireChromium, runMain } = require('./harness/env');

const FILE = 'getting_started.py';
const LINE = 'x = torch.tensor([[1.0, 2.0, 3.0, 4.0]';
const COMMAND = 'Dropout Lens: Apply Dropout to Selection';

const started = Date.now();
/** @type {[string, number][]} */
const figures = [];
/** @param {string} what @param {number} [since] */
function mark(what, since = started) {
  const s = (Date.now() - since) / 1000;
  figures.push([what, s]);
  console.log(`[bench:start] ${what}: ${s.toFixed(1)} s`);
}

/** Runs `npm ci` in the clone. @param {string} dir */
function npmCi(dir) {
  const t = Date.now();
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
  mark('npm ci (npm\'s dependency install)', t);
}

/**
 * Starts `npm start` in its own process group; `line(re)` resolves with the first output line matching re.
 * @param {string} dir @param {number} port
 */
function npmStart(dir, port) {
  const child = spawn('npm', ['start'], { cwd: dir, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = fs.createWriteStream(path.join(os.tmpdir(), `dropout-lens-bench-start-${process.pid}.log`));
  /** @type {{ re: RegExp, resolve: (m: RegExpExecArray) => void }[]} */
  const waiting = [];
  let text = '';
  const onData = (/** @type {Buffer} */ d) => {
    log.write(d);
    text += d;
    for (const w of [...waiting]) {
      const m = w.re.exec(text);
      if (m) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    log: log.path,
    exited,
    /** @param {RegExp} re @param {number} timeoutMs @returns {Promise<RegExpExecArray>} */
    line(re, timeoutMs) {
      const m = re.exec(text);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        waiting.push({ re, resolve });
        setTimeout(() => reject(new Error(`npm start printed no ${re} in ${timeoutMs / 1000} s; its output: ${log.path}`)), timeoutMs).unref();
        exited.then(() => reject(new Error(`npm start exited before printing ${re}; its output: ${log.path}`)));
      });
    },
    /** Ctrl-C in a terminal: SIGINT to the whole foreground group. */
    interrupt() {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGINT');
      } catch {
        // already gone
      }
    },
  };
}

/**
 * The workbench at `url` until it lists the examples; then, if `apply`, the example opened from
 * the Explorer, its literal selected and the command run until the panel shows the input.
 * @param {import('playwright-core').Page} page @param {string} url @param {boolean} apply @param {string} shot
 */
async function useWorkbench(page, url, apply, shot) {
  const shots = path.join(VSCODE_TEST, 'shots');
  fs.mkdirSync(shots, { recursive: true });
  const t = Date.now();
  await page.goto(url);
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first();
  await row.waitFor({ timeout: 120000 });
  mark(`  ${url}: the workbench lists the examples`, t);
  await page.screenshot({ path: path.join(shots, `start-${shot}-first.png`) });
  if (!apply) return;
  await row.click();
  const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: LINE }).first();
  await line.waitFor({ timeout: 60000 });
  mark(`  ${FILE} open`, t);
  await line.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  for (let attempt = 0; !(await page.locator('.quick-input-widget input.input').first().isVisible()); attempt++) {
    if (attempt === 10) throw new Error('the command palette did not open');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').first().waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
  }
  await page.keyboard.type(COMMAND);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.frameLocator('iframe.webview').frameLocator('iframe#active-frame').locator('#grid-input td[role=gridcell]').first().waitFor({ timeout: 60000 });
  mark(`  ${COMMAND} painted the panel`, t);
  await page.screenshot({ path: path.join(shots, `start-${shot}-panel.png`) });
}

/** Processes whose command line or working directory is inside `dir`. @param {string} dir */
function processesIn(dir) {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid).flatMap((p) => {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const cwd = fs.readlinkSync(`/proc/${p}/cwd`);
      return cmd.includes(dir) || cwd.startsWith(dir) ? [`${p}: ${cmd}`] : [];
    } catch {
      return []; // gone, or not ours to read
    }
  });
}

runMain(async () => {
  requireChromium();
  const keep = process.argv.includes('--keep');
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-fresh-'));
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  spawnSync('git', ['clone', '--quiet', ROOT, clone], { stdio: 'inherit' });
  console.log(`[bench:start] fresh clone of ${head} in ${clone}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let ok = false;
  try {
    npmCi(clone);
    const port = await freePort();
    const t = Date.now();
    const start = npmStart(clone, port);
    const browser = await launchChromium();
    try {
      const [, url] = await start.line(/running in VS Code for the Web [\d.]+ at (http:\/\/\S+)/, 300000);
      mark('npm start: prints the address', t);
      // The address users type: 127.0.0.1, redirected to localhost.
      await useWorkbench(browser.page, url.replace('localhost', '127.0.0.1'), true, 'web');
      mark('npm start: a working editor (VS Code for the Web)', t);
      const [, csUrl] = await start.line(/Also in code-server [\d.]+ .* at (http:\/\/\S+)/, 1200000);
      mark('npm start: code-server installed and answering', t);
      await useWorkbench(browser.page, `${csUrl}/?folder=${encodeURIComponent(path.join(clone, 'examples'))}`, false, 'code-server');
      mark('npm start: code-server\'s workbench lists the examples', t);
    } finally {
      await browser.close();
      start.interrupt();
      await Promise.race([start.exited, new Promise((r) => setTimeout(r, 20000))]);
    }
    const left = processesIn(clone);
    if (left.length) throw new Error(`Ctrl-C left processes running:\n${left.join('\n')}`);
    console.log('[bench:start] Ctrl-C: nothing left running');
    ok = true;
  } finally {
    if (keep) console.log(`[bench:start] kept ${clone}`);
    else fs.rmSync(clone, { recursive: true, force: true, maxRetries: 5 });
  }
  console.log(`\n[bench:start] summary (${head}, load average now ${os.loadavg()[0].toFixed(1)}):`);
  for (const [what, s] of figures) console.log(`  ${s.toFixed(1).padStart(7)} s  ${what}`);
  return ok ? 0 : 1;
});
