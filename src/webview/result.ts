// The header (origin, where the settings and the build came from) and the #result section: the
// call re-run on each change, then its views, repr, the builds compared, Insert/Copy, the snippet
// and the statistics.
import { toLiteral } from '../core/literal';
import { repr } from '../core/repr';
import { checkWebviewMessage, MAX_LITERAL_TEXT, type InsertWhere, type PanelRequest, type RunSettings, type WebviewMessage } from '../shared/protocol';
import { format, type Strings } from '../shared/strings';
import { renderCompare } from './compare';
import { sliceView } from './grid';
import { readLiteral, showCallHelp } from './controls';
import { button, byId, h } from './dom';
import type { McView } from './mcView';
import { runOn, snippet, type Outcome } from './model';
import type { Store } from './store';
import { keepingSliceFocus, renderTensorViews } from './views';

/** Beyond this many elements a control change re-runs at the next frame, not at each input event. */
const SYNC_UPDATE_MAX = 100_000;

export function renderHeader(S: Strings, request: PanelRequest): HTMLElement {
  const origin = request.origin ? format(S.from, request.origin.fileName, request.origin.line) : S.playground;
  const header = h('header', {},
    h('h1', { id: 'title' }, S.title),
    h('p', { id: 'origin', class: 'muted' }, origin),
  );
  if (request.settingsSource) header.append(h('p', { id: 'settings-source', class: 'muted' }, format(S.settingsFrom, request.settingsSource)));
  if (request.buildReason) header.append(h('p', { id: 'build-source', class: 'muted' }, format(S.buildFrom, request.settings.build ?? 'default', request.buildReason)));
  header.append(h('p', { id: 'overrides', class: 'muted', hidden: true }));
  return header;
}

/** What the panel's controls changed from the request, e.g. "p 0.5 → 0.3, seed 0 → 7". */
function overrides(from: RunSettings, to: RunSettings): string {
  const mode = (training: boolean) => (training ? 'train' : 'eval');
  const pairs: [string, string, string][] = [
    ['p', String(from.p), String(to.p)], ['variant', from.variant, to.variant], ['mode', mode(from.training), mode(to.training)],
    ['inplace', String(from.inplace), String(to.inplace)], ['seed', from.seed, to.seed], ['call', String(from.call), String(to.call)],
    ['build', from.build ?? 'default', to.build ?? 'default'],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([name, a, b]) => `${name} ${a} → ${b}`).join(', ');
}

/** The header's line saying what the shown result no longer takes from the code. */
function showOverrides(S: Strings, request: PanelRequest, settings: RunSettings): void {
  const line = byId('overrides');
  const changed = overrides(request.settings, settings);
  line.hidden = changed === '';
  line.textContent = changed && format(S.changedHere, changed);
}

