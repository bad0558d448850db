// @ts-check
// Webview suite: the panel bundle (dist/webview.js) in headless Chromium, outside VS Code, in a
// harness page with a fake acquireVsCodeApi (test/webview/). Bundles the specs with esbuild into
// out/webview/ (playwright-core stays external) and runs them with mocha; screenshots go to
// .vscode-test/shots/webview/.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { ROOT, requireChromium, run, runMain, runMocha } = require('./env');

runMain(async () => {
  requireChromium();
  run('node', ['esbuild.js']);
  const specs = fs.readdirSync(path.join(ROOT, 'test', 'webview')).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(ROOT, 'test', 'webview', f));
  const outdir = path.join(ROOT, 'out', 'webview');
  await esbuild.build({ entryPoints: specs, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, packages: 'external', logLevel: 'warning' });
  const outputs = specs.map((s) => path.join(outdir, path.basename(s, '.ts') + '.js'));
  return runMocha(outputs, 60000, {}, 'webview');
});
