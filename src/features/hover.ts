import * as vscode from 'vscode';
import { OPEN_PANEL_COMMAND } from './panel';
import type { FeatureContext } from './context';

// PyTorch's dropout family as it is spelled at a call site: nn.Dropout, nn.Dropout2d, F.dropout,
// F.alpha_dropout, torch.dropout, nn.FeatureAlphaDropout, ...
const DROPOUT_NAME = /^(?:Dropout(?:[123]d)?|(?:Feature)?AlphaDropout|(?:feature_)?alpha_dropout|dropout(?:[123]d)?)$/;

/** A hover on dropout names in Python code (files and notebook cells) that links to the panel. */
export function registerDropoutHover(ctx: FeatureContext): void {
  const provider: vscode.HoverProvider = {
    provideHover(document, position) {
      const range = document.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
      if (!range) return undefined;
      const name = document.getText(range);
      if (!DROPOUT_NAME.test(name)) return undefined;
      const md = new vscode.MarkdownString(
        `**Dropout Lens** · \`${name}\`\n\n[Open the Dropout Lens panel](command:${OPEN_PANEL_COMMAND})`,
      );
      // Only our own command may run from this markdown.
      md.isTrusted = { enabledCommands: [OPEN_PANEL_COMMAND] };
      return new vscode.Hover(md, range);
    },
  };
  ctx.extension.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'python' }, provider));
}
