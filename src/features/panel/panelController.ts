import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type SourceSelection } from '../../protocol';
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
  selection: SourceSelection | null;
}

/** Owns the single Dropout Lens panel: creates or reveals it and speaks the protocol with it. */
export class PanelController implements vscode.Disposable {
  private live: LivePanel | undefined;

  constructor(private readonly ctx: FeatureContext) {}

  /** Shows the panel for `selection`; `undefined` keeps what an open panel already shows. */
  open(selection: SourceSelection | null | undefined): OpenPanelResult {
    if (this.live) {
      if (selection !== undefined) this.live.selection = selection;
      this.live.panel.reveal(undefined, true);
      this.sendInit(this.live);
    } else {
      const panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        PANEL_TITLE,
        // Beside the code and without focus, so the editor selection stays where the user left it.
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: panelResourceRoots(this.ctx.extension.extensionUri) },
      );
      this.adopt(panel, selection ?? null);
    }
    const { panel } = this.live as LivePanel;
    return { panelTitle: panel.title, visible: panel.visible };
  }

  /** Takes over a panel VS Code restored after a window reload. */
  restore(panel: vscode.WebviewPanel): void {
    this.live?.panel.dispose();
    this.adopt(panel, null);
  }

  dispose(): void {
    this.live?.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, selection: SourceSelection | null): void {
    const extensionUri = this.ctx.extension.extensionUri;
    const live: LivePanel = { panel, selection };
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
    panel.webview.html = renderPanelHtml(panel.webview, extensionUri, createNonce());
  }

  private onMessage(live: LivePanel, raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.ctx.log.warn(`panel: ignored malformed message ${describe(raw)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.sendInit(live);
        break;
    }
  }

  private sendInit(live: LivePanel): void {
    const message: HostMessage = {
      type: 'init',
      extensionVersion: String(this.ctx.extension.extension.packageJSON.version),
      selection: live.selection,
    };
    // A message posted before the page has loaded is dropped; the page's `ready` asks again.
    void live.panel.webview.postMessage(message);
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}
