// @ts-check
// Installs code-server under .vscode-test/ unless a working install is there: `npm start` runs
// this in the background (a process of its own, so that Ctrl-C can end the whole install).
'use strict';
const { ensureCodeServer, runMain } = require('./env');

runMain(async () => ensureCodeServer());
