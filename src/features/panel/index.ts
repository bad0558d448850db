import * as vscode from 'vscode';
import type { PanelRequest } from '../../shared/protocol';
import type { FeatureContext } from '../context';
import type { BuildChoice } from '../torchBuild';
import { PANEL_VIEW_TYPE, PanelController, type OnScreen, type OpenPanelResult } from './panelController';

export type { OnScreen, OpenPanelResult } from './panelController';

/** How other features (the editor commands) open the panel and read what it shows. */
export interface PanelApi {
  /** Opens the one panel, or updates it, for `request`; the editor keeps the focus. */
  show(request: PanelRequest): OpenPanelResult;
  /** Reveals the open panel as it is; with none open, opens one on `playground()`. */
  reveal(playground: () => PanelRequest): OpenPanelResult;
  /** What the panel shows, when it shows the expression at `range` of `document`. */
  onScreen(document: vscode.TextDocument, range: vscode.Range): OnScreen | undefined;
  /** The editor's build changed from `from` to `to`: a panel showing `from` as the editor chose it shows `to`. */
  followBuild(from: BuildChoice, to: BuildChoice): void;
}

/** Registers the panel and the serializer that brings it back after a reload. */
export function registerPanel(ctx: FeatureContext): PanelApi {
  const controller = new PanelController(ctx);
  ctx.extension.subscriptions.push(
    controller,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => controller.restore(panel, state),
    }),
  );
  return {
    show: (request) => controller.open(request),
    reveal: (playground) => controller.open(controller.isOpen ? null : playground()),
    onScreen: (document, range) => controller.onScreen(document, range),
    followBuild: (from, to) => controller.followBuild(from, to),
  };
}
