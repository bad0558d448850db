// @ts-check
// `npm start`: a real VS Code (code-server) with the packaged extension installed and the
// examples/ workspace open, on http://127.0.0.1:8080 (PORT overrides). Installs and builds what
// is missing first. Ctrl-C stops code-server and everything it started.
'use strict';
const net = require('net');
const path = require('path');
const { HarnessError, ROOT, VSCODE_TEST, ensureCodeServer, ensureDependencies, installVsix, log, makeProfile, run, runMain, startCodeServer, vsixPath } = require('./env');

/** @param {number} port */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new HarnessError(`port ${port} on 127.0.0.1 is in use: stop what listens there, or choose another port: PORT=9000 npm start`)));
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}

runMain(async () => {
  const port = Number(process.env.PORT || 8080);
  await assertPortFree(port);
  ensureDependencies();
  ensureCodeServer();
  run('npm', ['run', '--silent', 'package']);
  // A profile of its own that persists across starts (settings, open editors); the extension is reinstalled each time.
  const profile = makeProfile(path.join(VSCODE_TEST, 'start'));
  installVsix(profile, vsixPath());
  const server = await startCodeServer({ profile, port, folder: path.join(ROOT, 'examples') });
  console.log(`\nDropout Lens is running in VS Code (code-server) at ${server.url}`);
  console.log(`Workspace: examples/ · log: ${path.relative(ROOT, profile.logFile)} · Ctrl-C stops it.\n`);
  const code = await server.exited;
  log(`code-server exited (code ${code})`);
  await server.stop();
  return code === 0 ? 0 : 1;
});
