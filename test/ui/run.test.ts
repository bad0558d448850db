// UI end-to-end for "the panel owns the current run", through the real workbench (code-server,
// packaged .vsix): the code's inplace=True reaches the panel, the note when the code sets no seed,
// p, New seed, variant and call changed in the panel, then the editor's Copy and Replace and the
// panel's Insert below all give exactly the panel's print(y); an int64 literal and p = 20 show
// PyTorch's error and its fix in the panel. Screenshots: DROPOUT_LENS_SHOTS/run-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { toLiteral } from '../../src/core/literal';
import { parseTensorLiteral } from '../../src/core/parse';
import { repr } from '../../src/core/repr';
import { runDropout } from '../../src/core/run';
import { STRINGS, format } from '../../src/shared/strings';
import { requiredEnv, stateDeadline, TEST_TIMEOUT_MS, Workbench } from './driver';

const WORKSPACE = requiredEnv('DROPOUT_LENS_WORKSPACE');
const FILE = 'ui_test_own_run.py';
const X = 'torch.tensor([[0.5, -1.25, 2.0], [3.5, -0.75, 1.0]])';
const SOURCE = [
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  '',
  'z = F.dropout(torch.tensor([1., 2.]), p=20)',
  '',
  '',
  '',
  '',
  'drop = nn.Dropout(p=0.5, inplace=True)',
  `x = ${X}`,
  'print(drop(x))',
  'w = torch.tensor([[1, 2], [3, 4]])',
  'print(drop(w))',
  '',
].join('\n');

