// The panel page: the literal box, the controls, the three views, the repr, the snippet and the
// statistics. Every control change re-runs the core here and re-renders at once.
import { toLiteral } from '../core/literal';
import { repr } from '../core/repr';
import { checkHostMessage, checkPanelState, checkWebviewMessage, MAX_LITERAL_TEXT, type HostMessage, type PanelState, type RunSettings, type WebviewMessage } from '../shared/protocol';
import { renderCompare } from './compare';
import { button, byId, h, shortNumber } from './dom';
import { renderViews, sliceView, type ViewData } from './grid';
import { runOn, snippet, type Outcome } from './model';
import { McView } from './mcView';
import { format, type Strings } from '../shared/strings';
import { Store } from './store';
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

  // VS Code re-themes a live page by changing <html>'s style (the --vscode-* values) and <body>'s
  // class. Tables follow by CSS alone; a heatmap read its colours when drawn, so it is drawn again.
  let redrawQueued = false;
  const themeObserver = new MutationObserver(() => {
    if (redrawQueued || !document.querySelector('canvas.heatmap')) return;
    redrawQueued = true;
    requestAnimationFrame(() => {
      redrawQueued = false;
      update();
    });
  });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });

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
    // A slice selector is rebuilt with the result: keep the keyboard focus on it.
    const focused = document.activeElement?.id ?? '';
    result.replaceChildren(...renderResult(S, outcome, settings));
    if (focused.startsWith('slice-')) refocus(focused);
    mcView.schedule();
  }

  /** A new text field takes the focus once it has rendered the input it hands the focus to. */
  function refocus(id: string): void {
    const field = document.getElementById(id) as HTMLElementTagNameMap['vscode-textfield'] | null;
    void field?.updateComplete.then(() => field.focus());
  }

  function renderResult(S: Strings, o: Outcome, settings: RunSettings): HTMLElement[] {
    const parts: HTMLElement[] = [];
    for (const w of o.warnings) parts.push(h('p', { class: 'warning' }, format(S.warning, w)));
    if (o.error) parts.push(h('p', { id: 'run-error', class: 'error', role: 'alert' }, format(S.runError, o.error)));

    const shape = o.input.shape;
    if (shape.length > 2) parts.push(sliceSelectors(S, shape));
    const view = sliceView(shape, store.state?.slice ?? []);
    const views: ViewData[] = [{
      id: 'input', title: o.result && settings.inplace ? S.inputInplace : S.input,
      values: o.input.data, dtype: o.input.dtype, kept: o.keptElements,
    }];
    if (o.result && o.keptElements) {
      const plan = o.result.plan;
      const channelNote = plan.mode === 'random' && plan.block > 1 && plan.noiseShape
        ? format(S.perChannel, plan.units, plan.noiseShape.join(', '))
        : undefined;
      views.push({ id: 'mask', title: S.mask, values: o.keptElements, dtype: 'int64', kept: o.keptElements, note: channelNote });
      views.push({ id: 'output', title: S.output, values: o.result.output.data, dtype: o.result.output.dtype, kept: o.keptElements, note: scaleNote(S, o) });
    }
    parts.push(renderViews(views, view, S));
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

  function scaleNote(S: Strings, o: Outcome): string {
    const plan = o.result?.plan;
    if (!plan) return '';
    if (plan.mode === 'identity') return S.identityNote;
    if (plan.mode === 'zeros') return S.zerosNote;
    if (plan.add) return format(S.alphaNote, shortNumber(plan.mul[1]), shortNumber(plan.add[1]), shortNumber(plan.add[0]));
    // The factor as computed in the tensor's dtype (float32: 1.4285714626312256), shown short.
    return format(S.scaleNote, String(Number(plan.scale.toPrecision(6))));
  }

  function sliceSelectors(S: Strings, shape: readonly number[]): HTMLElement {
    const lead = shape.slice(0, -2);
    const slice = lead.map((d, i) => Math.min(store.state?.slice[i] ?? 0, Math.max(0, d - 1)));
    const box = h('div', { id: 'slice', class: 'slice' });
    lead.forEach((d, i) => {
      const input = h('vscode-textfield', { id: `slice-${i}`, type: 'number', min: 0, max: Math.max(0, d - 1), step: 1 });
      input.value = String(slice[i]);
      input.addEventListener('input', () => {
        const k = Number(input.value);
        if (!Number.isSafeInteger(k) || k < 0 || k >= d) return;
        const next = [...slice];
        next[i] = k;
        store.change({ slice: next });
      });
      box.append(h('vscode-label', { for: `slice-${i}` }, format(S.sliceLabel, i)), input);
    });
    box.append(h('p', { class: 'muted', id: 'slice-note' }, format(S.sliceNote, slice.join(', '), shape.join(', '))));
    return box;
  }
}
