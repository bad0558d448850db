import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseTensorLiteral } from '../../src/core/parse';
import type { DropoutLensApi } from '../../src/extension';
import { MAX_CALL, runDropout } from '../../src/core/run';
import { FEATURES_FILE, EXTENSION_ID, openFile, positionOf, rangeOf, showUntitled, until, withSetting } from './editorHelpers';

// The editor commands inside a real extension host, on test/integration/workspace/editor_features.py.
// Expected outputs come from the core (verified bit for bit against PyTorch by the unit suite):
// these tests check what the commands feed it and what they do with its result.

const APPLY = 'dropoutLens.applyToSelection';
const WITH_OPTIONS = 'dropoutLens.applyWithOptions';
const REPLACE = 'dropoutLens.replaceSelection';
const COPY = 'dropoutLens.copyResult';

interface ApplyResult {
  repr: string;
  shape: number[];
  dtype: string;
  p: number;
  seed: string;
  call: number;
  variant: string;
  training: boolean;
  inplace: boolean;
  mask: number[] | null;
  output: number[];
  warnings: string[];
  settingsSource: string;
}
type Outcome = ApplyResult | { error: string };

function ok(outcome: Outcome | undefined): ApplyResult {
  assert.ok(outcome && !('error' in outcome), `a result, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function failed(outcome: Outcome | undefined): string {
  assert.ok(outcome && 'error' in outcome, `an error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

/** What PyTorch gives for this literal and these settings (through the fixture-verified core). */
function expected(literal: string, options: { p: number; seed: string; variant?: 'dropout' | 'dropout1d'; training?: boolean; call?: number }) {
  const run = runDropout(parseTensorLiteral(literal).tensor, options);
  return { mask: run.mask ? Array.from(run.mask) : null, output: Array.from(run.output.data) };
}

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dropoutLens.panel'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(): Promise<DropoutLensApi> {
  const extension = vscode.extensions.getExtension<DropoutLensApi>(EXTENSION_ID);
  assert.ok(extension);
  return extension.activate();
}

describe('Editor commands', () => {
  let editor: vscode.TextEditor;
  const select = (needle: string) => {
    const range = rangeOf(editor.document, needle);
    editor.selection = new vscode.Selection(range.start, range.end);
  };

  beforeEach(async () => {
    editor = await openFile(FEATURES_FILE);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('are contributed with titles, menus for a Python selection and a free keybinding', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: {
        commands: { command: string; title: string; category: string }[];
        menus: Record<string, { command: string; when: string }[]>;
        keybindings: { command: string; key: string; when: string }[];
      };
    };
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, `${c.category}: ${c.title}`]));
    assert.strictEqual(titles[APPLY], 'Dropout Lens: Apply Dropout to Selection');
    assert.strictEqual(titles[WITH_OPTIONS], 'Dropout Lens: Apply Dropout with Options…');
    assert.strictEqual(titles[REPLACE], 'Dropout Lens: Replace Selection with Dropout Result');
    assert.strictEqual(titles[COPY], 'Dropout Lens: Copy Dropout Result');
    const registered = await vscode.commands.getCommands(true);
    for (const id of [APPLY, WITH_OPTIONS, REPLACE, COPY]) {
      assert.ok(registered.includes(id), `${id} is registered`);
      assert.ok(manifest.contributes.menus['editor/context'].some((m) => m.command === id && m.when === 'editorHasSelection && editorLangId == python'));
    }
    // No default VS Code keybinding uses our key (the default keybindings file lists them all).
    const [ours] = manifest.contributes.keybindings;
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    await until(() => vscode.window.activeTextEditor?.document.uri.scheme === 'vscode', 'the default keybindings');
    const defaults = vscode.window.activeTextEditor!.document.getText();
    const normal = (key: string) => key.split('+').sort().join('+');
    const taken = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter((m) => normal(m[1]) === normal(ours.key)).map((m) => m[2]);
    assert.ok(defaults.includes('"command": "workbench.action.quickOpen"'), 'the file lists the defaults');
    assert.deepStrictEqual(taken.filter((c) => c !== APPLY), [], `${ours.key} is free`);
  });

  it('apply takes p and the variant from the nn.Dropout of the same class, and returns the run', async () => {
    const literal = 'torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])';
    select(literal);
    const result = ok(await vscode.commands.executeCommand<Outcome>(APPLY, { seed: '0' }));
    assert.strictEqual(result.p, 0.2);
    assert.strictEqual(result.variant, 'dropout');
    assert.strictEqual(result.training, true);
    assert.strictEqual(result.settingsSource, 'nn.Dropout(p=0.2), line 9');
    assert.deepStrictEqual([result.shape, result.dtype, result.seed, result.call], [[2, 4], 'float32', '0', 1]);
    const want = expected(literal, { p: 0.2, seed: '0' });
    assert.deepStrictEqual({ mask: result.mask, output: result.output }, want);
    // Kept elements are scaled by 1/(1-0.2), dropped ones are 0.
    result.output.forEach((v, i) => assert.strictEqual(v, result.mask![i] ? Math.fround((i + 1) * Math.fround(1.25)) : 0));
    assert.match(result.repr, /^tensor\(\[\[/);
    await until(() => panelTabs().length === 1, 'the panel');
  });

  it('apply with no selection reads the whole literal around the cursor and the F.dropout of its function', async () => {
    const at = positionOf(editor.document, '3.0, 4.0, 5.0, 6.0');
    editor.selection = new vscode.Selection(at, at);
    const result = ok(await vscode.commands.executeCommand<Outcome>(APPLY, { seed: '5' }));
    assert.deepStrictEqual([result.p, result.shape, result.settingsSource], [0.3, [6], 'F.dropout(p=0.3), line 20']);
    assert.deepStrictEqual({ mask: result.mask, output: result.output }, expected('torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])', { p: 0.3, seed: '5' }));
  });

  it('apply keeps mask and output out of the JSON a caller in another process gets (the palette drops them), not out of reach here', async () => {
    const literal = 'torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])';
    const result = ok(await vscode.commands.executeCommand<Outcome>(APPLY, { literal, p: 0.3, seed: '5' }));
    assert.deepStrictEqual({ mask: result.mask, output: result.output }, expected(literal, { p: 0.3, seed: '5' }));
    const sent = JSON.parse(JSON.stringify(result));
    assert.deepStrictEqual([sent.mask, sent.output, sent.repr], [undefined, undefined, result.repr]);
  });

  it('apply takes overrides from its argument', async () => {
    select('torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])');
    const eval_ = ok(await vscode.commands.executeCommand<Outcome>(APPLY, { p: 0.5, training: false, seed: 3 }));
    assert.deepStrictEqual([eval_.p, eval_.training, eval_.mask, eval_.output], [0.5, false, null, [1, 2, 3, 4, 5, 6]]);
    assert.strictEqual(eval_.settingsSource, 'F.dropout(p=0.3), line 20; p, training from the command argument');
    const k = ok(await vscode.commands.executeCommand<Outcome>(APPLY, { literal: 'torch.ones(2, 3, 4)', variant: 'dropout1d', p: 0.5, seed: '11', call: 2 }));
    assert.deepStrictEqual([k.variant, k.call, k.mask?.length, k.settingsSource], ['dropout1d', 2, 6, 'settings (p = 0.5, dropout); p, variant from the command argument']);
    const first = expected('torch.ones(2, 3, 4)', { p: 0.5, seed: '11', variant: 'dropout1d' });
    assert.notDeepStrictEqual(k.mask, first.mask, 'the second call after the seed draws other noise than the first');
    assert.match(failed(await vscode.commands.executeCommand<Outcome>(APPLY, { variant: 'dropout9d' })), /"variant" must be one of dropout, dropout1d, dropout2d/);
    assert.match(failed(await vscode.commands.executeCommand<Outcome>(APPLY, { p: 0.5, mask: [1] })), /unknown field "mask"/);
    // The editor's context menu passes the editor's URI: that is no argument, and the run goes on.
    assert.ok(ok(await vscode.commands.executeCommand<Outcome>(APPLY, vscode.window.activeTextEditor?.document.uri)).repr);
  });

  it('apply takes every call index from 1 to 2^53-1 without blocking the host, and names "call" when it refuses one', async () => {
    // Before the jump-ahead, this call stepped through 2^56 generator outputs in the extension host.
    const literal = 'torch.arange(1000.)';
    const last = ok(await vscode.commands.executeCommand<Outcome>(APPLY, { literal, p: 0.5, seed: '7', call: MAX_CALL }));
    assert.strictEqual(last.call, MAX_CALL);
    assert.deepStrictEqual({ mask: last.mask, output: last.output }, expected(literal, { p: 0.5, seed: '7', call: MAX_CALL }));
    for (const call of [0, 2 ** 53, 1.5]) {
      const error = failed(await vscode.commands.executeCommand<Outcome>(APPLY, { literal, call }));
      assert.strictEqual(error, `the command argument "call" must be an integer from 1 to ${MAX_CALL} (got ${call}).`);
    }
  });

  it('apply falls back to the settings without a dropout call in scope; the seed setting repeats runs', async () => {
    editor = await showUntitled('x = [[1.0, -2.0], [3.5, 4.0]]\n');
    editor.selection = new vscode.Selection(new vscode.Position(0, 6), new vscode.Position(0, 6));
    await withSetting('defaultP', 0.25, () =>
      withSetting('variant', 'alpha_dropout', () =>
        withSetting('seed', 7, async () => {
          const a = ok(await vscode.commands.executeCommand<Outcome>(APPLY));
          const b = ok(await vscode.commands.executeCommand<Outcome>(APPLY));
          assert.deepStrictEqual([a.p, a.variant, a.seed, a.settingsSource], [0.25, 'alpha_dropout', '7', 'settings (p = 0.25, alpha_dropout)']);
          assert.deepStrictEqual(a.output, b.output);
        }),
      ),
    );
    // seed null: every run draws a fresh seed and reports it.
    const seeds = new Set<string>();
    for (let k = 0; k < 3; k++) seeds.add(ok(await vscode.commands.executeCommand<Outcome>(APPLY)).seed);
    assert.strictEqual(seeds.size, 3);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a bad selection gives one error naming PyTorch\'s message or the offending character, and changes nothing', async () => {
    const version = editor.document.version;
    const tabs = panelTabs().length;
    select('torch.tensor([[1.0, 2.0], [3.0, 4.0, 5.0]])');
    assert.strictEqual(failed(await vscode.commands.executeCommand<Outcome>(COPY)), 'ValueError: expected sequence of length 2 at dim 1 (got 3)');
    // The position is the document's (line 34, column 31), not the selection's.
    select('torch.tensor([1.0, 2.0 3.0])');
    assert.strictEqual(failed(await vscode.commands.executeCommand<Outcome>(REPLACE)), "cannot read the tensor literal at line 34, column 31: expected ',' or ']', found '3'");
    // PyTorch's own error for p from the code: here an override, as nn.Dropout(p=1.5) would raise.
    select('torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])');
    assert.strictEqual(failed(await vscode.commands.executeCommand<Outcome>(COPY, { p: 1.5 })), 'ValueError: dropout probability has to be between 0 and 1, but got 1.5');
    const nowhere = positionOf(editor.document, 'import torch');
    editor.selection = new vscode.Selection(nowhere, nowhere);
    assert.match(failed(await vscode.commands.executeCommand<Outcome>(APPLY)), /^no tensor literal at the cursor/);
    assert.strictEqual(editor.document.version, version, 'the document is untouched');
    assert.strictEqual(panelTabs().length, tabs, 'no panel opened or closed');
  });

  it('a p that PyTorch refuses, taken from the code, gives PyTorch\'s error as PyTorch prints it, and the panel shows it', async () => {
    editor = await showUntitled('drop = nn.Dropout(20)\ny = drop(torch.tensor([1.0, 2.0]))\n');
    const at = positionOf(editor.document, '2.0');
    editor.selection = new vscode.Selection(at, at);
    assert.strictEqual(failed(await vscode.commands.executeCommand<Outcome>(APPLY)), 'ValueError: dropout probability has to be between 0 and 1, but got 20');
    // The panel shows this expression (with the error), not the result it showed before.
    assert.strictEqual((await api()).panel.onScreen(editor.document, rangeOf(editor.document, 'torch.tensor([1.0, 2.0])'))?.settings.p, 20);
    assert.strictEqual(failed(await vscode.commands.executeCommand<Outcome>(APPLY, { p: 20 })), 'ValueError: dropout probability has to be between 0 and 1, but got 20.0');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a literal of whole numbers is int64, as in PyTorch: apply shows it in the panel with PyTorch\'s error', async () => {
    editor = await showUntitled('drop = nn.Dropout(0.5)\nx = torch.tensor([[1, 2], [3, 4]])\nprint(drop(x))\n');
    const at = positionOf(editor.document, '3');
    editor.selection = new vscode.Selection(at, at);
    assert.strictEqual(failed(await vscode.commands.executeCommand<Outcome>(APPLY)), "RuntimeError: result type Float can't be cast to the desired output type Long");
    const shown = (await api()).panel.onScreen(editor.document, rangeOf(editor.document, 'torch.tensor([[1, 2], [3, 4]])'));
    assert.strictEqual(shown?.literal, 'torch.tensor([[1, 2], [3, 4]])');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('takes inplace and training from the code\'s call, and Copy without a panel on the expression guesses no seed', async () => {
    editor = await showUntitled('x = torch.tensor([1., 2., 3., 4.])\ny = F.dropout(x, p=0.5, training=True, inplace=True)\n');
    const at = positionOf(editor.document, '3.');
    editor.selection = new vscode.Selection(at, at);
    const result = ok(await vscode.commands.executeCommand<Outcome>(APPLY));
    assert.deepStrictEqual([result.p, result.inplace, result.training], [0.5, true, true]);
    // Another expression in the panel: Copy resolves from the code, with a fresh seed each time (the code sets none).
    ok(await vscode.commands.executeCommand<Outcome>(APPLY, { literal: 'torch.ones(3)' }));
    const seeds = new Set<string>();
    for (let k = 0; k < 3; k++) seeds.add(ok(await vscode.commands.executeCommand<Outcome>(COPY)).seed);
    assert.strictEqual(seeds.size, 3);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('takes the seed from the torch.manual_seed before the literal, so the run is what the code prints', async () => {
    editor = await showUntitled('torch.manual_seed(3)\ndrop = nn.Dropout(0.5)\nt = torch.tensor([0.5, -1.25, 2.0, 3.5, -0.75, 1.0])\nprint(drop(t))\n');
    const at = positionOf(editor.document, '2.0');
    editor.selection = new vscode.Selection(at, at);
    const result = ok(await vscode.commands.executeCommand<Outcome>(APPLY));
    assert.strictEqual(result.seed, '3');
    // What real PyTorch 1.13 prints for this code.
    assert.strictEqual(result.repr, 'tensor([ 1.0000, -2.5000,  0.0000,  7.0000, -0.0000,  0.0000])');
    assert.strictEqual(result.settingsSource, 'nn.Dropout(p=0.5), line 2; seed from torch.manual_seed(3), line 1');
    assert.strictEqual(ok(await vscode.commands.executeCommand<Outcome>(APPLY, { seed: '5' })).seed, '5', 'an argument seed wins');
    // The options flow states where its settings come from; its "Fresh seed" is not the code's (a fresh seed is 3 once in 2^32).
    assert.notStrictEqual(ok(await vscode.commands.executeCommand<Outcome>(APPLY, { settingsSource: 'the options' })).seed, '3');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('says so when a dropout call between the seed and the literal draws first (the code prints another mask)', async () => {
    editor = await showUntitled('torch.manual_seed(0)\ny = F.dropout(torch.tensor([1., 2.]), 0.5)\nz = F.dropout(torch.tensor([3., 4.]), p=0.2)\n');
    const at = positionOf(editor.document, '4.');
    editor.selection = new vscode.Selection(at, at);
    const result = ok(await vscode.commands.executeCommand<Outcome>(APPLY));
    assert.strictEqual(result.seed, '0');
    assert.match(result.settingsSource, /; seed from torch\.manual_seed\(0\), line 1, but the dropout on line 2 draws first, so the code itself prints another mask$/);
    // The first call is the first draw: nothing to say.
    const first = positionOf(editor.document, '2.');
    editor.selection = new vscode.Selection(first, first);
    assert.match(ok(await vscode.commands.executeCommand<Outcome>(APPLY)).settingsSource, /; seed from torch\.manual_seed\(0\), line 1$/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('replace writes the result as a literal in one undo step', async () => {
    const literal = 'torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])';
    const original = editor.document.getText();
    select(literal);
    const start = editor.selection.start;
    const result = ok(await vscode.commands.executeCommand<Outcome>(REPLACE, { seed: '0' }));
    const after = editor.document.getText();
    assert.ok(after.startsWith(original.slice(0, editor.document.offsetAt(start))), 'text before the literal unchanged');
    const written = after.slice(editor.document.offsetAt(start), after.indexOf('\n\n\ndef functional'));
    assert.match(written, /^torch\.tensor\(\[\[/);
    // Rows of the written literal are aligned under the first one.
    assert.ok(written.includes('\n' + ' '.repeat(start.character + 'torch.tensor(['.length) + '['), written);
    assert.deepStrictEqual(Array.from(parseTensorLiteral(written).tensor.data), result.output);
    assert.deepStrictEqual(result.output, expected(literal, { p: 0.2, seed: '0' }).output);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original, 'one undo restores the literal');
    assert.strictEqual(editor.document.isDirty, false);
  });

  it('copy puts the PyTorch repr on the clipboard, with the seed the panel showed', async () => {
    select('torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])');
    const shown = ok(await vscode.commands.executeCommand<Outcome>(APPLY));
    const copied = ok(await vscode.commands.executeCommand<Outcome>(COPY));
    assert.strictEqual(copied.seed, shown.seed, 'copy after apply gives what the panel shows');
    assert.strictEqual(await vscode.env.clipboard.readText(), copied.repr);
    assert.match(copied.repr, /^tensor\(\[/);
  });

  it('apply with options asks p, variant, mode and seed, and remembers the choices', async () => {
    select('torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])');
    const step = async (command: string) => {
      await sleep(400);
      await vscode.commands.executeCommand(command);
    };
    const accept = 'workbench.action.acceptSelectedQuickOpenItem';
    // Cancelled at the first step: nothing runs.
    const cancelled = vscode.commands.executeCommand<Outcome | undefined>(WITH_OPTIONS);
    await step('workbench.action.closeQuickOpen');
    assert.strictEqual(await cancelled, undefined);

    // p: 0.5 (the default p, preselected) -> the next one, 0.8; then the preselected others.
    const first = vscode.commands.executeCommand<Outcome>(WITH_OPTIONS);
    await step('workbench.action.quickOpenSelectNext');
    for (let k = 0; k < 4; k++) await step(accept);
    const a = ok(await first);
    assert.deepStrictEqual([a.p, a.variant, a.training], [0.8, 'dropout', true]);
    // Enter four times repeats the last choices.
    const second = vscode.commands.executeCommand<Outcome>(WITH_OPTIONS);
    for (let k = 0; k < 4; k++) await step(accept);
    const b = ok(await second);
    assert.deepStrictEqual([b.p, b.variant, b.training], [0.8, 'dropout', true]);
    assert.strictEqual(b.settingsSource, 'the options chosen in "Apply Dropout with Options"');
  });
});
