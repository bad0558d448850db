import * as vscode from 'vscode';

/** What every feature gets at registration: the extension's context and its shared log. */
export interface FeatureContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The processor's model name (Node's `os.cpus()`); undefined in the web worker host, which cannot read it. */
  readonly cpuModel?: string;
}
