import * as vscode from 'vscode';
import type { PanelRequest, SourceSelection } from '../../protocol';
import type { FeatureContext } from '../context';
import { PANEL_VIEW_TYPE, PanelController, type OpenPanelResult } from './panelController';

export const OPEN_PANEL_COMMAND = 'dropoutLens.openPanel';

/** How other features (the editor commands) open the panel on a tensor expression. */
export interface PanelApi {
  /** Opens the one panel, or updates it, for `request`; the editor keeps the focus. */
  show(request: PanelRequest): void;
}

/** Registers the panel: its command and the serializer that brings it back after a reload. */
export function registerPanel(ctx: FeatureContext): PanelApi {
  const controller = new PanelController(ctx);
  ctx.extension.subscriptions.push(
    controller,
    vscode.commands.registerCommand(OPEN_PANEL_COMMAND, (): OpenPanelResult => controller.open(activeSelection())),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        controller.restore(panel);
      },
    }),
  );
  return {
    show(request) {
      controller.open({ text: request.literal, fileName: request.origin?.fileName ?? '', line: request.origin?.line ?? 1 });
    },
  };
}

/** The active editor's selection; `undefined` when no text editor is active (e.g. the panel has focus). */
function activeSelection(): SourceSelection | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { document, selection } = editor;
  const path = document.uri.path;
  return {
    text: document.getText(selection),
    fileName: path.slice(path.lastIndexOf('/') + 1),
    line: selection.start.line + 1,
  };
}
