import * as vscode from 'vscode';
import type { PanelApi } from '../panel';
import type { BuildChoice } from '../torchBuild';
import { fail, isFailure, prepareRun, type ApplyFailure, type ApplyResult } from './dropoutRun';

/**
 * "Apply Dropout to Selection": runs dropout on the selected literal (or the one around the
 * cursor) with the settings of the dropout call in scope, shows it in the panel and returns it.
 * An error PyTorch raises on it (or where the literal stops reading) is shown in the panel too,
 * with the expression: the panel never keeps showing an earlier result as if it were this one.
 */
export function applyToSelection(panel: PanelApi, build: BuildChoice, args?: unknown): ApplyResult | ApplyFailure {
  const run = prepareRun(args, build, { kind: 'code' });
  if (isFailure(run)) {
    if (!run.request) return fail(run.error);
    panel.show(run.request);
    return { error: run.error };
  }
  panel.show(run.request);
  const { settings } = run.request;
  vscode.window.setStatusBarMessage(
    vscode.l10n.t('Dropout Lens: p = {0}, {1}, seed {2} (from {3})', String(settings.p), settings.variant, settings.seed, run.result.settingsSource),
    8000,
  );
  return run.result;
}
