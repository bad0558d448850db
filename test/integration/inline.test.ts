import * as assert from 'assert';
import * as vscode from 'vscode';
import SEEDED_CELL from '../../examples/seeded_cell.py';
import { DEBOUNCE_MS } from '../../src/features/replay';
import { replay } from '../../src/replay';
import { EXTENSION_ID, showUntitled, until, withSetting } from './editorHelpers';

// Inline outputs, the stop marker and the dropout CodeLens in a real extension host, read back
// through the extension's `inline` export (what it passed to setDecorations on the visible
// editor). Expected texts come from the replay engine, checked against PyTorch by the unit suite.

interface InlineShown {
  readonly version: number;
  readonly outputs: readonly { readonly line: number; readonly text: string; readonly hover: string }[];
  readonly stop?: { readonly line: number; readonly text: string };
  readonly lenses: readonly { readonly line: number; readonly title: string }[];
}
interface InlineApi {
  shown(uri: vscode.Uri): InlineShown | undefined;
  readonly replays: number;
}

const SCRIPT = [
  'import torch',
  'import torch.nn as nn',
  '',
  'torch.manual_seed(42)',
  'x = torch.randn(2, 5)',
  'fc = nn.Linear(4, 3)',
  'drop = nn.Dropout(0.3)',
  'y = drop(x)',
  'print(y)',
  'for i in range(3):',
  '    print(i)',
  'z = torch.softmax(x, dim=1)',
  'print(z)',
  '',
].join('\n');

function api(): InlineApi {
  const extension = vscode.extensions.getExtension<{ inline: InlineApi }>(EXTENSION_ID);
  assert.ok(extension?.isActive, 'the extension is active');
  return extension.exports.inline;
}

/** Decoration text as read: the extension writes its spaces as no-break spaces, which the editor does not collapse. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

/** What the editor shows once the replay of the document's current version is on it. */
async function shownNow(document: vscode.TextDocument): Promise<InlineShown> {
  await until(() => vscode.extensions.getExtension(EXTENSION_ID)?.isActive === true, 'activation');
  await until(() => api().shown(document.uri)?.version === document.version, `inline outputs of version ${document.version}`);
  return api().shown(document.uri) as InlineShown;
}

interface ApplyResult {
  repr: string;
  seed: string;
  settingsSource: string;
  mask: number[] | null;
}

