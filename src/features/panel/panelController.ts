import * as vscode from 'vscode';
import { newLineNear } from '../../analysis/newLine';
import { endOfText } from '../../analysis/textEdits';
import { LiteralError } from '../../core/errors';
import { parseTensorLiteral } from '../../core/parse';
import { makeTensor, type Tensor } from '../../core/tensor';
import { checkPanelState, checkWebviewMessage, literalRequest, type HostMessage, type InsertWhere, type PanelRequest, type RunSettings, type SourceRange } from '../../shared/protocol';
import { STRINGS, type Strings } from '../../shared/strings';
import type { FeatureContext } from '../context';
import type { BuildChoice } from '../torchBuild';
import { createNonce, panelResourceRoots, renderPanelHtml } from './html';
import { fingerprint, InsertTarget, matches, type Fingerprint } from './target';

export const PANEL_VIEW_TYPE = 'dropoutLens.panel';
const PANEL_TITLE = 'Dropout Lens';

/** What `dropoutLens.openPanel` returns, so tests (and other extensions) can see what happened. */
export interface OpenPanelResult {
  readonly panelTitle: string;
  readonly visible: boolean;
  /** The settings the panel shows (as its page last reported them), null while it shows no request. */
  readonly settings: RunSettings | null;
  readonly settingsSource: string | null;
  /** The code sets no torch.manual_seed for the expression shown. */
  readonly unseeded: boolean;
}

/** What the panel shows now for an expression: the text in its box (or a large literal's tensor) and its controls. */
export interface OnScreen {
  readonly literal: string;
  /** A literal too long for the box, as parsed (its text is not kept). */
  readonly tensor?: Tensor;
  readonly settings: RunSettings;
}

interface LivePanel {
  readonly panel: vscode.WebviewPanel;
  requestId: string;
  request: PanelRequest | null;
  /** What the page reported it shows (its box's text, null for the request's own, and its controls). */
  shown: { readonly literal: string | null; readonly settings: RunSettings } | undefined;
  /** Where "Insert into editor" writes: the request's expression, followed through the edits of its document. */
  target: InsertTarget | undefined;
}

const requestFingerprint = (request: PanelRequest): Fingerprint =>
  request.large ? { length: request.large.length, digest: request.large.digest } : fingerprint(request.literal);

/** The insert target of a request that has a document range. */
function targetOf(request: PanelRequest | null): InsertTarget | undefined {
  const origin = request?.origin;
  if (!request || !origin?.uri || !origin.range) return undefined;
  const { startLine, startCharacter, endLine, endCharacter } = origin.range;
  return new InsertTarget(origin.uri, { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } }, requestFingerprint(request));
}

/**
 * Whether a restored request may name `uri`: the saved state comes back from the page, so only a
 * document of the workspace, or one open in the editor, is read or written.
 */
function restorable(uri: string): boolean {
  let parsed: vscode.Uri;
  try {
    parsed = vscode.Uri.parse(uri, true);
  } catch {
    return false;
  }
  return vscode.workspace.getWorkspaceFolder(parsed) !== undefined || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri);
}

let requestCounter = 0;
/** Unique across reloads too: a restored page compares it with the id in its saved state. */
const nextRequestId = (): string => `${Date.now().toString(36)}-${++requestCounter}`;

/** The UI strings in the display language. */
function translatedStrings(): Strings {
  return Object.fromEntries(Object.entries(STRINGS).map(([key, text]) => [key, vscode.l10n.t(text)])) as Strings;
}

/** Owns the single Dropout Lens panel: creates or reveals it and speaks the protocol with it. */
export class PanelController implements vscode.Disposable {
  private live: LivePanel | undefined;

  constructor(private readonly ctx: FeatureContext) {}

  get isOpen(): boolean {
    return this.live !== undefined;
  }

