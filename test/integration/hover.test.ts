import * as assert from 'assert';
import * as vscode from 'vscode';
import { render } from '../../scripts/fuzz/markdownOracle';
import { FEATURES_FILE, hoverText, openFile, positionOf, showUntitled, withSetting, workspaceUri } from './editorHelpers';

// Hovers through the real provider registry (vscode.executeHoverProvider), on the fixture
// test/integration/workspace/editor_features.py and on a notebook cell.

const APPLY = 'dropoutLens.applyToSelection';

interface ApplyResult {
  p: number;
  variant: string;
  training: boolean;
  repr: string;
  shape: number[];
  settingsSource: string;
}

/** The argument of the hover's "Try it" command link. */
function tryItArgs(markdown: string): Record<string, unknown> {
  const m = /\(command:dropoutLens\.applyToSelection\?([^)]+)\)/.exec(markdown);
  assert.ok(m, `a Try it link in:\n${markdown}`);
  const args = JSON.parse(decodeURIComponent(m[1])) as unknown[];
  assert.strictEqual(args.length, 1);
  return args[0] as Record<string, unknown>;
}

describe('Hover on dropout constructs', () => {
  let document: vscode.TextDocument;
  const uri = () => workspaceUri(FEATURES_FILE);

  before(async () => {
    document = (await openFile(FEATURES_FILE)).document;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('explains a keyword p with the scale and the Binomial spread worked out', async () => {
    const text = (await hoverText(uri(), positionOf(document, 'p=0.2', 2))).split('[▶')[0];
    assert.match(text, /\*\*`nn\.Dropout`\*\* · element-wise dropout/);
    assert.match(text, /Each element is zeroed with probability p = 0\.2; the kept elements are multiplied by 1\/\(1-p\) = ×1\.25\./);
    assert.match(text, /Expected share of zeros: 20%\. The count is random: for n elements it follows Binomial\(n, 0\.2\); for 100 elements, 95% of runs zero between 12 and 28\./);
    // Only the hovered part: nothing about inplace.
    assert.doesNotMatch(text, /inplace/);
  });

  it('explains a positional p and training of F.dropout', async () => {
    const p = await hoverText(uri(), positionOf(document, '0.3, True'));
    assert.match(p, /p = 0\.3; the kept elements are multiplied by 1\/\(1-p\) = ×1\.429\./);
    assert.match(p, /for 100 elements, 95% of runs zero between 21 and 39\./);
    const training = await hoverText(uri(), positionOf(document, 'True)', 1));
    assert.match(training, /training = True: dropout is applied\./);
  });

  it('explains every part when hovering the name, across line breaks', async () => {
    const name = await hoverText(uri(), positionOf(document, 'F.alpha_dropout', 4));
    assert.match(name, /\*\*`F\.alpha_dropout`\*\* · alpha dropout, for SELU networks/);
    assert.match(name, /keeps the mean and variance of the input/);
    assert.match(name, /A kept element x becomes 0\.9213·x \+ 0\.162; a dropped one becomes -1\.458\./);
    assert.match(name, /95% of runs drop between 5 and 16/);
    // PyTorch's trap: the functional alpha variants default to training=False.
    assert.match(name, /training is not given, and for `F\.alpha_dropout` it defaults to \*\*False\*\*: as written, this call returns its input unchanged\./);
    assert.match(name, /inplace is not given: it defaults to False/);
    // The p argument two lines below the name is found too.
    const p = await hoverText(uri(), positionOf(document, 'p=0.1', 3));
    assert.match(p, /Each element is dropped with probability p = 0\.1\./);
  });

  it('says plainly when a value is known only at run time', async () => {
    const p = await hoverText(uri(), positionOf(document, 'rate'));
    assert.match(p, /p is `rate`, which is not a literal: its value is known only when the code runs\. "Try it" uses p = 0\.5/);
    const training = await hoverText(uri(), positionOf(document, 'training=self.training', 3));
    assert.match(training, /training = `self\.training`: decided when the code runs\./);
    const channelName = await hoverText(uri(), positionOf(document, 'F.dropout2d', 3));
    assert.match(channelName, /\(N, C, H, W\) or \(C, H, W\)/);
  });

  it('explains eval mode, inplace, PyTorch\'s default p, and a module', async () => {
    assert.match(await hoverText(uri(), positionOf(document, 'training=False', 2)), /training = False \(evaluation mode\): dropout is the identity; the input is returned unchanged\./);
    assert.match(await hoverText(uri(), positionOf(document, 'inplace=True', 2)), /inplace = True: the result is written into the input tensor, so the caller's tensor is overwritten\./);
    const module = await hoverText(uri(), positionOf(document, 'nn.Dropout(0.5', 4));
    assert.match(module, /As a module it drops only in training mode: after `model\.eval\(\)` it returns its input unchanged\./);
    assert.match(module, /= ×2\./);
    assert.doesNotMatch(module, /training = /, 'a module has no training argument');
  });

  it('links "Try it" to the apply command with the construct\'s own values and input', async () => {
    const markdown = await hoverText(uri(), positionOf(document, 'F.alpha_dropout', 2));
    const args = tryItArgs(markdown);
    assert.deepStrictEqual(
      { literal: args.literal, p: args.p, variant: args.variant, training: args.training, inplace: args.inplace },
      { literal: 'torch.ones(2, 3)', p: 0.1, variant: 'alpha_dropout', training: false, inplace: false },
    );
    assert.match(String(args.settingsSource), /^F\.alpha_dropout\(p=0\.1\), line 27$/);
    const result = await vscode.commands.executeCommand<ApplyResult>(APPLY, args);
    assert.strictEqual(result.p, 0.1);
    assert.strictEqual(result.variant, 'alpha_dropout');
    assert.strictEqual(result.training, false);
    // Eval mode: the identity, printed as PyTorch does.
    assert.strictEqual(result.repr, 'tensor([[1., 1., 1.],\n        [1., 1., 1.]])');
    // A module has no input literal: "Try it" brings a sample of the rank the variant expects.
    const moduleArgs = tryItArgs(await hoverText(uri(), positionOf(document, 'nn.Dropout(p=0.2)', 4)));
    assert.strictEqual(moduleArgs.literal, 'torch.ones(4, 5)');
  });

  it('keeps a p written as Markdown as text: one link, ours, trusted for the apply command alone', async () => {
    const p = 'a``[Try it](command:dropoutLens.applyToSelection?%5B%7B%22call%22%3A2%2C%22mask%22%3A1%7D%5D)``b ![i](https://example.com/x.png) <img src=x>';
    const editor = await showUntitled(`import torch.nn as nn\ndrop = nn.Dropout(p=${p})\n`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'Dropout('));
    const contents = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string');
    assert.strictEqual(contents.length, 1);
    const out = render(contents[0].value);
    assert.strictEqual(out.links.length, 1, `one link in:\n${contents[0].value}`);
    assert.match(out.links[0], /^command:dropoutLens\.applyToSelection\?/);
    assert.deepStrictEqual([out.images, out.html], [0, []]);
    // Python's parser reads such a p to the end of the line (it is no Python): it is shown as code, whole.
    assert.ok(out.code.some((c) => c.includes(p)), 'the p text, verbatim, as code');
    assert.ok(!contents[0].supportHtml);
    // The link's own arguments run; the command refuses what it does not take, naming the field.
    const [args] = JSON.parse(decodeURIComponent(out.links[0].split('?')[1])) as Array<Record<string, unknown>>;
    assert.strictEqual(args.literal, 'torch.ones(4, 5)');
    const run = await vscode.commands.executeCommand<ApplyResult>(APPLY, args);
    assert.match(String(run.repr), /^tensor\(/, JSON.stringify(run));
    for (const [bad, message] of [
      [{ ...args, mask: [1] }, /^the command argument has an unknown field "mask"\.$/],
      [{ ...args, seed: '1e400' }, /^the command argument "seed" must be a whole number/],
      [{ ...args, p: 0.5, pIsInt: true }, /"pIsInt" is true only with a whole number "p"/],
      [{ ...args, settingsSource: 'x'.repeat(5000) }, /"settingsSource" is longer than 1000 characters/],
    ] as const) {
      const outcome = await vscode.commands.executeCommand<{ error?: string }>(APPLY, bad);
      assert.match(String(outcome.error), message);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows nothing elsewhere, and nothing when hovers are switched off', async () => {
    assert.strictEqual(await hoverText(uri(), positionOf(document, 'import torch', 2)), '');
    assert.strictEqual(await hoverText(uri(), positionOf(document, 'F.dropout(x', 10)), '', 'the input argument');
    await withSetting('hover.enabled', false, async () => {
      assert.strictEqual(await hoverText(uri(), positionOf(document, 'p=0.2', 2)), '');
    });
    assert.notStrictEqual(await hoverText(uri(), positionOf(document, 'p=0.2', 2)), '', 'back on after the setting is restored');
  });

  it('works in a notebook cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch.nn as nn', 'python'),
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'layer = nn.Dropout2d(p=0.25)\nlayer(x)', 'python'),
      ]),
    );
    const cell = notebook.cellAt(1).document;
    assert.strictEqual(cell.uri.scheme, 'vscode-notebook-cell');
    const text = await hoverText(cell.uri, positionOf(cell, 'p=0.25', 2));
    assert.match(text, /Each channel is zeroed with probability p = 0\.25; the kept channels are multiplied by 1\/\(1-p\) = ×1\.333\./);
    assert.match(text, /for 100 channels, 95% of runs zero between 17 and 34\./);
  });
});
