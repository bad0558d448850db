#!/usr/bin/env node
// @ts-check
// Plays the "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }):
// takes the Electron-style command line runTests builds (--extensionDevelopmentPath=,
// --extensionTestsPath=, --user-data-dir=, --extensions-dir=, a folder) and runs the tests in the
// Node extension host of code-server, through its test payload and the smoke-test driver hooks
// (window.codeAutomationLog / codeAutomationExit), in headless Chromium. Exit code = test result.
'use strict';
const fs = require('fs');
const path = require('path');
const { forwardWorkbenchLog, freePort, freshProfile, launchChromium, log, runMain, startCodeServer, tail } = require('./env');

const TIMEOUT_MS = Number(process.env.DROPOUT_LENS_TEST_TIMEOUT_MS || 600000);

function parseArgs() {
  /** @type {string[]} */ const developmentPaths = [];
  /** @type {Record<string, string>} */ const named = {};
  /** @type {string[]} */ const folders = [];
  for (const arg of process.argv.slice(2)) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m && m[1] === 'extensionDevelopmentPath') developmentPaths.push(path.resolve(m[2]));
    else if (m) named[m[1]] = path.resolve(m[2]);
    else if (!arg.startsWith('-')) folders.push(path.resolve(arg));
    // other flags (--no-sandbox, --disable-updates, ...) are Electron's and mean nothing here
  }
  if (!named.extensionTestsPath || !developmentPaths.length) throw new Error('usage: code-server-shim --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [folder]');
  return { developmentPaths, testsPath: named.extensionTestsPath, userDataDir: named['user-data-dir'], extensionsDir: named['extensions-dir'], folder: folders[0] };
}

runMain(async () => {
  const args = parseArgs();
  const profile = freshProfile('integration', { userDataDir: args.userDataDir, extensionsDir: args.extensionsDir });
  const port = await freePort();
  // Without the smoke-test driver the built workbench silently ignores the test payload.
  const server = await startCodeServer({ profile, port, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
  const browser = await launchChromium();
  let code = 1;
  try {
    const remote = (/** @type {string} */ p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(args.testsPath)],
      ['skipWelcome', 'true'],
    ];
    /** @type {(code: number) => void} */ let finish = () => {};
    const done = new Promise((resolve) => (finish = resolve));
    await browser.page.exposeFunction('codeAutomationLog', forwardWorkbenchLog);
    await browser.page.exposeFunction('codeAutomationExit', (/** @type {number} */ exitCode) => finish(exitCode));
    const folder = args.folder ? `folder=${encodeURIComponent(args.folder)}` : 'ew=true';
    await browser.page.goto(`${server.url}/?${folder}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timer = setTimeout(() => {
      console.error(`[shim] no test result after ${TIMEOUT_MS / 1000} s; code-server log:\n${tail(profile.logFile)}`);
      finish(2);
    }, TIMEOUT_MS);
    code = await done;
    clearTimeout(timer);
  } finally {
    await browser.close();
    await server.stop();
    if (code === 0) fs.rmSync(profile.dir, { recursive: true, force: true });
    else log(`kept ${path.relative(process.cwd(), profile.dir)} (code-server log: ${path.relative(process.cwd(), profile.logFile)})`);
  }
  return code;
});
