// The panel page's entry: the store, the areas of the page (controls.ts, views.ts, result.ts,
// mcView.ts) and the host's messages. Every control change re-runs the core here and re-renders at once.
import { checkHostMessage, checkPanelState, type HostMessage, type PanelState, type WebviewMessage } from '../shared/protocol';
import { renderControls, renderLiteralBox } from './controls';
import { byId, h } from './dom';
import { McView } from './mcView';
import { renderHeader, ResultView } from './result';
import { Store } from './store';
import { redrawOnThemeChange } from './views';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function startPage(): void {
  // Defined before any host message arrives (a message is a task; the import settles in a microtask).
  void import('./elements');
  const vscode = acquireVsCodeApi();
  // Captured now: document.currentScript is only set while the script first runs.
  const scriptUrl = document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : null;
  const app = byId('app');
  const restored = vscode.getState();
  const { value: saved, error: stateError } = checkPanelState(restored);
  if (restored !== undefined && restored !== null && stateError) console.warn(`Dropout Lens: ignored the saved state (${stateError})`);
  const store = new Store(saved, (state) => {
    vscode.setState(state);
    // The host's Copy and Replace act on what is shown: it hears of every change.
    vscode.postMessage({ type: 'current', requestId: state.requestId, literal: state.literal, settings: state.settings });
  });
  const result = new ResultView(store, new McView(store, scriptUrl), (message) => vscode.postMessage(message));

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const { value: message, error } = checkHostMessage(event.data);
    if (!message) {
      console.warn(`Dropout Lens: ignored malformed message (${error})`, event.data);
      return;
    }
    onMessage(message);
  });
  vscode.postMessage({ type: 'ready' });
  redrawOnThemeChange(() => result.update());

  function onMessage(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        store.setStrings(message.strings);
        // A reloaded page of the same request keeps its edits (and gets a large literal's tensor back
        // from the host); anything else starts from the request.
        if (message.request) store.show(message.requestId, message.request, 'keepEdits');
        buildSkeleton();
        break;
      case 'show':
        store.show(message.requestId, message.request, 'takeBuild');
        if (store.strings) buildSkeleton();
        break;
      case 'notice':
        if (store.strings) byId('status').textContent = message.text;
        break;
    }
  }

  /** The static part: header, literal box and controls (built once per request, so focus stays put). */
  function buildSkeleton(): void {
    const { strings: S, state } = store;
    if (!S) return;
    const status = h('p', { id: 'status', role: 'status' });
    if (!state) return app.replaceChildren(h('h1', { id: 'title' }, S.title), status);
    app.replaceChildren(renderHeader(S, state.request), renderLiteralBox(S, state, store), renderControls(S, state, store),
      h('section', { id: 'result', 'aria-live': 'off' }), status);
    result.update();
  }
}
