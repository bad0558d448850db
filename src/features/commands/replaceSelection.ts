import * as vscode from 'vscode';
import { toLiteral } from '../../core/literal';
import type { BuildChoice } from '../torchBuild';
import { fail, isFailure, prepareRun, type ApplyFailure, type ApplyResult, type RunSource } from './dropoutRun';

/**
 * "Replace Selection with Result": the literal becomes the result's `torch.tensor([...])`, as one
 * undo step; the result the panel shows, when it shows this expression.
 */
export async function replaceSelection(build: BuildChoice, screen: RunSource, args?: unknown): Promise<ApplyResult | ApplyFailure> {
  const run = prepareRun(args, build, screen);
  if (isFailure(run)) return fail(run.error);
  const { editor, range } = run;
  if (!editor || !range) return fail(vscode.l10n.t('there is no literal in an editor to replace: select one first.'));
  // Continuation rows stay aligned under the first one: inside brackets Python allows any indent.
  const text = toLiteral(run.output, range.start.character);
  const done = await editor.edit((edit) => edit.replace(range, text));
  if (!done) return fail(vscode.l10n.t('the document changed before the result could be written; nothing was replaced.'));
  return run.result;
}
