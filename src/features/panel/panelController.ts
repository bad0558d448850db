import * as vscode from 'vscode';
import { LiteralError } from '../../core/errors';
import { parseTensorLiteral } from '../../core/parse';
import { digest, literalRequest, parsePanelState, parseWebviewMessage, type HostMessage, type PanelRequest, type SourceRange } from '../../protocol';
import { STRINGS, type Strings } from '../../webview/strings';
import type { FeatureContext } from '../context';
import { createNonce, panelResourceRoots, renderPanelHtml } from './html';

export const PANEL_VIEW_TYPE = 'dropoutLens.panel';
export const PANEL_TITLE = 'Dropout Lens';

/** What `dropoutLens.openPanel` returns, so tests (and other extensions) can see what happened. */
export interface OpenPanelResult {
  readonly panelTitle: string;
  readonly visible: boolean;
}

interface LivePanel {
  readonly panel: vscode.WebviewPanel;
  requestId: string;
  request: PanelRequest | null;
  /** What "Insert into editor" expects at the origin's range: the request's literal, then the last inserted. */
  expected: Fingerprint;
}

/** A text known by its length and digest: a large request holds only that of its literal. */
interface Fingerprint {
  readonly length: number;
  readonly digest: string;
}

const fingerprint = (text: string): Fingerprint => ({ length: text.length, digest: digest(text) });
const matches = (text: string, f: Fingerprint): boolean => text.length === f.length && digest(text) === f.digest;
const requestFingerprint = (request: PanelRequest | null): Fingerprint =>
  request?.large ? { length: request.large.length, digest: request.large.digest } : fingerprint(request?.literal ?? '');

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
    const { panel } = this.live as LivePanel;
    return { panelTitle: panel.title, visible: panel.visible };
  }

  /** Takes over a panel VS Code restored after a window reload, with the state its page saved. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.live?.panel.dispose();
    const saved = parsePanelState(state);
    if (state !== undefined && !saved) this.ctx.log.warn('panel: ignored a saved state that does not match this version');
    const request = saved?.request.large ? await this.reread(saved.request) : saved?.request;
    // A command may have opened a panel while the document was read: the newer request wins, and
    // there stays one panel.
    if (this.live) {
      panel.dispose();
      return;
    }
    this.adopt(panel, saved?.requestId ?? nextRequestId(), request ?? null);
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
    live.expected = requestFingerprint(request);
  }

  private adopt(panel: vscode.WebviewPanel, requestId: string, request: PanelRequest | null): void {
    const extensionUri = this.ctx.extension.extensionUri;
    const live: LivePanel = { panel, requestId, request, expected: requestFingerprint(request) };
    this.live = live;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) };
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(live, raw)),
      panel.onDidDispose(() => {
        if (this.live === live) this.live = undefined;
        for (const s of subscriptions) s.dispose();
      }),
    ];
    panel.webview.html = renderPanelHtml(panel.webview, extensionUri, createNonce(), vscode.env.language);
  }

  private onMessage(live: LivePanel, raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.ctx.log.warn(`panel: ignored malformed message ${describe(raw)}`);
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
        void this.insert(live, message.literal);
        break;
    }
  }

  /** Replaces the request's expression in its document with `literal`, as one undo step. */
  private async insert(live: LivePanel, literal: string): Promise<void> {
    const fail = (reason: string): void => this.post(live, { type: 'notice', text: vscode.l10n.t(STRINGS.insertFailed, reason) });
    const origin = live.request?.origin;
    if (!origin?.uri || !origin.range) return fail(vscode.l10n.t(STRINGS.noOriginInsert));
    const uri = vscode.Uri.parse(origin.uri);
    const range = toRange(origin.range);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      return fail(String(e));
    }
    // The document may have changed since: never overwrite text that is not the expression any more.
    if (!matches(document.getText(range), live.expected)) return fail(vscode.l10n.t('the expression changed in {0} since the panel read it', origin.fileName));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, literal);
    if (!(await vscode.workspace.applyEdit(edit))) return fail(vscode.l10n.t('the editor refused the edit'));
    // Further inserts replace what was just written.
    const lines = literal.split('\n');
    const end = lines.length === 1
      ? { endLine: range.start.line, endCharacter: range.start.character + literal.length }
      : { endLine: range.start.line + lines.length - 1, endCharacter: lines[lines.length - 1].length };
    live.request = live.request && { ...live.request, origin: { ...origin, range: { ...origin.range, ...end } } };
    live.expected = fingerprint(literal);
    this.post(live, { type: 'notice', text: vscode.l10n.t(STRINGS.inserted, origin.fileName) });
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
