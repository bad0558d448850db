import * as vscode from 'vscode';
import type { BuildChoice } from '../torchBuild';
import { isFailure, prepareRun, type ApplyFailure, type ApplyResult } from './dropoutRun';

/** "Copy Result": the output as PyTorch prints it, on the clipboard. */
export async function copyResult(build: BuildChoice, args?: unknown): Promise<ApplyResult | ApplyFailure> {
  const run = prepareRun(args, true, build);
  if (isFailure(run)) return run;
  await vscode.env.clipboard.writeText(run.result.repr);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Dropout Lens: result copied (seed {0})', run.result.seed), 5000);
  return run.result;
}