describe('The panel owns the current run, through the VS Code UI (code-server)', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;
  const file = path.join(WORKSPACE, FILE);
  const text = async (selector: string): Promise<string> => (await wb.panel().locator(selector).first().textContent()) ?? '';
  /** The panel's settings as its controls show them. */
  let seed = '';

  before(async () => {
    fs.writeFileSync(file, SOURCE);
    wb = await Workbench.onFile('run-', FILE, 'x = torch.tensor(');
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    // Unsaved edits would come back in the next suites' windows (hot exit).
    await wb?.runCommand('File: Revert File').catch(() => undefined);
    await wb?.closePanel().catch(() => undefined);
    await wb?.close();
    fs.rmSync(file, { force: true });
  });

  /** Selects the whole line holding `lineText` in the editor. */
  async function selectLine(lineText: string): Promise<void> {
    await wb.line(lineText).click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
  }

  /** The clipboard's text once something was written there (the caller empties it first). */
  async function clipboardText(): Promise<string> {
    const check = stateDeadline('text on the clipboard');
    for (;;) {
      const text = await wb.page.evaluate(() => navigator.clipboard.readText());
      if (text !== '') return text;
      check();
      await wb.page.waitForTimeout(100);
    }
  }

  /** The editor's group gets the focus back from the panel, its selection as it was. */
  async function focusEditor(): Promise<void> {
    // Its tab, as a user would click it (the palette's own command would leave a closing palette to type into).
    await wb.page.locator('.tab', { hasText: FILE }).first().click();
    await wb.page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
  }

  it("takes inplace=True from the code, and says once that the code sets no seed", async () => {
    await selectLine('x = torch.tensor(');
    await wb.runCommand('Dropout Lens: Apply Dropout to Selection');
    await wb.panel().locator('#grid-input').waitFor();
    assert.strictEqual(await text('#settings-source'), 'Settings from nn.Dropout(p=0.5), line 10');
    assert.strictEqual(await wb.panel().locator('#inplace').evaluate((e) => (e as HTMLInputElement).checked), true);
    assert.match(await text('#snippet'), /nn\.Dropout\(p=0\.5, inplace=True\)/);
    assert.strictEqual(await text('#seed-note'), STRINGS.unseeded);
    assert.strictEqual(await wb.panel().locator('#overrides').isVisible(), false);
    await wb.shot('01-inplace-unseeded');
  });

  it('p, New seed, variant and call changed in the panel: the header says so', async () => {
    const before = await wb.panel().locator('#seed input').inputValue();
    await wb.panel().locator('#p input').fill('0.3');
    await wb.panel().locator('#new-seed').click();
    await wb.panel().locator('#variant').click();
    await wb.panel().locator('#variant').getByRole('option', { name: 'dropout1d', exact: true }).click();
    await wb.panel().locator('#call-next').click();
    seed = await wb.panel().locator('#seed input').inputValue();
    assert.notStrictEqual(seed, before);
    const expected = repr(runDropout(parseTensorLiteral(X).tensor, { p: 0.3, seed, variant: 'dropout1d', call: 2, inplace: true }).output);
    assert.strictEqual(await text('#repr'), expected);
    assert.strictEqual(await text('#overrides'), format(STRINGS.changedHere, `p 0.5 → 0.3, variant dropout → dropout1d, seed ${before} → ${seed}, call 1 → 2`));
    await wb.shot('02-changed');
  });

  it("Copy Dropout Result, Insert below and Replace Selection give exactly the panel's print(y)", async () => {
    const shown = await text('#repr');
    const output = runDropout(parseTensorLiteral(X).tensor, { p: 0.3, seed, variant: 'dropout1d', call: 2, inplace: true }).output;
    assert.strictEqual(repr(output), shown);
    await focusEditor();
    await wb.page.evaluate(() => navigator.clipboard.writeText(''));
    await wb.runCommand('Dropout Lens: Copy Dropout Result');
    const copied = await clipboardText();
    assert.strictEqual(copied, shown, "Copy gives the panel's print(y)");

    await wb.panel().locator('#insert-below').click();
    await wb.panel().locator('#status', { hasText: 'Inserted y' }).waitFor();
    await wb.line('y = torch.tensor(').waitFor();

    await focusEditor();
    await wb.runCommand('Dropout Lens: Replace Selection with Dropout Result');
    await wb.line(`x = ${toLiteral(output, 4).split('\n')[0]}`).waitFor();
    // The document as the editor holds it, through the clipboard (saving would race the test's own file write).
    await wb.page.evaluate(() => navigator.clipboard.writeText(''));
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.press('Control+C');
    const written = await clipboardText();
    assert.ok(written.includes(`x = ${toLiteral(output, 4)}\ny = ${toLiteral(output, 4)}\nprint(drop(x))`), written);
    await wb.shot('03-replaced-and-inserted');
  });

  it('an int64 literal and p = 20 show in the panel with PyTorch\'s error and the fix, not an earlier result', async () => {
    await selectLine('w = torch.tensor(');
    await wb.runCommand('Dropout Lens: Apply Dropout to Selection');
    await wb.panel().locator('#run-error').waitFor();
    assert.strictEqual(await text('#run-error'), "PyTorch raises: RuntimeError: result type Float can't be cast to the desired output type Long");
    assert.strictEqual(await text('#run-fix'), format(STRINGS.fixIntegerDtype, 'torch.int64'));
    // w was on line 13; x's result and the y = … below it now take two lines each.
    assert.match(await text('#origin'), /line 16$/);
    assert.strictEqual(await wb.panel().locator('#repr').count(), 0, 'no result on screen');
    await wb.shot('04-int64');
    await wb.line('z = F.dropout(').click();
    await wb.page.keyboard.press('End');
    // Into the literal: `2.` of `torch.tensor([1., 2.])`, ten characters before the line's end.
    for (let k = 0; k < 10; k++) await wb.page.keyboard.press('ArrowLeft');
    await wb.runCommand('Dropout Lens: Apply Dropout to Selection');
    await wb.panel().locator('#origin', { hasText: 'line 5' }).waitFor();
    assert.strictEqual(await text('#run-error'), 'PyTorch raises: ValueError: dropout probability has to be between 0 and 1, but got 20');
    assert.strictEqual(await text('#run-fix'), STRINGS.fixP);
    await wb.shot('05-p20');
  });
});
