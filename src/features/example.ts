import * as vscode from 'vscode';
import type { FeatureContext } from './context';
// The cell itself, bundled as text (esbuild's loader for .py): the .vsix ships no examples/.
import SEEDED_CELL from '../../examples/seeded_cell.py';

export const OPEN_SEEDED_EXAMPLE = 'dropoutLens.openSeededExample';
/** Where the example is in a clone: `npm start` opens examples/, a clone's root holds it under examples/. */
const PLACES = ['seeded_cell.py', 'examples/seeded_cell.py'];

/** The example in the workspace, if a folder holds it (workspace.fs: Quick Open finds nothing in VS Code for the Web). */
async function findInWorkspace(): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const place of PLACES) {
      const uri = vscode.Uri.joinPath(folder.uri, place);
      if (await vscode.workspace.fs.stat(uri).then(() => true, () => false)) return uri;
    }
  }
  return undefined;
}

/**
 * "Open the Seeded Example" (the walkthrough's replay step): examples/seeded_cell.py from the
 * workspace, or, where the workspace has no clone's examples, the same cell in an untitled Python
 * editor, which replay follows as well.
 */
export function registerExample(ctx: FeatureContext): void {
  ctx.extension.subscriptions.push(vscode.commands.registerCommand(OPEN_SEEDED_EXAMPLE, async () => {
    const uri = await findInWorkspace();
    const document = await (uri ? vscode.workspace.openTextDocument(uri) : vscode.workspace.openTextDocument({ language: 'python', content: SEEDED_CELL }));
    await vscode.window.showTextDocument(document);
  }));
}
