// @ts-check
// UI suite with VS Code's display language set to Japanese: code-server started with
// `--locale ja`, the packaged Dropout Lens installed, and a local language pack
// (test/language-pack-ja, packaged here with vsce) for the specs to install. VS Code shows a
// locale only when a language pack for it is installed: without one, `--locale ja` (or argv.json's
// "locale") resolves to English, and neither package.nls.ja.json nor l10n/bundle.l10n.ja.json
// is read. The Marketplace's pack cannot be downloaded here; ours translates nothing of VS Code.
// Runs the Playwright-driven mocha specs out/ui/ja/*.test.js; screenshots: ja-*.png.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ROOT, VSCODE_TEST, ensureCodeServer, freePort, freshProfile, installVsix, log, requireChromium, run, runMain, startCodeServer, vsixPath } = require('./env');

runMain(async () => {
  requireChromium();
  ensureCodeServer();
  run('npm', ['run', '--silent', 'package']);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-ja-'));
  const languagePack = path.join(scratch, 'test-language-pack-ja.vsix');
  run(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', languagePack],
    { cwd: path.join(ROOT, 'test', 'language-pack-ja'), stdio: ['ignore', 'ignore', 'inherit'] });
  const profile = freshProfile('ui-ja');
  installVsix(profile, vsixPath());
  log(`installed ${path.basename(vsixPath())}; starting code-server with --locale ja`);
  const server = await startCodeServer({ profile, port: await freePort(), extraArgs: ['--locale', 'ja'] });
  let code = 1;
  try {
    const specs = fs.readdirSync(path.join(ROOT, 'out', 'ui', 'ja')).filter((f) => f.endsWith('.test.js')).map((f) => path.join('out', 'ui', 'ja', f));
    const mocha = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'spec', '--timeout', '90000', ...specs], {
      cwd: ROOT, stdio: 'inherit',
      env: {
        ...process.env,
        DROPOUT_LENS_URL: server.url,
        DROPOUT_LENS_WORKSPACE: path.join(ROOT, 'examples'),
        DROPOUT_LENS_SHOTS: path.join(VSCODE_TEST, 'shots'),
        DROPOUT_LENS_LANGUAGE_PACK: languagePack,
        DROPOUT_LENS_USER_DATA: profile.userDataDir,
      },
    });
    code = await new Promise((resolve) => mocha.on('exit', (c) => resolve(c ?? 1)));
  } finally {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
    if (code === 0) fs.rmSync(profile.dir, { recursive: true, force: true });
    else log(`kept ${path.relative(ROOT, profile.dir)} (code-server log: ${path.relative(ROOT, profile.logFile)})`);
  }
  return code;
});
