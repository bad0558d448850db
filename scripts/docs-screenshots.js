// @ts-check
// `npm run docs:screenshots`: copies the README's pictures from the screenshots the UI suites take
// of the real product (.vscode-test/shots/, gitignored) to docs/ (committed).
//   npm run test:ui && npm run test:ui-ja && npm run test:ui-web   # take them
//   npm run docs:screenshots                                       # copy them
// Pass names to copy only those, e.g. `npm run docs:screenshots -- panel` after a panel change.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SHOTS = path.join(ROOT, '.vscode-test', 'shots');

/** docs/<name>.png <- .vscode-test/shots/<shot>, and the suite that takes it. */
const PICTURES = [
  { name: 'panel', shot: 'panel-02-changed.png', suite: 'npm run test:ui' }, // a fixed seed: the same picture each run
  { name: 'panel-dark', shot: 'themes-dark.png', suite: 'npm run test:ui' }, // the same view in Dark Modern
  { name: 'panel-hc', shot: 'themes-hc.png', suite: 'npm run test:ui' }, // and in Dark High Contrast
  { name: 'hover', shot: 'editor-03-hover-p.png', suite: 'npm run test:ui' },
  { name: 'diagnostic', shot: 'editor-05-diagnostic.png', suite: 'npm run test:ui' },
  { name: 'quick-fix', shot: 'editor-05-quick-fix-menu.png', suite: 'npm run test:ui' },
  { name: 'inline-outputs', shot: 'inline-01-outputs.png', suite: 'npm run test:ui' },
  { name: 'inline-panel', shot: 'inline-02-panel.png', suite: 'npm run test:ui' },
  { name: 'web', shot: 'web-01-panel.png', suite: 'npm run test:ui-web' },
  { name: 'ja-palette', shot: 'ja-01-palette.png', suite: 'npm run test:ui-ja' },
  { name: 'ja-hover', shot: 'ja-02-hover.png', suite: 'npm run test:ui-ja' },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !PICTURES.some((p) => p.name === w));
if (unknown.length) {
  console.error(`unknown picture(s): ${unknown.join(', ')}; known: ${PICTURES.map((p) => p.name).join(', ')}`);
  process.exit(1);
}
const missing = [];
for (const picture of PICTURES.filter((p) => !wanted.length || wanted.includes(p.name))) {
  const from = path.join(SHOTS, picture.shot);
  if (!fs.existsSync(from)) {
    missing.push(`${picture.shot} (taken by ${picture.suite})`);
    continue;
  }
  const to = path.join(ROOT, 'docs', `${picture.name}.png`);
  fs.copyFileSync(from, to);
  const taken = fs.statSync(from).mtime.toISOString().replace('T', ' ').slice(0, 16);
  console.log(`docs/${picture.name}.png <- .vscode-test/shots/${picture.shot} (taken ${taken} UTC)`);
}
if (missing.length) {
  console.error(`missing screenshots; run the suites that take them first:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
