import * as vscode from 'vscode';
import { isFailure, prepareRun, type ApplyFailure, type ApplyResult } from './dropoutRun';

/** "Copy Result": the output as PyTorch prints it, on the clipboard. */
export async function copyResult(args?: unknown): Promise<ApplyResult | ApplyFailure> {
  const run = prepareRun(args, true);
  if (isFailure(run)) return run;
  await vscode.env.clipboard.writeText(run.result.repr);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Dropout Lens: result copied (seed {0})', run.result.seed), 5000);
  return run.result;
}
