// @ts-check
// Webview suite: the panel bundle (dist/webview.js) in headless Chromium, outside VS Code, in a
// harness page with a fake acquireVsCodeApi (test/webview/). Bundles the specs with esbuild into
// out/webview/ (playwright-core stays external) and runs them with mocha; screenshots go to
// .vscode-test/shots/webview/.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const esbuild = require('esbuild');
const { ROOT, VSCODE_TEST, requireChromium, run, runMain } = require('./env');

runMain(async () => {
  requireChromium();
  run('node', ['esbuild.js']);
  const specs = fs.readdirSync(path.join(ROOT, 'test', 'webview')).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(ROOT, 'test', 'webview', f));
  const outdir = path.join(ROOT, 'out', 'webview');
  await esbuild.build({ entryPoints: specs, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, packages: 'external', logLevel: 'warning' });
  const outputs = specs.map((s) => path.join(outdir, path.basename(s, '.ts') + '.js'));
  const mocha = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'spec', '--timeout', '60000', ...outputs], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, DROPOUT_LENS_SHOTS: path.join(VSCODE_TEST, 'shots', 'webview') },
  });
  return new Promise((resolve) => mocha.on('exit', (code) => resolve(code ?? 1)));
});
