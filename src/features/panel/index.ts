import * as vscode from 'vscode';
import { LiteralError } from '../../core/errors';
import { parseTensorLiteral } from '../../core/parse';
import { LITERAL_BOX_MAX, literalRequest, type PanelRequest } from '../../protocol';
import type { FeatureContext } from '../context';
import { PANEL_VIEW_TYPE, PanelController, type OpenPanelResult } from './panelController';

export const OPEN_PANEL_COMMAND = 'dropoutLens.openPanel';

/** What `dropoutLens.openPanel` shows with no selection: the example. */
export const PLAYGROUND: PanelRequest = {
  literal: 'torch.tensor([1., 2., 3., 4., 5.])',
  settings: { p: 0.2, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1 },
  origin: null,
  settingsSource: null,
};

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
    vscode.commands.registerCommand(OPEN_PANEL_COMMAND, (): OpenPanelResult => {
      const selected = selectionRequest();
      // Without a selection an open panel keeps what it shows; a new one starts as the playground.
      return controller.open(selected ?? (controller.isOpen ? null : PLAYGROUND));
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => controller.restore(panel, state),
    }),
  );
  return {
    show(request) {
      controller.open(request);
    },
  };
}

/**
 * The active editor's non-empty selection as a request on the playground's settings: the panel
 * parses it (and points at the error when it is no tensor). Undefined without a selection.
 */
function selectionRequest(): PanelRequest | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  const path = document.uri.path;
  const request: PanelRequest = {
    literal: document.getText(selection),
    settings: PLAYGROUND.settings,
    origin: {
      fileName: path.slice(path.lastIndexOf('/') + 1),
      line: selection.start.line + 1,
      uri: document.uri.toString(),
      range: { startLine: selection.start.line, startCharacter: selection.start.character, endLine: selection.end.line, endCharacter: selection.end.character },
    },
    settingsSource: null,
  };
  return request.literal.length > LITERAL_BOX_MAX ? largeRequest(request) : request;
}

/**
 * A text request too long for the box, sent parsed. One that does not read stays text: the page
 * shows where it fails (it was never going to be edited in the box anyway).
 */
function largeRequest(request: PanelRequest): PanelRequest {
  try {
    return literalRequest(request.literal, parseTensorLiteral(request.literal).tensor, request);
  } catch (e) {
    if (!(e instanceof LiteralError)) throw e;
    return request;
  }
}
