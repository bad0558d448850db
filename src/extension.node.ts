import * as os from 'os';
import type * as vscode from 'vscode';
import { activateIn, type DropoutLensApi } from './extension';

// Entry point of the Node host's bundle (dist/extension.js): the shared activation, told the
// processor's model, which only Node can read (older PyTorch wheels chose their dropout draw by the
// processor's vendor: docs/builds.md). The web bundle never imports this file, so it stays Node-free.
export function activate(extension: vscode.ExtensionContext): DropoutLensApi {
  return activateIn(extension, os.cpus()[0]?.model);
}
