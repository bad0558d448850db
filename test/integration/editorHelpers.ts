import * as assert from 'assert';
import * as vscode from 'vscode';
import { STATE_TIMEOUT_MS } from './patience';

// Shared by the editor-feature suites (commands, hover, diagnostics, l10n).

export const EXTENSION_ID = 'dropout-lens.dropout-lens';
export const FEATURES_FILE = 'editor_features.py';

export async function until(condition: () => boolean, what: string, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  for (const start = Date.now(); !condition(); ) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a workspace file in the first column and waits for the extension to be active. */
export async function openFile(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  await until(() => extension.isActive, 'activation');
  return editor;
}

let untitled = 0;

/**
 * Opens an untitled Python document holding `content` in the first column and waits until the
 * extension host sees it as the active editor: commands read `activeTextEditor`, which can lag
 * behind `showTextDocument` while the previous test's editor is closing. Each gets a name of its
 * own: `openTextDocument({ content })` reuses "Untitled-1" once the previous one is closed, and
 * while that close was still on its way the host handed back the old document's text.
 */
export async function showUntitled(content: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/dropout-lens-test-${++untitled}.py` });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), content)), 'the content is written');
  assert.strictEqual(document.getText(), content);
  await until(() => vscode.window.activeTextEditor?.document === document, 'the untitled editor to be active');
  return editor;
}

/** The position of `needle`'s n-th occurrence (0-based) plus `delta` characters. */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0, occurrence = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${occurrence}) is in ${document.uri.path}`);
  }
  return document.positionAt(at + delta);
}

/** The range covering `needle`'s first occurrence. */
export function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const start = positionOf(document, needle);
  return new vscode.Range(start, start.translate(0, needle.length));
}

/** The text of every hover at `position`, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Sets a `dropoutLens.*` setting for the duration of `body`, then restores it. */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('dropoutLens');
  const before = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration('dropoutLens').update(key, before, vscode.ConfigurationTarget.Global);
  }
}
