import * as assert from 'assert';
import * as vscode from 'vscode';
import { positionOf, until, withSetting } from './editorHelpers';

// Diagnostics and quick fixes on untitled Python documents (nothing on disk changes).

const SOURCE = 'Dropout Lens';
const CODE = [
  'import torch',
  'import torch.nn as nn',
  'percent = nn.Dropout(p=20)',
  'wrong = nn.Dropout(1.5)',
  'negative = nn.Dropout(-1)',
  'everything = nn.Dropout(p=1.0)',
  'conv = nn.Dropout2d(0.2)(torch.ones(2, 3, 4))',
  'fine = nn.Dropout(0.2)',
  '',
].join('\n');
const RANK_MESSAGE =
  'Dropout2d expects a 4-D input (N, C, H, W); on this 3-D input PyTorch 1.13 does 1-D channel-wise dropout over (N, C, L) instead, with a warning. Use Dropout1d for that, or add the missing dimension.';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

async function openUntitled(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'python', content });
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

async function fixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  // No other provider of quick fixes runs in the test host.
  return actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
}

describe('Diagnostics and quick fixes', () => {
  afterEach(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports p outside [0, 1] with PyTorch\'s message, p = 1 and a 3-D input to Dropout2d', async () => {
    const { document } = await openUntitled(CODE);
    await until(() => ours(document.uri).length === 5, 'five diagnostics');
    const byLine = ours(document.uri).map((d) => [d.range.start.line, d.severity, d.code, document.getText(d.range), d.message]);
    assert.deepStrictEqual(byLine, [
      [2, vscode.DiagnosticSeverity.Error, 'p-out-of-range', '20', 'PyTorch raises ValueError: dropout probability has to be between 0 and 1, but got 20'],
      [3, vscode.DiagnosticSeverity.Error, 'p-out-of-range', '1.5', 'PyTorch raises ValueError: dropout probability has to be between 0 and 1, but got 1.5'],
      [4, vscode.DiagnosticSeverity.Error, 'p-out-of-range', '-1', 'PyTorch raises ValueError: dropout probability has to be between 0 and 1, but got -1'],
      [5, vscode.DiagnosticSeverity.Warning, 'p-one', '1.0', 'p = 1 zeroes every element: the output is all zeros in training mode, so nothing reaches the next layer.'],
      [6, vscode.DiagnosticSeverity.Warning, 'input-rank', 'torch.ones(2, 3, 4)', RANK_MESSAGE],
    ]);
  });

  it('offers "Use p=0.2 (20%)" for a percentage and PyTorch\'s default otherwise; the fixes edit p', async () => {
    const editor = await openUntitled(CODE);
    const { document } = editor;
    await until(() => ours(document.uri).length === 5, 'five diagnostics');
    const [percent, wrong, negative] = ours(document.uri);
    const percentFixes = await fixes(document, percent);
    assert.deepStrictEqual(percentFixes.map((a) => [a.title, a.isPreferred]), [['Use p=0.2 (20%)', true], ["Use PyTorch's default p=0.5", false]]);
    assert.deepStrictEqual((await fixes(document, wrong)).map((a) => a.title), ['Use p=0.015 (1.5%)', "Use PyTorch's default p=0.5"]);
    assert.deepStrictEqual((await fixes(document, negative)).map((a) => a.title), ["Use PyTorch's default p=0.5"]);

    assert.ok(await vscode.workspace.applyEdit(percentFixes[0].edit!));
    assert.strictEqual(document.lineAt(2).text, 'percent = nn.Dropout(p=0.2)');
    // Quick fixes wait for the diagnostics of the edited text (debounced).
    await until(() => ours(document.uri).length === 4, 'the fixed line to lose its error');
    const negativeNow = ours(document.uri).find((d) => d.range.start.line === 4);
    assert.ok(negativeNow);
    const [defaultFix] = await fixes(document, negativeNow);
    assert.ok(await vscode.workspace.applyEdit(defaultFix.edit!));
    assert.strictEqual(document.lineAt(4).text, 'negative = nn.Dropout(0.5)');
    await until(() => ours(document.uri).length === 3, 'the fixed lines to lose their errors');
  });

  it('update as the user types, switch off with the setting, and clear when the document closes', async () => {
    const editor = await openUntitled('import torch.nn as nn\nlayer = nn.Dropout(p=0.5)\n');
    const { document } = editor;
    await new Promise((r) => setTimeout(r, 400));
    assert.deepStrictEqual(ours(document.uri), []);
    const p = positionOf(document, '0.5');
    await editor.edit((e) => e.replace(new vscode.Range(p, p.translate(0, 3)), '5'));
    await until(() => ours(document.uri).length === 1, 'an error for p=5');
    await withSetting('diagnostics.enabled', false, async () => {
      await until(() => ours(document.uri).length === 0, 'the diagnostics to go when switched off');
    });
    await until(() => ours(document.uri).length === 1, 'the diagnostics to come back');
    const uri = document.uri;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await until(() => ours(uri).length === 0, 'the diagnostics to clear on close');
  });

  it('covers notebook cells', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch.nn as nn\ndrop = nn.Dropout(p=50)', 'python')]),
    );
    const cell = notebook.cellAt(0).document;
    await until(() => ours(cell.uri).length === 1, 'a diagnostic in the cell');
    const [diagnostic] = ours(cell.uri);
    assert.strictEqual(cell.getText(diagnostic.range), '50');
    assert.strictEqual(diagnostic.message, 'PyTorch raises ValueError: dropout probability has to be between 0 and 1, but got 50');
  });
});

