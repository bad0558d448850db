// Every integration test file, loaded by both hosts' entry points (index.node.ts, index.web.ts)
// after mocha has defined its globals.
import './extension.test';
import './commands.test';
import './hover.test';
import './diagnostics.test';
import './l10n.test';
import './panel.test';
import './torchBuild.test';
import './inline.test';
