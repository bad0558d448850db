import * as assert from 'assert';
import * as vscode from 'vscode';
import { until } from './editorHelpers';

// Runs inside a real extension host: Node (code-server, VS Code 1.139) and the web worker
// (VS Code for the Web 1.91). The workspace is test/integration/workspace.

const EXTENSION_ID = 'dropout-lens.dropout-lens';
const OPEN_PANEL = 'dropoutLens.openPanel';

interface OpenPanelResult {
  panelTitle: string;
  visible: boolean;
}

const titleAndVisibility = (r: OpenPanelResult) => ({ panelTitle: r.panelTitle, visible: r.visible });

function demoUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, 'dropout_demo.py');
}

async function openDemo(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(demoUri());
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dropoutLens.panel'));
}

describe('Dropout Lens in a real extension host', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates when a Python file opens', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await openDemo();
    await until(() => extension.isActive, 'activation by onLanguage:python');
  });

  it('contributes "Dropout Lens: Open Panel"', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: { command: string; title: string; category: string }[] };
    };
    const contributed = manifest.contributes.commands.find((c) => c.command === OPEN_PANEL);
    assert.deepStrictEqual(contributed && `${contributed.category}: ${contributed.title}`, 'Dropout Lens: Open Panel');
    assert.ok((await vscode.commands.getCommands(true)).includes(OPEN_PANEL), 'command is registered');
  });

  it('opens one panel, and reveals the same panel when run again', async () => {
    const editor = await openDemo();
    const line = editor.document.lineAt(7);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);

    const first = await vscode.commands.executeCommand<OpenPanelResult>(OPEN_PANEL);
    assert.deepStrictEqual(titleAndVisibility(first), { panelTitle: 'Dropout Lens', visible: true });
    await until(() => panelTabs().length === 1, 'the panel tab');

    await openDemo();
    const second = await vscode.commands.executeCommand<OpenPanelResult>(OPEN_PANEL);
    assert.strictEqual(second.panelTitle, 'Dropout Lens');
    assert.strictEqual(panelTabs().length, 1, 'still one panel');
  });

  it('closing the panel and running the command opens a new one', async () => {
    await vscode.window.tabGroups.close(panelTabs());
    await until(() => panelTabs().length === 0, 'the panel to close');
    const result = await vscode.commands.executeCommand<OpenPanelResult>(OPEN_PANEL);
    assert.deepStrictEqual(titleAndVisibility(result), { panelTitle: 'Dropout Lens', visible: true });
    await until(() => panelTabs().length === 1, 'a new panel tab');
  });
});
