import * as vscode from 'vscode';
import type { SourceSelection } from '../../protocol';
import type { FeatureContext } from '../context';
import { PANEL_VIEW_TYPE, PanelController, type OpenPanelResult } from './panelController';

export const OPEN_PANEL_COMMAND = 'dropoutLens.openPanel';

/** Registers the panel: its command and the serializer that brings it back after a reload. */
export function registerPanel(ctx: FeatureContext): void {
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
