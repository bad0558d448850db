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
const { ROOT, ensureCodeServer, freePort, freshProfile, installVsix, log, requireChromium, run, runMain, runMocha, specsIn, startCodeServer, vsixPath } = require('./env');

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
    code = await runMocha(specsIn(path.join('out', 'ui', 'ja')), 90000, {
      DROPOUT_LENS_URL: server.url,
      DROPOUT_LENS_WORKSPACE: path.join(ROOT, 'examples'),
      DROPOUT_LENS_LANGUAGE_PACK: languagePack,
      DROPOUT_LENS_USER_DATA: profile.userDataDir,
    });
  } finally {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
    if (code === 0) fs.rmSync(profile.dir, { recursive: true, force: true });
    else log(`kept ${path.relative(ROOT, profile.dir)} (code-server log: ${path.relative(ROOT, profile.logFile)})`);
  }
  return code;
});