/** What to do about an error PyTorch raises here, when it is one a newcomer meets. */
function fixFor(S: Strings, o: Outcome, settings: RunSettings): string | undefined {
  if (/^RuntimeError: result type Float can't be cast/m.test(o.error ?? '')) return format(S.fixIntegerDtype, `torch.${o.input.dtype}`);
  if (/^ValueError: dropout probability has to be between 0 and 1/m.test(o.error ?? '') && settings.p > 1 && settings.p <= 100) return S.fixP;
  return undefined;
}

export class ResultView {
  private updateQueued = false;

  constructor(private readonly store: Store, private readonly mcView: McView, private readonly post: (message: WebviewMessage) => void) {
    store.subscribe((topic) => {
      if (topic === 'view') this.update();
      else if (topic === 'input') this.schedule();
    });
  }

  private schedule(): void {
    // A large tensor is slow to re-run (`npm run bench:panel`): a dragged slider's events are folded into one run per frame.
    if ((this.store.outcome?.input.data.length ?? 0) <= SYNC_UPDATE_MAX) {
      this.update();
    } else if (!this.updateQueued) {
      this.updateQueued = true;
      requestAnimationFrame(() => {
        this.updateQueued = false;
        this.update();
      });
    }
  }

  /** Re-renders everything that depends on the literal and the settings. */
  update(): void {
    const { strings: S, state } = this.store;
    if (!S || !state) return;
    const { settings } = state;
    showCallHelp(S, settings);
    showOverrides(S, state.request, settings);
    const result = byId('result');
    const input = readLiteral(S, state);
    if (!input) {
      result.replaceChildren();
      this.store.setOutcome(null);
      return;
    }
    const outcome = runOn(input, settings);
    this.store.setOutcome(outcome);
    keepingSliceFocus(() => result.replaceChildren(...this.render(S, outcome, settings)));
    this.mcView.schedule();
  }

  private render(S: Strings, o: Outcome, settings: RunSettings): HTMLElement[] {
    const parts: HTMLElement[] = [];
    for (const w of o.warnings) parts.push(h('p', { class: 'warning' }, format(S.warning, w)));
    if (o.error) parts.push(h('p', { id: 'run-error', class: 'error', role: 'alert' }, format(S.runError, o.error)));
    const fix = fixFor(S, o, settings);
    if (fix) parts.push(h('p', { id: 'run-fix', class: 'fix' }, fix));
    parts.push(...renderTensorViews(S, o, settings, this.store));
    if (!o.result) return parts;
    const output = o.result.output;

    const reprText = repr(output);
    const copyRepr = button({ id: 'copy-repr', secondary: true, icon: 'copy' }, S.copyRepr);
    copyRepr.addEventListener('click', () => this.send({ type: 'copy', text: reprText }));
    parts.push(h('section', { class: 'repr' }, h('h3', {}, S.reprTitle), h('pre', { id: 'repr' }, reprText), copyRepr));
    if (this.store.comparing) parts.push(renderCompare(S, o.input, settings, o, sliceView(o.input.shape, this.store.state?.slice ?? [])));

    const canInsert = Boolean(this.store.state?.request.origin?.range);
    const insertButton = (id: string, label: string, where: InsertWhere, secondary: boolean): HTMLElement => {
      const b = button({ id, secondary, disabled: !canInsert, 'aria-disabled': !canInsert && 'true', title: canInsert ? undefined : S.noOriginInsert }, label);
      b.addEventListener('click', () => this.send({ type: 'insert', literal: toLiteral(output), where }));
      // A disabled vscode-button takes no pointer events, so its tooltip shows on a wrapper.
      return canInsert ? b : h('span', { title: S.noOriginInsert }, b);
    };
    const copyLiteral = button({ id: 'copy-literal', secondary: true, icon: 'copy' }, S.copyLiteral);
    copyLiteral.addEventListener('click', () => this.send({ type: 'copy', text: toLiteral(output) }));
    parts.push(h('div', { class: 'actions' }, insertButton('insert', S.insert, 'replace', false), insertButton('insert-below', S.insertBelow, 'below', true), copyLiteral));

    const code = snippet(o.input, settings);
    const copySnippet = button({ id: 'copy-snippet', secondary: true, icon: 'copy' }, S.copySnippet);
    copySnippet.addEventListener('click', () => this.send({ type: 'copy', text: code }));
    parts.push(h('section', { class: 'snippet' }, h('h3', {}, S.snippetTitle), h('pre', { id: 'snippet' }, code), copySnippet));
    parts.push(this.mcView.renderStats(S, o));
    return parts;
  }

  /** Insert and Copy, checked as the host will check them: a literal too long to read back is refused here, saying so. */
  private send(message: WebviewMessage & { type: 'insert' | 'copy' }): void {
    const { error } = checkWebviewMessage(message);
    if (!error) return this.post(message);
    const length = message.type === 'insert' ? message.literal.length : message.text.length;
    if (this.store.strings) byId('status').textContent = format(this.store.strings.tooLongToSend, length, MAX_LITERAL_TEXT);
  }
}
