import * as vscode from 'vscode';
import type { FeatureContext } from './features/context';
import { registerDropoutHover } from './features/hover';
import { registerPanel } from './features/panel';

// Entry point of both bundles (dist/extension.js for the Node host, dist/web/extension.js for
// the web worker host): it must stay free of Node-only imports. Each feature registers itself.
export function activate(extension: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Dropout Lens', { log: true });
  extension.subscriptions.push(log);
  const features: FeatureContext = { extension, log };
  registerPanel(features);
  registerDropoutHover(features);
}
