// @ts-check
// Panel benchmark, for 10^2, 10^4 and 10^6 elements given as literal text:
// 1. the production webview bundle in headless Chromium (the harness page of the webview suite,
//    with the panel's CSP): the host's message (as the host builds it: a literal beyond the box
//    goes as a typed array) -> painted panel, one control change (p), page memory;
// 2. the packaged extension in code-server: "Apply Dropout to Selection" from the command palette
//    on a whole file holding the literal -> the panel showing its repr, with Enter pressed as soon
//    as the editor shows ("fresh": VS Code may still be sending the file to the extension host)
//    and after the file had time to settle; split into steps with the extension's debug log
//    (when its handler ran) and the page's performance marks. Skip with --page-only.
//   npm run bench:panel [-- --page-only] [-- --repeat N]   (N runs of each, default 3: min and median)
'use strict';
// The functions given to page.evaluate run in the page, with its globals:
/* global window, document, performance, requestAnimationFrame, Event, atob */
const path = require('path');
const esbuild = require('esbuild');
const fs = require('fs');
const { ROOT, ensureCodeServer, freePort, freshProfile, installVsix, launchChromium, requireChromium, run, runMain, startCodeServer, vsixPath } = require('./harness/env');

// The page's performance marks are built in only on request (src/webview/benchMarks.ts): for this
// process's builds and for `npm run package`, which it runs (so that .vsix holds them too).
process.env.DROPOUT_LENS_BENCH = '1';

const SHAPES = [[100], [100, 100], [1000, 1000]];
const repeatAt = process.argv.indexOf('--repeat');
const REPEAT = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 3;
/** How long the "settled" runs wait between the editor showing the file and Enter. */
const SETTLE_MS = 4000;

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (/** @type {number} */ x) => `${x.toFixed(0)} ms`;
/** "min / median" of the runs. */
const spread = (/** @type {number[]} */ xs) => `${ms(Math.min(...xs))} / ${ms(median(xs))}`;

/** A literal of n values with `shape`, as a user would select it: nested lists of 3-decimal numbers. */
function literal(shape) {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return ((seed / 2147483648) * 4 - 2).toFixed(3);
  };
  const nest = (dims) => (dims.length === 1 ? `[${Array.from({ length: dims[0] }, next).join(', ')}]` : `[${Array.from({ length: dims[0] }, () => nest(dims.slice(1))).join(',\n ')}]`);
  return `torch.tensor(${nest(shape)})`;
}

