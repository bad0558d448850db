import * as vscode from 'vscode';
import type { BuildChoice } from '../torchBuild';
import { fail, isFailure, prepareRun, type ApplyFailure, type ApplyResult, type RunSource } from './dropoutRun';

/** "Copy Result": the output as PyTorch prints it, on the clipboard; what the panel shows, when it shows this expression. */
export async function copyResult(build: BuildChoice, screen: RunSource, args?: unknown): Promise<ApplyResult | ApplyFailure> {
  const run = prepareRun(args, build, screen);
  if (isFailure(run)) return fail(run.error);
  await vscode.env.clipboard.writeText(run.result.repr);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Dropout Lens: result copied (seed {0})', run.result.seed), 5000);
  return run.result;
}
