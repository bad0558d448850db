// The panel page: the literal box, the controls, the three views, the repr, the snippet and the
// statistics. Every control change re-runs the core here and re-renders at once.
import { toLiteral } from '../core/literal';
import { repr } from '../core/repr';
import { checkHostMessage, checkPanelState, checkWebviewMessage, MAX_LITERAL_TEXT, type HostMessage, type PanelState, type RunSettings, type WebviewMessage } from '../shared/protocol';
import { renderCompare } from './compare';
import { button, byId, h } from './dom';
import { runOn, snippet, type Outcome } from './model';
import { McView } from './mcView';
import { format, type Strings } from '../shared/strings';
import { Store } from './store';
import { keepingSliceFocus, redrawOnThemeChange, renderTensorViews } from './views';
import { readLiteral, renderControls, renderLiteralBox, showCallHelp } from './controls';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Beyond this many elements a control change re-runs at the next frame, not at each input event. */
const SYNC_UPDATE_MAX = 100_000;

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
  const store = new Store(saved, (state) => vscode.setState(state));
  let updateQueued = false;
  const mcView = new McView(store, scriptUrl);
  store.subscribe((topic) => {
    if (topic === 'view') update();
    else if (topic === 'input') scheduleUpdate();
  });

  const post = (message: WebviewMessage): void => vscode.postMessage(message);
  /** Insert and Copy, checked as the host will check them: a literal too long to read back is refused here, saying so. */
  function send(message: WebviewMessage & { type: 'insert' | 'copy' }): void {
    const { error } = checkWebviewMessage(message);
    if (!error) return post(message);
    const length = message.type === 'insert' ? message.literal.length : message.text.length;
    if (store.strings) byId('status').textContent = format(store.strings.tooLongToSend, length, MAX_LITERAL_TEXT);
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const { value: message, error } = checkHostMessage(event.data);
    if (!message) {
      console.warn(`Dropout Lens: ignored malformed message (${error})`, event.data);
      return;
    }
    onMessage(message);
  });
  post({ type: 'ready' });

  redrawOnThemeChange(update);

  function onMessage(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        store.strings = message.strings;
        // A reloaded page of the same request keeps its edits (and gets a large literal's tensor back
        // from the host); anything else starts from the request.
        if (message.request) store.show(message.requestId, message.request, true);
        buildSkeleton();
        break;
      case 'show':
        store.show(message.requestId, message.request, false);
        if (store.strings) buildSkeleton();
        break;
      case 'notice':
        if (store.strings) byId('status').textContent = message.text;
        break;
    }
  }

  /** The static part: header, literal box and controls (built once per request, so focus stays put). */
  function buildSkeleton(): void {
    const S = store.strings;
    const state = store.state;
    if (!S) return;
    if (!state) {
      app.replaceChildren(h('h1', { id: 'title' }, S.title), h('p', { id: 'status', role: 'status' }));
      return;
    }
    const { request } = state;
    const origin = request.origin ? format(S.from, request.origin.fileName, request.origin.line) : S.playground;
    const header = h('header', {},
      h('h1', { id: 'title' }, S.title),
      h('p', { id: 'origin', class: 'muted' }, origin),
    );
    if (request.settingsSource) header.append(h('p', { id: 'settings-source', class: 'muted' }, format(S.settingsFrom, request.settingsSource)));
    if (request.buildReason) header.append(h('p', { id: 'build-source', class: 'muted' }, format(S.buildFrom, request.settings.build ?? 'default', request.buildReason)));

    app.replaceChildren(header, renderLiteralBox(S, state, store), renderControls(S, state.settings, store),
      h('section', { id: 'result', 'aria-live': 'off' }),
      h('p', { id: 'status', role: 'status' }));
    update();
  }

  function scheduleUpdate(): void {
    // A large tensor takes ~0.15 s to re-run: a dragged slider's events are folded into one run per frame.
    if ((store.outcome?.input.data.length ?? 0) <= SYNC_UPDATE_MAX) {
      update();
    } else if (!updateQueued) {
      updateQueued = true;
      requestAnimationFrame(() => {
        updateQueued = false;
        update();
      });
    }
  }

  /** Re-renders everything that depends on the literal and the settings. */
  function update(): void {
    const S = store.strings;
    const state = store.state;
    if (!S || !state) return;
    const { settings } = state;
    showCallHelp(S, settings);
    const result = byId('result');
    const input = readLiteral(S, state);
    if (!input) {
      result.replaceChildren();
      store.setOutcome(null);
      return;
    }
    const outcome = runOn(input, settings);
    store.setOutcome(outcome);
    keepingSliceFocus(() => result.replaceChildren(...renderResult(S, outcome, settings)));
    mcView.schedule();
  }

  function renderResult(S: Strings, o: Outcome, settings: RunSettings): HTMLElement[] {
    const parts: HTMLElement[] = [];
    for (const w of o.warnings) parts.push(h('p', { class: 'warning' }, format(S.warning, w)));
    if (o.error) parts.push(h('p', { id: 'run-error', class: 'error', role: 'alert' }, format(S.runError, o.error)));

    parts.push(...renderTensorViews(S, o, settings, store));
    if (!o.result) return parts;

    const reprText = repr(o.result.output);
    const copyRepr = button({ id: 'copy-repr', secondary: true, icon: 'copy' }, S.copyRepr);
    copyRepr.addEventListener('click', () => send({ type: 'copy', text: reprText }));
    parts.push(h('section', { class: 'repr' }, h('h3', {}, S.reprTitle), h('pre', { id: 'repr' }, reprText), copyRepr));
    if (store.comparing) parts.push(renderCompare(S, o.input, settings, o));

    const canInsert = Boolean(store.state?.request.origin?.range);
    const insert = button({ id: 'insert', disabled: !canInsert, 'aria-disabled': !canInsert && 'true', title: canInsert ? undefined : S.noOriginInsert }, S.insert);
    insert.addEventListener('click', () => o.result && send({ type: 'insert', literal: toLiteral(o.result.output) }));
    const copyLiteral = button({ id: 'copy-literal', secondary: true, icon: 'copy' }, S.copyLiteral);
    copyLiteral.addEventListener('click', () => o.result && send({ type: 'copy', text: toLiteral(o.result.output) }));
    // A disabled vscode-button takes no pointer events, so its tooltip shows on a wrapper.
    parts.push(h('div', { class: 'actions' }, canInsert ? insert : h('span', { title: S.noOriginInsert }, insert), copyLiteral));

    const code = snippet(o.input, settings);
    const copySnippet = button({ id: 'copy-snippet', secondary: true, icon: 'copy' }, S.copySnippet);
    copySnippet.addEventListener('click', () => send({ type: 'copy', text: code }));
    parts.push(h('section', { class: 'snippet' }, h('h3', {}, S.snippetTitle), h('pre', { id: 'snippet' }, code), copySnippet));
    parts.push(mcView.renderStats(S, o));
    return parts;
  }
}
