// @ts-check
// UI suite: packages the extension, installs the .vsix into a fresh code-server profile with
// --install-extension (as a user would), starts code-server on the examples/ workspace and runs
// the Playwright-driven mocha specs (out/ui/*.test.js) against it.
'use strict';
const fs = require('fs');
const path = require('path');
const { ROOT, ensureCodeServer, freePort, freshProfile, installVsix, log, requireChromium, run, runMain, runMocha, specsIn, startCodeServer, vsixPath } = require('./env');

/** `DROPOUT_LENS_UI_ONLY=inline npm run test:ui` runs out/ui/inline.test.js alone, while working on one suite. */
const ONLY = process.env.DROPOUT_LENS_UI_ONLY;

runMain(async () => {
  requireChromium();
  ensureCodeServer();
  run('npm', ['run', '--silent', 'package']);
  const vsix = vsixPath();
  const profile = freshProfile('ui');
  installVsix(profile, vsix);
  log(`installed ${path.basename(vsix)} into a fresh profile`);
  const server = await startCodeServer({ profile, port: await freePort() });
  let code = 1;
  try {
    code = await runMocha(specsIn(path.join('out', 'ui')).filter((f) => !ONLY || path.basename(f) === `${ONLY}.test.js`), 60000, {
      DROPOUT_LENS_URL: server.url,
      DROPOUT_LENS_WORKSPACE: path.join(ROOT, 'examples'),
      DROPOUT_LENS_VSIX: vsix,
    });
  } finally {
    await server.stop();
    if (code === 0) fs.rmSync(profile.dir, { recursive: true, force: true });
    else log(`kept ${path.relative(ROOT, profile.dir)} (code-server log: ${path.relative(ROOT, profile.logFile)})`);
  }
  return code;
});
