// @ts-check
// `npm start`: the packaged extension on the examples/ workspace, first in VS Code for the Web
// (http://localhost:8080; PORT overrides), which needs nothing beyond npm's dependencies, then
// also in code-server (PORT + 1) once its install, which compiles native modules for minutes on
// a fresh machine, has finished in the background. Ctrl-C stops both servers and the install.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { CODE_SERVER_VERSION, HarnessError, ROOT, VSCODE_TEST, ensureDependencies, installVsix, log, makeProfile, run, runMain, startCodeServer, vsixPath } = require('./env');
const { serveWebWithVsix } = require('./web');

// Set on Ctrl-C (env.js's handlers then stop everything), so that code-server's exit is not reported as a failure.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => (stopping = true));

/** @param {number} port */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new HarnessError(`port ${port} on 127.0.0.1 is in use: stop what listens there, or choose other ports: PORT=9000 npm start (uses 9000 and 9001)`)));
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}

/**
 * Installs code-server if needed, at low priority so that the editor already served stays
 * responsive, in a process group of its own that is ended with this process.
 * @param {string} logFile @returns {Promise<number | null>} its exit code
 */
function installCodeServerInBackground(logFile) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn('nice', ['-n', '10', process.execPath, path.join(__dirname, 'install-code-server.js')],
    { cwd: ROOT, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const end = () => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
    } catch {
      // already finished
    }
  };
  process.on('exit', end);
  return new Promise((resolve) => child.on('exit', (code) => {
    process.off('exit', end);
    resolve(code);
  }));
}

/**
 * code-server on `port` with the same .vsix, once it is installed; prints its address.
 * @param {number} port @param {string} folder
 */
async function serveCodeServer(port, folder) {
  // A profile of its own that persists across starts (settings, open editors); the extension is reinstalled each time.
  const profile = makeProfile(path.join(VSCODE_TEST, 'start'));
  const installLog = path.join(profile.dir, 'code-server-install.log');
  const started = Date.now();
  log(`code-server ${CODE_SERVER_VERSION}: checking its install in the background (log: ${path.relative(ROOT, installLog)})`);
  const code = await installCodeServerInBackground(installLog);
  if (code !== 0) {
    log(`code-server could not be installed (exit ${code}); VS Code for the Web keeps running. See ${path.relative(ROOT, installLog)}`);
    return;
  }
  installVsix(profile, vsixPath());
  const server = await startCodeServer({ profile, port, folder });
  console.log(`\nAlso in code-server ${CODE_SERVER_VERSION} (a recent VS Code, Node extension host; edits are saved to examples/) at ${server.url}`);
  console.log(`  (ready ${((Date.now() - started) / 1000).toFixed(0)} s after the first; log: ${path.relative(ROOT, profile.logFile)})\n`);
  const exit = await server.exited;
  if (!stopping) log(`code-server exited (code ${exit}); VS Code for the Web keeps running`);
  await server.stop();
}

runMain(async () => {
  const port = Number(process.env.PORT || 8080);
  // code-server reads PORT too, and would take it over its --bind-addr.
  delete process.env.PORT;
  await assertPortFree(port);
  await assertPortFree(port + 1);
  ensureDependencies();
  run('npm', ['run', '--silent', 'package']);
  const folder = path.join(ROOT, 'examples');
  await serveWebWithVsix(folder, { port });
  console.log(`\nDropout Lens is running in VS Code for the Web 1.91.1 at http://localhost:${port}`);
  console.log('  (the extension in the browser\'s web worker host; edits stay in the page, examples/ is not changed)');
  console.log('  Welcome page > Walkthroughs > "Get Started with Dropout Lens" shows the way round. Ctrl-C stops everything.\n');
  serveCodeServer(port + 1, folder).catch((e) => log(`code-server did not start: ${e instanceof HarnessError ? e.message : e}`));
  // Serves until Ctrl-C: env.js's signal handlers stop code-server, and the install's 'exit' handler its group.
  await new Promise(() => undefined);
});
