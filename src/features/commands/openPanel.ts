import * as vscode from 'vscode';
import { resolveSettings } from '../../analysis/runSettings';
import type { PanelRequest } from '../../shared/protocol';
import { readConfig } from '../../config';
import type { OpenPanelResult, PanelApi } from '../panel';
import type { BuildChoice } from '../torchBuild';
import { fail, isFailure, prepareRun, type ApplyFailure } from './dropoutRun';

/** What the panel starts on without a selection: the blog article's example. */
const PLAYGROUND_LITERAL = 'torch.tensor([1., 2., 3., 4., 5.])';

/** The playground on the `dropoutLens.*` settings (p, variant, seed: a fresh one when none is set). */
function playground(build: BuildChoice): PanelRequest {
  const resolved = resolveSettings({}, readConfig(vscode.window.activeTextEditor?.document), build, undefined, vscode.l10n);
  return { literal: PLAYGROUND_LITERAL, settings: resolved.settings, origin: null, settingsSource: resolved.settingsSource, buildReason: resolved.buildReason };
}

/**
 * "Open Panel": on the selection, the run Apply would show (the code's dropout and seed, the
 * settings), errors included; without one, the open panel as it is, or the playground.
 */
export function openPanel(panel: PanelApi, build: BuildChoice): OpenPanelResult | ApplyFailure {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return panel.reveal(() => playground(build));
  const run = prepareRun(undefined, build, { kind: 'code' });
  if (!isFailure(run)) return panel.show(run.request);
  return run.request ? panel.show(run.request) : fail(run.error);
}
