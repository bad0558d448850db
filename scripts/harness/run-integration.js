// @ts-check
// Integration suite in the Node extension host of a real VS Code (code-server 1.139), through the
// standard @vscode/test-electron runner: only the executable is our shim instead of a download.
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { ROOT, ensureCodeServer, requireChromium, runMain } = require('./env');

runMain(async () => {
  requireChromium();
  ensureCodeServer();
  try {
    return await runTests({
      vscodeExecutablePath: path.join(__dirname, 'code-server-shim.js'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'integration', 'node.js'),
      launchArgs: [path.join(ROOT, 'test', 'integration', 'workspace')],
      // No shared .vscode-test/user-data: the shim gives every run a fresh profile of its own.
      reuseMachineInstall: true,
    });
  } catch (e) {
    // runTests rejects with the exit code when the tests fail; the output above says why.
    console.error(`[integration] ${/** @type {Error} */ (e).message}`);
    return 1;
  }
});
