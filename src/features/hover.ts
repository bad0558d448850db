import * as vscode from 'vscode';
import { callSummary } from '../analysis/dropoutCalls';
import { explainAt, hoverMarkdown } from '../analysis/explain';
import { readConfig } from '../config';
import type { ApplyArgs } from '../commandArgs';
import { APPLY_TO_SELECTION } from './commands/ids';
import type { FeatureContext } from './context';
import type { TorchBuildState } from './torchBuild';

/** Value-aware hovers on dropout constructs in Python files and notebook cells. */
export function registerDropoutHover(ctx: FeatureContext, builds: TorchBuildState): void {
  const provider: vscode.HoverProvider = {
    provideHover(document, position) {
      const config = readConfig(document);
      if (!config.hoverEnabled) return undefined;
      const hover = dropoutHover(document, position, config.defaultP);
      // The mask "Try it" shows depends on the build: name it, after the link.
      const { build, reason } = builds.current;
      const line = vscode.l10n.t('Masks of the {0} build: {1}', build, reason).replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&');
      (hover?.contents[0] as vscode.MarkdownString | undefined)?.appendMarkdown(`\n\n${line}`);
      return hover;
    },
  };
  ctx.extension.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'python' }, provider));
}

function dropoutHover(document: vscode.TextDocument, position: vscode.Position, defaultP: number): vscode.Hover | undefined {
  // The whole document: the Python reader has usually parsed this very text already (the
  // diagnostics read it after each edit), and it reads only the calls around the cursor.
  const explanation = explainAt(document.getText(), document.offsetAt(position), vscode.l10n, defaultP);
  if (!explanation) return undefined;

  const { call, tryIt } = explanation;
  const callLine = document.positionAt(call.calleeStart).line + 1;
  const args: ApplyArgs = {
    ...tryIt,
    settingsSource: vscode.l10n.t('{0}, line {1}', callSummary(call.callee, call.args.p?.text), callLine),
  };
  const md = new vscode.MarkdownString(hoverMarkdown(explanation, vscode.l10n.t('▶ Try it in the Dropout Lens panel'), APPLY_TO_SELECTION, args));
  // The link may run our apply command and nothing else; no HTML, no theme icons (both off by default, said here on purpose).
  md.supportHtml = false;
  md.supportThemeIcons = false;
  md.isTrusted = { enabledCommands: [APPLY_TO_SELECTION] };
  const range = new vscode.Range(document.positionAt(explanation.start), document.positionAt(explanation.end));
  return new vscode.Hover(md, range);
}
