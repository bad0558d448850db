import * as vscode from 'vscode';
import { registerCommands } from './features/commands';
import type { FeatureContext } from './features/context';
import { registerDiagnostics } from './features/diagnostics';
import { registerExample } from './features/example';
import { registerDropoutHover } from './features/hover';
import { registerPanel, type PanelApi } from './features/panel';
import { registerInlineOutputs, type InlineApi } from './features/replay';
import { registerTorchBuild } from './features/torchBuild';

/** The extension's exports: tests (and other extensions) open the panel on a request through it. */
export interface DropoutLensApi {
  readonly panel: PanelApi;
  /** What the inline outputs show (tests read it back). */
  readonly inline: InlineApi;
}

// Entry point of the web worker host's bundle (dist/web/extension.js), and the activation both
// hosts share (extension.node.ts is the Node host's entry): it must stay free of Node-only imports.
export function activate(extension: vscode.ExtensionContext): DropoutLensApi {
  return activateIn(extension, undefined);
}

/** Registers every feature; `cpuModel` is the processor's model name where the host can tell it (Node). */
export function activateIn(extension: vscode.ExtensionContext, cpuModel: string | undefined): DropoutLensApi {
  const log = vscode.window.createOutputChannel('Dropout Lens', { log: true });
  extension.subscriptions.push(log);
  const features: FeatureContext = { extension, log, cpuModel };
  const panel = registerPanel(features);
  const builds = registerTorchBuild(features);
  // The panel follows the editor's build while it shows the editor's choice.
  let drawn = builds.current;
  extension.subscriptions.push(builds.onDidChange((choice) => {
    panel.followBuild(drawn, choice);
    drawn = choice;
  }));
  registerDropoutHover(features, builds);
  registerCommands(features, panel, builds);
  registerDiagnostics(features);
  registerExample(features);
  const inline = registerInlineOutputs(features, builds);
  return { panel, inline };
}
