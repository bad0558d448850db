// The panel page (bundled to dist/webview.js). It runs in the webview's sandboxed iframe:
// browser APIs only, and the host is reached through acquireVsCodeApi().postMessage.
import { parseHostMessage, type HostMessage, type WebviewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function render(root: HTMLElement): { status: HTMLElement } {
  const heading = document.createElement('h1');
  heading.id = 'title';
  heading.textContent = 'Dropout Lens';
  const status = document.createElement('p');
  status.id = 'status';
  status.setAttribute('role', 'status');
  status.textContent = 'Connecting to the extension…';
  root.replaceChildren(heading, status);
  return { status };
}

/** The status line for an `init` message. */
function statusText(message: HostMessage): string {
  const version = `Dropout Lens ${message.extensionVersion} is ready.`;
  const { selection } = message;
  if (!selection) return `${version} Select a dropout call or a tensor literal, then run “Dropout Lens: Open Panel”.`;
  const text = selection.text.trim();
  if (!text) return `${version} Opened from ${selection.fileName}, line ${selection.line}.`;
  return `${version} Selection in ${selection.fileName}, line ${selection.line}: ${text}`;
}

const app = document.getElementById('app');
if (app) {
  const { status } = render(app);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (!message) {
      console.warn('Dropout Lens: ignored malformed message', event.data);
      return;
    }
    switch (message.type) {
      case 'init':
        status.textContent = statusText(message);
        break;
    }
  });
  vscode.postMessage({ type: 'ready' });
}
