import * as vscode from 'vscode';
import { literalRequest } from '../../shared/protocol';
import type { PanelApi } from '../panel';
import type { BuildChoice } from '../torchBuild';
import { isFailure, prepareRun, type ApplyFailure, type ApplyResult } from './dropoutRun';

/**
 * "Apply Dropout to Selection": runs dropout on the selected literal (or the one around the
 * cursor) with the settings of the dropout call in scope, shows it in the panel and returns it.
 */
export function applyToSelection(panel: PanelApi, build: BuildChoice, args?: unknown): ApplyResult | ApplyFailure {
  const run = prepareRun(args, false, build);
  if (isFailure(run)) return run;
  panel.show(literalRequest(run.literal, run.input, { settings: run.settings, origin: run.origin, settingsSource: run.result.settingsSource, buildReason: run.result.buildReason }));
  vscode.window.setStatusBarMessage(
    vscode.l10n.t('Dropout Lens: p = {0}, {1}, seed {2} (from {3})', String(run.settings.p), run.settings.variant, run.settings.seed, run.result.settingsSource),
    8000,
  );
  return run.result;
}
