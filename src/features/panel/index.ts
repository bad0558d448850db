import * as vscode from 'vscode';
import { LiteralError } from '../../core/errors';
import { parseTensorLiteral } from '../../core/parse';
import { LITERAL_BOX_MAX, literalRequest, type PanelRequest } from '../../shared/protocol';
import type { FeatureContext } from '../context';
import type { BuildChoice } from '../torchBuild';
import { PANEL_VIEW_TYPE, PanelController, type OpenPanelResult } from './panelController';

const OPEN_PANEL_COMMAND = 'dropoutLens.openPanel';

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
  /** The editor's build changed from `from` to `to`: a panel showing `from` as the editor chose it shows `to`. */
  followBuild(from: BuildChoice, to: BuildChoice): void;
}

/** Registers the panel: its command and the serializer that brings it back after a reload. */
export function registerPanel(ctx: FeatureContext): PanelApi {
  const controller = new PanelController(ctx);
  ctx.extension.subscriptions.push(
    controller,
    vscode.commands.registerCommand(OPEN_PANEL_COMMAND, (): OpenPanelResult | { error: string } => {
      const selected = selectionRequest();
      if (selected && 'error' in selected) return selected;
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
    followBuild(from, to) {
      controller.followBuild(from, to);
    },
  };
}

/**
 * The active editor's non-empty selection as a request on the playground's settings: the panel
 * parses it (and points at the error when it is no tensor). Undefined without a selection.
 */
function selectionRequest(): PanelRequest | { error: string } | undefined {
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
  return request.literal.length > LITERAL_BOX_MAX ? largeRequest(request, document, document.offsetAt(selection.start)) : request;
}

/**
 * A text request too long for the box, sent parsed. One that does not read is not sent (the page
 * takes no text longer than its box): the error is shown here, at its place in the document.
 */
function largeRequest(request: PanelRequest, document: vscode.TextDocument, base: number): PanelRequest | { error: string } {
  try {
    return literalRequest(request.literal, parseTensorLiteral(request.literal).tensor, request);
  } catch (e) {
    if (!(e instanceof LiteralError)) throw e;
    const at = document.positionAt(base + e.offset);
    const error = e.pyType ? e.displayText : vscode.l10n.t('cannot read the tensor literal at line {0}, column {1}: {2}', at.line + 1, at.character + 1, e.message);
    void vscode.window.showErrorMessage(vscode.l10n.t('Dropout Lens: {0}', error));
    return { error };
  }
}
