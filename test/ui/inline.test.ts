// UI end-to-end for replay in the editor, through the real workbench (code-server, packaged
// .vsix) on examples/seeded_cell.py: the inline outputs as rendered, the stop-free file's
// CodeLens, and the panel it opens on drop(x). Screenshots: inline-*.png (docs/inline-*.png).
import * as assert from 'assert';
import { stateDeadline, TEST_TIMEOUT_MS, Workbench } from './driver';

// What `python examples/seeded_cell.py` prints (README, "Command line"; checked by the CLI's unit tests).
const X_FIRST = 'tensor([[ 0.3367,  0.1288,  0.2345,  0.2303, -1.1229],';
const DROPPED = ['tensor([[ 0.4810,  0.1840,  0.0000,  0.0000, -1.6041],', '        [-0.2662,  3.1546, -0.0000,  0.6595,  0.3819]])'];

const escape = (text: string) => text.replace(/[()[\].*+?^$|\\]/g, '\\$&');

describe('Replay in the editor through the VS Code UI', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  /** The rendered text of the line holding `code` (spaces as the editor draws them read as spaces), once it matches `expected`. */
  async function lineShows(code: string, expected: RegExp): Promise<void> {
    const check = stateDeadline(`the line "${code}" to show ${expected}`);
    for (;;) {
      const text = (await wb.line(code).innerText()).replace(/\u00a0/g, ' ');
      if (expected.test(text)) return;
      check();
      await wb.page.waitForTimeout(100);
    }
  }

  before(async () => {
    wb = await Workbench.onFile('inline-', 'seeded_cell.py', 'torch.manual_seed(42)');
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  it('shows after each print what it prints, and a CodeLens on each dropout call', async () => {
    // The decoration's text is rendered inside the line, after the code.
    await lineShows('print(x)', new RegExp(`^print\\(x\\)\\s*→ ${escape(X_FIRST)} …$`));
    await lineShows('print(drop(x))', new RegExp(`^print\\(drop\\(x\\)\\)\\s*→ ${escape(DROPPED[0])} …$`));
    await lineShows('print(torch.equal(', /→ True$/);
    const lenses = wb.editor().locator('.codelens-decoration a', { hasText: 'Dropout Lens: show this call' });
    await lenses.first().waitFor();
    assert.strictEqual(await lenses.count(), 2, 'print(drop(x)) and torch.equal(drop(x), x)');
    await wb.shot('01-outputs');
  });

  it('shows the whole output on hover', async () => {
    await wb.hoverWord('print(drop(x))', 'drop');
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: DROPPED[1].trim() }).first();
    await hover.waitFor({ state: 'visible' });
    assert.ok((await hover.innerText()).includes(DROPPED[0]));
    await wb.page.mouse.move(0, 0);
  });

  it('the CodeLens opens the panel on that call: its input, seed, draw position and printout', async () => {
    await wb.editor().locator('.codelens-decoration a', { hasText: 'Dropout Lens: show this call' }).first().click();
    const source = wb.panel().locator('#settings-source');
    await source.waitFor();
    assert.match(await source.innerText(), /drop\(x\), line 11: 2nd draw after torch\.manual_seed\(42\) \(line 7\); torch\.randn\(2, 5\) drew before it/);
    assert.strictEqual(await wb.panel().locator('#repr').innerText(), DROPPED.join('\n'));
    await wb.shot('02-panel');
    await wb.closePanel();
  });
});
