// @ts-check
// Panel benchmark: the production webview bundle in headless Chromium (the harness page of the
// webview suite, with the panel's CSP), timed from the host's message to the painted panel for
// 10^2, 10^4 and 10^6 elements given as literal text, then one control change (p) on each, with
// the page's JS heap. VS Code's own cost of creating a webview (about 0.1-0.3 s) comes on top.
//   npm run bench:panel
'use strict';
// The functions given to page.evaluate run in the page, with its globals:
/* global window, document, performance, requestAnimationFrame, Event */
const path = require('path');
const esbuild = require('esbuild');
const { ROOT, launchChromium, requireChromium, run, runMain } = require('./harness/env');

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
  const { STRINGS } = await load('src/webview/strings.ts');
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
    for (const shape of [[100], [100, 100], [1000, 1000]]) {
      console.log(`[bench] ${shape.join(' x ')} elements`);
      const page = browser.page;
      await page.goto(harness.url('dark'));
      await page.waitForFunction(() => window.posted.some((m) => m.type === 'ready'));
      const text = literal(shape);
      const request = { literal: text, settings: { p: 0.2, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1 }, origin: null, settingsSource: null };
      const baseline = await heapMB();
      // Timed inside the page: from the message's dispatch to the frame after the output view exists.
      const paintMs = await page.evaluate(async (message) => {
        const t0 = performance.now();
        window.postMessage(message, '*');
        while (!document.querySelector('#view-output canvas, #view-output table')) {
          if (performance.now() - t0 > 30000) throw new Error(`no output view: ${document.getElementById('app')?.textContent?.slice(0, 300)}`);
          await new Promise((r) => requestAnimationFrame(r));
        }
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      }, { type: 'init', strings: STRINGS, requestId: `bench-${shape.join('x')}`, request });
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
      const heap = await heapMB();
      const n = shape.reduce((a, b) => a * b, 1);
      rows.push({ n, shape, chars: text.length, paintMs, changeMs, heapMB: heap, baselineMB: baseline });
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  console.log('elements   shape        literal chars   message -> painted   p change -> repainted   page memory: JS heap + array buffers (MB, after GC)');
  for (const r of rows) {
    console.log(`${String(r.n).padStart(8)}   ${`(${r.shape.join(', ')})`.padEnd(12)} ${String(r.chars).padStart(13)}   ${`${r.paintMs.toFixed(0)} ms`.padStart(19)}   ${`${r.changeMs.toFixed(0)} ms`.padStart(21)}   ${r.heapMB.toFixed(1)} (empty page ${r.baselineMB.toFixed(1)})`);
  }
  const big = rows[rows.length - 1];
  console.log(`10^6 elements painted in ${big.paintMs.toFixed(0)} ms: ${big.paintMs < 1000 ? 'within' : 'OVER'} the 1 s target`);
  return 0;
});
