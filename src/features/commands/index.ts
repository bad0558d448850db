import * as vscode from 'vscode';
import type { FeatureContext } from '../context';
import type { PanelApi } from '../panel';
import type { TorchBuildState } from '../torchBuild';
import { applyToSelection } from './applyToSelection';
import { applyWithOptions } from './applyWithOptions';
import { copyResult } from './copyResult';
import type { RunSource } from './dropoutRun';
import { APPLY_TO_SELECTION, APPLY_WITH_OPTIONS, COPY_RESULT, OPEN_PANEL, REPLACE_SELECTION } from './ids';
import { openPanel } from './openPanel';
import { replaceSelection } from './replaceSelection';

/** A menu (the editor's context menu) passes the editor's resource URI: that is no argument object. */
const argsOf = (args: unknown): unknown => (args instanceof vscode.Uri ? undefined : args);

/** The editor commands. Each returns the run (or `{ error }`), so tests and other extensions can use it. */
export function registerCommands(ctx: FeatureContext, panel: PanelApi, builds: TorchBuildState): void {
  // Copy and Replace act on what the panel shows for the same expression.
  const screen: RunSource = { kind: 'screen', onScreen: (document, range) => panel.onScreen(document, range) };
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(APPLY_TO_SELECTION, (args?: unknown) => {
      const started = Date.now();
      const result = applyToSelection(panel, builds.current, argsOf(args));
      // With the start as a clock time: bench:panel sets the log level to debug and reads it.
      ctx.log.debug(`apply: started at ${started} (ms since 1970), done in ${Date.now() - started} ms`);
      return result;
    }),
    vscode.commands.registerCommand(APPLY_WITH_OPTIONS, () => applyWithOptions(ctx, panel, () => builds.current)),
    vscode.commands.registerCommand(REPLACE_SELECTION, (args?: unknown) => replaceSelection(builds.current, screen, argsOf(args))),
    vscode.commands.registerCommand(COPY_RESULT, (args?: unknown) => copyResult(builds.current, screen, argsOf(args))),
    vscode.commands.registerCommand(OPEN_PANEL, () => openPanel(panel, builds.current)),
  );
}