runMain(async () => {
  requireChromium();
  run('node', ['esbuild.js', '--production']);
  const out = path.join(ROOT, 'out', 'bench');
  // The webview suite's harness page, its themes and the panel's strings, bundled for Node.
  const load = async (/** @type {string} */ file) => {
    const outfile = path.join(out, `${path.basename(file, '.ts')}.js`);
    await esbuild.build({ entryPoints: [path.join(ROOT, file)], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'warning' });
    return require(outfile);
  };
  const { serve } = await load('test/webview/harness.ts');
  const { THEMES } = await load('test/webview/themes.ts');
  const { STRINGS } = await load('src/shared/strings.ts');
  const { literalRequest } = await load('src/shared/protocol.ts');
  const { parseTensorLiteral } = await load('src/core/parse/index.ts');
  const harness = await serve(THEMES);
  const browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
  const cdp = await browser.context.newCDPSession(browser.page);
  /** The page's JS heap after a GC, with the ArrayBuffers' backing stores (the tensors' data) when Chromium reports them. */
  const heapMB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = /** @type {{ usedSize: number, backingStorageSize?: number }} */ (await cdp.send('Runtime.getHeapUsage'));
    return (usage.usedSize + (usage.backingStorageSize ?? 0)) / 2 ** 20;
  };
  const rows = [];
  try {
    for (const shape of SHAPES) {
      for (let run = 0; run < REPEAT; run++) {
        console.log(`[bench] ${shape.join(' x ')} elements, run ${run + 1}`);
        const page = browser.page;
        await page.goto(harness.url('dark'));
        await page.waitForFunction(() => window.posted.some((m) => m.type === 'ready'));
        const text = literal(shape);
        // The request as the host builds it (its parse timed: the host's share for a large literal).
        const parseStarted = performance.now();
        const tensor = parseTensorLiteral(text).tensor;
        const hostParseMs = performance.now() - parseStarted;
        const request = literalRequest(text, tensor, { settings: { p: 0.2, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1 }, origin: null, settingsSource: null });
        const baseline = await heapMB();
        // The typed array goes into the page as bytes, and is rebuilt there before the clock starts.
        const large = request.large?.tensor ? { ...request.large, tensor: { ...request.large.tensor, data: Buffer.from(request.large.tensor.data.buffer, request.large.tensor.data.byteOffset, request.large.tensor.data.byteLength).toString('base64') } } : undefined;
        // Timed inside the page: from the message's dispatch to the frame after the output view exists.
        const paintMs = await page.evaluate(async ({ message, large }) => {
          if (large) {
            const bytes = Uint8Array.from(atob(large.tensor.data), (c) => c.charCodeAt(0));
            // The bench's literals are float32.
          message.request.large = { ...large, tensor: { ...large.tensor, data: new Float32Array(bytes.buffer) } };
          }
          const t0 = performance.now();
          window.postMessage(message, '*');
          while (!document.querySelector('#view-output canvas, #view-output table')) {
            if (performance.now() - t0 > 30000) throw new Error(`no output view: ${document.getElementById('app')?.textContent?.slice(0, 300)}`);
            await new Promise((r) => requestAnimationFrame(r));
          }
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return performance.now() - t0;
        }, { message: { type: 'init', strings: STRINGS, requestId: `bench-${shape.join('x')}-${run}`, request: { ...request, large: undefined } }, large });
        const changeMs = await page.evaluate(async () => {
          const p = /** @type {HTMLInputElement} */ (document.getElementById('p'));
          const before = document.getElementById('repr')?.textContent;
          const t0 = performance.now();
          p.value = '0.5';
          p.dispatchEvent(new Event('input'));
          while (document.getElementById('repr')?.textContent === before) {
            if (performance.now() - t0 > 30000) throw new Error('the repr did not change');
            await new Promise((r) => requestAnimationFrame(r));
          }
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return performance.now() - t0;
        });
        // Memory once the page has settled: the Monte-Carlo has run (its input is part of what the page holds).
        await page.locator('#mc-title').waitFor({ timeout: 60000 });
        const heap = await heapMB();
        const n = shape.reduce((a, b) => a * b, 1);
        rows.push({ n, shape, chars: text.length, sent: large ? 'tensor' : 'text', hostParseMs, paintMs, changeMs, heapMB: heap, baselineMB: baseline });
      }
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  console.log(`\nThe page alone, ${REPEAT} runs each (min / median); host parse: what the host spends to send a literal beyond the box parsed`);
  console.log('elements   shape        literal chars   sent as   host parse          message -> painted   p change -> repainted   page memory: JS heap + array buffers (MB, after GC)');
  for (const shape of SHAPES) {
    const of = rows.filter((r) => r.shape === shape);
    const r = of[0];
    const col = (/** @type {(r: typeof rows[0]) => number} */ f, width) => spread(of.map(f)).padStart(width);
    console.log(`${String(r.n).padStart(8)}   ${`(${shape.join(', ')})`.padEnd(12)} ${String(r.chars).padStart(13)}   ${r.sent.padEnd(7)}   ${col((x) => x.hostParseMs, 17)}   ${col((x) => x.paintMs, 19)}   ${col((x) => x.changeMs, 21)}   ${median(of.map((x) => x.heapMB)).toFixed(1)} (empty page ${median(of.map((x) => x.baselineMB)).toFixed(1)})`);
  }
  const big = median(rows.filter((r) => r.shape === SHAPES[SHAPES.length - 1]).map((r) => r.paintMs));
  console.log(`10^6 elements painted in ${ms(big)} (median): ${big < 1000 ? 'within' : 'OVER'} the 1 s target`);
  if (!process.argv.includes('--page-only')) await inVsCode();
  return 0;
});

/** Command to panel in code-server, with the packaged .vsix, on files that hold only the literal. */
async function inVsCode() {
  ensureCodeServer();
  run('npm', ['run', '--silent', 'package']);
  const profile = freshProfile('bench');
  // Closing a run's file must leave its editor group: otherwise the next file opens in the panel's
  // group, hides the panel, and every run would time a page reloaded from scratch.
  const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
  fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), 'workbench.editor.closeEmptyGroups': false }, null, 2));
  installVsix(profile, vsixPath());
  const workspace = path.join(profile.dir, 'workspace');
  fs.mkdirSync(workspace);
  // A file per run: each run opens a file the extension host has not seen, and the panel's origin
  // line (its name) tells when the run's request arrived.
  const runs = [];
  for (let r = 0; r < REPEAT; r++) {
    for (const settle of [0, SETTLE_MS]) {
      for (const shape of SHAPES) {
        const file = `bench_${shape.join('x')}_${settle ? 'settled' : 'fresh'}_${r + 1}.py`;
        fs.writeFileSync(path.join(workspace, file), `${literal(shape)}\n`);
        runs.push({ file, shape, settle });
      }
    }
  }
  // Debug level: the extension then logs when its command handler ran (see features/commands).
  const server = await startCodeServer({ profile, port: await freePort(), extraArgs: ['--log', 'debug'] });
  const browser = await launchChromium({ viewport: { width: 1400, height: 900 } });
  const { page } = browser;
  const panel = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const rows = [];
  const command = 'Apply Dropout to Selection';
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    for (const { file, shape, settle } of runs) {
      console.log(`[bench] code-server: ${command} on ${file}`);
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
      await page.keyboard.type(file);
      // Clicked, not Enter: Enter takes the highlighted row, once a recently closed run's file.
      await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().click();
      // The editor of the file itself (a 7.5 MB file takes a while to open).
      await page.locator('.tab.active', { hasText: file }).first().waitFor({ timeout: 60000 }).catch(async (e) => {
        await page.screenshot({ path: path.join(ROOT, '.vscode-test', 'shots', 'bench-failed.png') });
        throw e;
      });
      await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout: 60000 });
      await new Promise((r) => setTimeout(r, settle));
      await page.locator('.editor-instance .monaco-editor').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
      await page.keyboard.type(`Dropout Lens: ${command}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
      const t0 = Date.now();
      await page.keyboard.press('Enter');
      await panel.locator('#origin', { hasText: file }).waitFor({ timeout: 60000 }).catch(async (e) => {
        await page.screenshot({ path: path.join(ROOT, '.vscode-test', 'shots', 'bench-failed.png') });
        throw e;
      });
      await panel.locator('#repr').waitFor({ timeout: 60000 });
      const seen = Date.now();
      rows.push({ file, shape, settle, t0, seen, page: await pageMarks(page, t0) });
      console.log(`[bench] ${seen - t0} ms`);
      // Close the file: with every run's 7.5 MB document left open, code-server slowed down run
      // after run (and once took over a minute to open the next one). The panel stays open, beside.
      const tab = page.locator('.tab', { hasText: file }).first();
      await tab.click({ button: 'middle' });
      await tab.waitFor({ state: 'detached' });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const handlers = handlerRuns(profile.userDataDir);
  const diagnostics = diagnosticsRuns(profile.userDataDir);
  fs.rmSync(profile.dir, { recursive: true, force: true });

  console.log(`\ncode-server 1.139, packaged .vsix: Enter on "${command}" in the palette -> the panel painted, ${REPEAT} runs each`);
  console.log('Enter: at once = as soon as the editor shows the file; after 4 s = once VS Code has sent it to the extension host.');
  console.log('Steps (medians): file = Enter until the file reached the extension host (its diagnostics ran; 0 if before Enter), handler = Enter until our');
  console.log('command handler ran, then its own time (read, settings in scope, run, post); to page = until the page got the message; page = its');
  console.log('run and DOM; paint = to the next frame. Seen: Enter until Playwright saw the repr (it polls a page that may be busy after painting).');
  console.log('elements   Enter        painted: min / median      file   Enter -> handler    handler    to page     page    paint   seen: min / median');
  for (const settle of [0, SETTLE_MS]) {
    for (const shape of SHAPES) {
      const of = rows.filter((r) => r.shape === shape && r.settle === settle).map((r) => ({
        ...r,
        handler: handlers.find((h) => h.start >= r.t0 && h.start <= r.seen),
        opened: diagnostics.find((d) => d.file.endsWith(`/${r.file}`))?.at,
      }));
      const step = (/** @type {(r: typeof of[0]) => number | undefined} */ f, width = 8) => {
        const xs = /** @type {number[]} */ (of.map(f).filter((x) => x !== undefined && Number.isFinite(x)));
        return (xs.length ? ms(median(xs)) : '?').padStart(width);
      };
      const painted = of.filter((r) => r.page).map((r) => /** @type {{ painted: number }} */ (r.page).painted - r.t0);
      console.log([
        String(shape.reduce((a, b) => a * b, 1)).padStart(8),
        (settle ? `after ${settle / 1000} s` : 'at once').padEnd(10),
        (painted.length ? spread(painted) : '?').padStart(22),
        step((r) => r.opened && Math.max(0, r.opened - r.t0), 7),
        step((r) => r.handler && r.handler.start - r.t0, 16),
        step((r) => r.handler?.ms),
        step((r) => r.handler && r.page && r.page.message - (r.handler.start + r.handler.ms)),
        step((r) => r.page && r.page.rendered - r.page.message, 7),
        step((r) => r.page && r.page.painted - r.page.rendered, 7),
        spread(of.map((r) => r.seen - r.t0)).padStart(20),
      ].join('   '));
    }
  }
  const big = diagnostics.filter((d) => d.file.includes('1000x1000'));
  if (big.length) console.log(`Diagnostics of a 1000x1000 file (the pass that ran as it opened): ${spread(big.map((d) => d.ms))}`);
}

/** The page's marks of the run that started at `t0` (clock times), from the panel's frame. */
async function pageMarks(page, t0) {
  for (const frame of page.frames()) {
    const marks = await frame.evaluate(() => {
      const at = (/** @type {string} */ name) => {
        const all = performance.getEntriesByName(name);
        return all.length ? performance.timeOrigin + all[all.length - 1].startTime : undefined;
      };
      return { message: at('dropout-lens:message'), rendered: at('dropout-lens:rendered'), painted: at('dropout-lens:painted') };
    }).catch(() => undefined);
    if (marks?.message !== undefined && marks.message >= t0) return /** @type {{ message: number, rendered: number, painted: number }} */ (marks);
  }
  return undefined;
}

/** The extension's log lines, from every extension host of the profile. */
function extensionLog(userDataDir) {
  const lines = [];
  const walk = (/** @type {string} */ dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Dropout Lens.log') lines.push(...fs.readFileSync(p, 'utf8').split('\n'));
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return lines;
}

/** When each command handler started (clock time) and how long it took. */
function handlerRuns(userDataDir) {
  return extensionLog(userDataDir).flatMap((line) => {
    const m = /apply: started at (\d+) \(ms since 1970\), done in (\d+) ms/.exec(line);
    return m ? [{ start: Number(m[1]), ms: Number(m[2]) }] : [];
  });
}

function diagnosticsRuns(userDataDir) {
  return extensionLog(userDataDir).flatMap((line) => {
    const m = /diagnostics: (\S+) at (\d+) \(ms since 1970\) in (\d+) ms/.exec(line);
    return m ? [{ file: m[1], at: Number(m[2]), ms: Number(m[3]) }] : [];
  });
}
