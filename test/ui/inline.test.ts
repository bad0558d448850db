// UI end-to-end for replay in the editor, through the real workbench (code-server, packaged
// .vsix) on examples/replay_inline.py: the inline outputs and the stop marker as rendered, the
// CodeLens on drop(x), the whole output on hover, and the panel the lens opens.
// Screenshots: inline-*.png (docs/inline-outputs.png, docs/inline-panel.png).
import * as assert from 'assert';
import { stateDeadline, TEST_TIMEOUT_MS, Workbench } from './driver';

// What replay prints for examples/replay_inline.py (the engine is checked against PyTorch by the unit suite).
const DROPPED = ['tensor([[ 0.4810,  0.1840,  0.0000,  0.0000, -1.6041],', '        [-0.2662,  0.0000, -0.9114,  0.6595,  0.3819]])'];
const LENS = 'Dropout Lens: show this call';

const escape = (text: string) => text.replace(/[()[\].*+?^$|\\]/g, '\\$&');

describe('Replay in the editor through the VS Code UI', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  /** Waits until the rendered line holding `code` (the decoration's text included) matches `expected`. */
  async function lineShows(code: string, expected: RegExp): Promise<void> {
    const check = stateDeadline(`the line "${code}" to show ${expected}`);
    for (;;) {
      const text = await Workbench.decoratedText(wb.line(code));
      if (expected.test(text)) return;
      check();
      await wb.page.waitForTimeout(100);
    }
  }

  before(async () => {
    wb = await Workbench.onFile('inline-', 'replay_inline.py', 'torch.manual_seed(42)');
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  it('shows after each print what it prints (spaced as PyTorch spaces it), ×3 for a loop, and where replay stops', async () => {
    // The text follows the code at a margin (CSS), with no space character between them.
    await lineShows('print(drop(x))', new RegExp(`^print\\(drop\\(x\\)\\)\\s*→ ${escape(DROPPED[0])} …$`));
    await lineShows('print(step, drop(x)', /^ {4}print\(step, drop\(x\)\.sum\(\)\)\s*→ ≈ 0 tensor\(2\.5593\) \(×3\)$/);
    await lineShows('y = torch.softmax(', /^y = torch\.softmax\(x, dim=1\)\s*replay stops here: cannot replay the call torch\.softmax\(x, dim=1\): torch\.softmax is not in the subset replay follows$/);
    assert.strictEqual(await Workbench.decoratedText(wb.line('print(y)')), 'print(y)', 'nothing after a print replay did not reach');
    const lenses = wb.editor().locator('.codelens-decoration a', { hasText: LENS });
    await lenses.first().waitFor();
    assert.strictEqual(await wb.editor().locator('.codelens-decoration a').filter({ hasText: 'Dropout Lens:' }).count(), 4, 'drop(x), then the loop\'s three passes');
    await wb.shot('01-outputs');
  });

  it('shows the whole output on hover', async () => {
    await wb.hoverWord('print(drop(x))', 'print');
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: '-0.9114' }).first();
    await hover.waitFor({ state: 'visible' });
    assert.ok((await hover.innerText()).replace(/\u00a0/g, ' ').includes(DROPPED.join('\n')));
    await wb.page.mouse.move(0, 0);
  });

  it('the CodeLens opens the panel on that call: its input, seed, draw position and printout', async () => {
    await wb.editor().locator('.codelens-decoration a', { hasText: LENS }).first().click();
    const source = wb.panel().locator('#settings-source');
    await source.waitFor();
    assert.match(await source.innerText(), /drop\(x\), line 10: 3rd draw after torch\.manual_seed\(42\) \(line 6\); torch\.randn\(2, 5\) and nn\.Linear\(4, 3\) drew before it/);
    assert.strictEqual(await wb.panel().locator('#repr').innerText(), DROPPED.join('\n'));
    await wb.shot('02-panel');
    await wb.closePanel();
  });
});
