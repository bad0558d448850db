import * as vscode from 'vscode';

/** What every feature gets at registration: the extension's context and its shared log. */
export interface FeatureContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}