describe('Inline outputs and the dropout CodeLens', () => {
  afterEach(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows what each print prints after its line, ×n for a loop, and where replay stops', async () => {
    const { document } = await showUntitled(SCRIPT);
    const shown = await shownNow(document);
    const stdout = replay(SCRIPT, { fileName: 'x.py' }).stdout;
    const yRepr = stdout.slice(0, stdout.indexOf(')\n') + 2);
    assert.deepStrictEqual(shown.outputs.map((o) => [o.line, plain(o.text)]), [
      [8, `→ ${yRepr.split('\n')[0]} …`],
      [10, '→ 0 (×3)'],
    ]);
    assert.ok(!shown.outputs[0].text.includes(' '), 'PyTorch\'s double spaces survive in the editor');
    assert.strictEqual(shown.outputs[0].hover, `\`\`\`text\n${yRepr}\n\`\`\``);
    assert.match(shown.outputs[1].hover, /^```text\n0\n1\n2\n\n```$/);
    assert.deepStrictEqual([shown.stop?.line, plain(shown.stop?.text ?? '')], [11, 'replay stops here: cannot replay the call torch.softmax(x, dim=1): torch.softmax is not in the subset replay follows']);
    assert.deepStrictEqual(shown.lenses, [{ line: 7, title: 'Dropout Lens: show this call' }]);
  });

  it('replays once per typing pause, on the latest text', async () => {
    const editor = await showUntitled(SCRIPT);
    const { document } = editor;
    await shownNow(document);
    const before = api().replays;
    // When each change reached the extension host: on a loaded machine two edits can be a pause apart.
    const changes: number[] = [];
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document) changes.push(Date.now());
    });
    const at = document.lineAt(10).range.end.translate(0, -1);
    // Five edits back to back, as typed, each its own change event: `print(i)` becomes `print(i * 10)`.
    try {
      for (const [k, c] of [...' * 10'].entries()) assert.ok(await editor.edit((b) => b.insert(at.translate(0, k), c)));
    } finally {
      listener.dispose();
    }
    assert.strictEqual(document.lineAt(10).text, '    print(i * 10)');
    const shown = await shownNow(document);
    const pauses = changes.slice(1).filter((t, i) => t - changes[i] >= DEBOUNCE_MS).length;
    const replays = api().replays - before;
    assert.strictEqual(changes.length, 5);
    assert.ok(replays >= 1 && replays <= 1 + pauses, `${replays} replays for 5 edits with ${pauses} pauses of ${DEBOUNCE_MS} ms or more between them`);
    assert.deepStrictEqual(plain(shown.outputs[1].text), '→ 0 (×3)');
    assert.match(shown.outputs[1].hover, /^```text\n0\n10\n20\n\n```$/);
  });

  it('the CodeLens opens the panel on that call: what the panel prints is what print(y) prints', async () => {
    const { document } = await showUntitled(SCRIPT);
    const shown = await shownNow(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const ours = lenses.filter((l) => l.command?.command === 'dropoutLens.applyToSelection');
    assert.deepStrictEqual(ours.map((l) => [l.range.start.line, l.command?.title]), [[7, 'Dropout Lens: show this call']]);
    const command = ours[0].command as vscode.Command;
    // The panel's header names the call's place (an untitled document is named by its path).
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    assert.deepStrictEqual([(command.arguments?.[0] as { fileName: string }).fileName, (command.arguments?.[0] as { line: number }).line], [name, 8]);
    const result = await vscode.commands.executeCommand<ApplyResult>(command.command, ...(command.arguments ?? []));
    assert.strictEqual(`\`\`\`text\n${result.repr}\n\n\`\`\``, shown.outputs[0].hover);
    assert.strictEqual(result.seed, '42');
    assert.strictEqual(result.settingsSource, 'drop(x), line 8: 3rd draw after torch.manual_seed(42) (line 4); torch.randn(2, 5) and nn.Linear(4, 3) drew before it');
  });

  it('dropoutLens.inlineOutputs turns the outputs, the marker and the lenses off and on', async () => {
    const { document } = await showUntitled(SCRIPT);
    await shownNow(document);
    const lensCount = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10)).filter((l) => l.command?.command === 'dropoutLens.applyToSelection').length;
    await withSetting('inlineOutputs', false, async () => {
      await until(() => api().shown(document.uri) === undefined, 'the inline outputs to go');
      assert.strictEqual(await lensCount(), 0);
    });
    assert.strictEqual((await shownNow(document)).outputs.length, 2);
    assert.strictEqual(await lensCount(), 1);
  });

  it('"Open the Seeded Example" opens the example in an untitled editor where the workspace has none, and it is replayed', async () => {
    await vscode.commands.executeCommand('dropoutLens.openSeededExample');
    await until(() => vscode.window.activeTextEditor?.document.isUntitled === true, 'the untitled example in the editor');
    const document = (vscode.window.activeTextEditor as vscode.TextEditor).document;
    assert.deepStrictEqual([document.languageId, document.getText()], ['python', SEEDED_CELL]);
    const printed = replay(SEEDED_CELL, { fileName: 'seeded_cell.py' }).stdout.split('\n');
    assert.deepStrictEqual((await shownNow(document)).outputs.map((o) => [o.line, plain(o.text)]), [
      [9, `→ ${printed[0]} …`],
      [10, `→ ${printed[2]} …`],
      [12, `→ ${printed[4]}`],
    ]);
  });

  it('shows nothing in a file that does not seed', async () => {
    const { document } = await showUntitled('import torch\nprint(1)\n');
    // A seeding file opened after it is replayed: by then the first one has had its turn.
    const seeded = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch\ntorch.manual_seed(0)\nprint(2)\n' });
    await vscode.window.showTextDocument(seeded, vscode.ViewColumn.Two);
    await shownNow(seeded);
    assert.strictEqual(api().shown(document.uri), undefined);
  });

  it('replays a notebook as Run All: code cells in order', async () => {
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch\ntorch.manual_seed(0)', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# notes', 'markdown'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'x = torch.rand(3)\nprint(x)', 'python'),
    ]));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    const shown = await shownNow(cell);
    const expected = replay('import torch\ntorch.manual_seed(0)\nx = torch.rand(3)\nprint(x)\n', { fileName: 'n.py' }).stdout.trimEnd();
    assert.deepStrictEqual(shown.outputs.map((o) => [o.line, plain(o.text)]), [[1, `→ ${expected}`]]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
