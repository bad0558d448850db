// The panel page (bundled to dist/webview.js). It runs in the webview's sandboxed iframe:
// browser APIs only, and the host is reached through acquireVsCodeApi().postMessage.
// The same bundle is the Monte-Carlo worker (see montecarlo.ts): without a document, it is one.
import { startMarked } from './benchMarks';
import { workerMain } from './montecarlo';
import { startPage } from './page';

if (typeof document === 'undefined') {
  workerMain(self as unknown as Parameters<typeof workerMain>[0]);
} else {
  startMarked(startPage);
}