  /**
   * What the panel shows, when it shows the expression at `range` of `document` (followed through
   * the document's edits): the editor's Copy and Replace then act on exactly that.
   */
  onScreen(document: vscode.TextDocument, range: vscode.Range): OnScreen | undefined {
    const live = this.live;
    const request = live?.request;
    if (!live || !request || live.target?.uri !== document.uri.toString()) return undefined;
    const located = live.target.locate(document);
    if (!('range' in located) || !located.range.isEqual(range)) return undefined;
    const settings = live.shown?.settings ?? request.settings;
    const literal = live.shown?.literal ?? null;
    if (literal !== null) return { literal, settings };
    const tensor = request.large?.tensor;
    return tensor ? { literal: request.literal, tensor: makeTensor(tensor), settings } : request.large ? undefined : { literal: request.literal, settings };
  }

  /** Shows `request` in the one panel (created beside the editor if needed); `null` keeps what an open panel shows. */
  open(request: PanelRequest | null): OpenPanelResult {
    if (this.live) {
      const live = this.live;
      if (request) {
        this.setRequest(live, request);
        // A page that has not loaded yet drops this; its `ready` then gets the same request in `init`.
        this.post(live, { type: 'show', requestId: live.requestId, request });
      }
      live.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        PANEL_TITLE,
        // Beside the code and without focus, so the editor selection stays where the user left it.
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: panelResourceRoots(this.ctx.extension.extensionUri) },
      );
      this.adopt(panel, nextRequestId(), request);
    }
    const live = this.live as LivePanel;
    return {
      panelTitle: live.panel.title, visible: live.panel.visible,
      settings: live.shown?.settings ?? live.request?.settings ?? null, settingsSource: live.request?.settingsSource ?? null, unseeded: live.request?.unseeded ?? false,
    };
  }

  /**
   * The editor's build changed: a panel whose request carries the previous choice (not one a
   * command argument named) draws the new one. Same request id, so the page keeps its edits.
   */
  followBuild(from: BuildChoice, to: BuildChoice): void {
    const live = this.live;
    const request = live?.request;
    if (!live || !request || (from.build === to.build && from.reason === to.reason)) return;
    if (request.buildReason !== from.reason || (request.settings.build ?? 'default') !== from.build) return;
    live.request = { ...request, settings: { ...request.settings, build: to.build }, buildReason: to.reason };
    this.post(live, { type: 'show', requestId: live.requestId, request: live.request });
  }

  /** Takes over a panel VS Code restored after a window reload, with the state its page saved. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.live?.panel.dispose();
    const { value: saved, error } = checkPanelState(state);
    if (state !== undefined && error) this.ctx.log.warn(`panel: ignored a saved state that does not match this version (${error})`);
    const vetted = saved && this.vetted(saved.request);
    const request = vetted?.large ? await this.reread(vetted) : vetted;
    // A command may have opened a panel while the document was read: the newer request wins, and
    // there stays one panel.
    if (this.live) {
      panel.dispose();
      return;
    }
    this.adopt(panel, saved?.requestId ?? nextRequestId(), request ?? null);
  }

  /** A restored request, without its document when that is not one it may name (see restorable). */
  private vetted(request: PanelRequest): PanelRequest {
    const origin = request.origin;
    if (!origin?.uri || restorable(origin.uri)) return request;
    this.ctx.log.warn(`panel: the restored request names ${origin.uri.slice(0, 200)}, which is neither in the workspace nor open: Insert is off`);
    return { ...request, origin: { fileName: origin.fileName, line: origin.line } };
  }

  /**
   * A saved large request without its tensor: the tensor read again from the expression in its
   * document, if that is still the text the request was made from. Otherwise the request stays
   * without tensor, and the page asks for the expression to be selected again.
   */
  private async reread(request: PanelRequest): Promise<PanelRequest> {
    const { origin, large } = request;
    if (!large || !origin?.uri || !origin.range) return request;
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(origin.uri));
      const text = document.getText(toRange(origin.range));
      if (!matches(text, large)) return request;
      return literalRequest(text, parseTensorLiteral(text).tensor, request);
    } catch (e) {
      if (e instanceof LiteralError) return request;
      this.ctx.log.warn(`panel: could not read ${origin.uri} again: ${String(e)}`);
      return request;
    }
  }

  dispose(): void {
    this.live?.panel.dispose();
  }

  private setRequest(live: LivePanel, request: PanelRequest): void {
    live.requestId = nextRequestId();
    live.request = request;
    live.shown = undefined;
    live.target?.dispose();
    live.target = targetOf(request);
  }

  private adopt(panel: vscode.WebviewPanel, requestId: string, request: PanelRequest | null): void {
    const extensionUri = this.ctx.extension.extensionUri;
    const live: LivePanel = { panel, requestId, request, shown: undefined, target: targetOf(request) };
    this.live = live;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) };
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(live, raw)),
      panel.onDidDispose(() => {
        if (this.live === live) this.live = undefined;
        live.target?.dispose();
        for (const s of subscriptions) s.dispose();
      }),
    ];
    panel.webview.html = renderPanelHtml(panel.webview, extensionUri, createNonce(), vscode.env.language);
  }

  private onMessage(live: LivePanel, raw: unknown): void {
    const { value: message, error } = checkWebviewMessage(raw);
    if (!message) {
      this.ctx.log.warn(`panel: ignored malformed message ${describe(raw)} (${error})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.post(live, { type: 'init', strings: translatedStrings(), requestId: live.requestId, request: live.request });
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() => this.post(live, { type: 'notice', text: vscode.l10n.t(STRINGS.copied) }));
        break;
      case 'insert':
        void this.insert(live, message.literal, message.where ?? 'replace');
        break;
      case 'current':
        // A report about an earlier request, still on its way, says nothing about this one.
        if (message.requestId === live.requestId) live.shown = { literal: message.literal, settings: message.settings };
        break;
    }
  }

  /**
   * Writes `literal` into the request's document as one undo step: in place of the expression, or
   * as `y = <literal>` on a new line after its statement. Rows stay aligned under the first one.
   */
  private async insert(live: LivePanel, literal: string, where: InsertWhere): Promise<void> {
    const fail = (reason: string): void => this.post(live, { type: 'notice', text: vscode.l10n.t(STRINGS.insertFailed, reason) });
    const origin = live.request?.origin;
    const target = live.target;
    if (!origin?.uri || !target) return fail(vscode.l10n.t(STRINGS.noOriginInsert));
    const uri = vscode.Uri.parse(origin.uri);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      return fail(String(e));
    }
    // Never overwrite text that is not the expression any more, nor an identical one elsewhere.
    const located = target.locate(document);
    if (!('range' in located)) return fail(vscode.l10n.t('the expression changed in {0} since the panel read it', origin.fileName));
    const edit = new vscode.WorkspaceEdit();
    // The page writes rows for column 0 (core/literal.ts): shifted to where the text starts, blank lines kept blank.
    const indented = (text: string, prefix: string): string => text.replace(/\n(?!\n)/g, `\n${prefix}`);
    const written = indented(literal, ' '.repeat(located.range.start.character));
    if (where === 'below') {
      const line = newLineNear(document.getText(), document.offsetAt(located.range.start));
      const statement = `y = ${indented(literal, `${line.indent}    `)}`;
      edit.insert(uri, document.positionAt(line.at), `${line.before}${line.indent}${statement}${line.after}`);
    } else {
      edit.replace(uri, located.range, written);
    }
    if (!(await vscode.workspace.applyEdit(edit))) return fail(vscode.l10n.t('the editor refused the edit'));
    if (where === 'replace') {
      // Further inserts replace what was just written (as the document holds it: CRLF included).
      const start = located.range.start;
      const end = endOfText(start, written);
      target.wrote(document, new vscode.Range(start.line, start.character, end.line, end.character));
    }
    this.post(live, { type: 'notice', text: vscode.l10n.t(where === 'below' ? STRINGS.insertedBelow : STRINGS.inserted, origin.fileName) });
  }

  private post(live: LivePanel, message: HostMessage): void {
    void live.panel.webview.postMessage(message);
  }
}

function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}
