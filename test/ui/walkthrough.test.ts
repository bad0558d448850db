// The walkthrough "Get Started with Dropout Lens" (contributes.walkthroughs) in code-server: it
// opens from the command palette and from the Welcome page, lists its steps, and each step's
// button does what the step says. Screenshots: walkthrough-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import type { FrameLocator } from 'playwright-core';
import { parseTensorLiteral } from '../../src/core/parse';
import { runDropout } from '../../src/core/run';
import { replay } from '../../src/replay';
import { stateDeadline, TEST_TIMEOUT_MS, Workbench } from './driver';

const nls = JSON.parse(fs.readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { walkthroughs: { steps: { id: string }[] }[] } };
const STEPS = manifest.contributes.walkthroughs[0].steps.map((s) => s.id);
const TITLE = nls['walkthrough.title'];
/** The label and the arguments of the button a step's description ends with. */
function button(step: string): { label: string; command: string; args: Record<string, unknown> | undefined } {
  const m = /\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]+))?\)$/.exec(nls[`walkthrough.${step}.description`]);
  assert.ok(m, `the step ${step} ends with a button`);
  return { label: m[1], command: m[2], args: m[3] ? (JSON.parse(decodeURIComponent(m[3])) as Record<string, unknown>) : undefined };
}

describe('the walkthrough "Get Started with Dropout Lens"', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.onFile('walkthrough-', 'getting_started.py', 'x = torch.tensor(');
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  /** The panel's page: the walkthrough's media is a webview too, so the panel's is the one our extension made. */
  function panel(): FrameLocator {
    return wb.page.frameLocator('iframe.webview[src*="extensionId=dropout-lens.dropout-lens"]').frameLocator('iframe#active-frame');
  }

  /** Expands the step titled by `step`'s title. */
  async function selectStep(step: string): Promise<void> {
    await wb.page.locator('.getting-started-step .step-title', { hasText: nls[`walkthrough.${step}.title`] }).first().click();
  }

  /** Expands the step titled by `step`'s title and clicks its button. */
  async function clickButton(step: string): Promise<void> {
    await selectStep(step);
    await wb.page.getByRole('button', { name: button(step).label, exact: true }).click();
  }

  it('opens from the command palette (Welcome: Open Walkthrough...) with its steps', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).first().waitFor();
    await wb.page.keyboard.type(TITLE);
    await wb.page.keyboard.press('Enter');
    const titles = wb.page.locator('.getting-started-step .step-title');
    await titles.first().waitFor();
    assert.deepStrictEqual(await titles.allTextContents(), STEPS.map((s) => nls[`walkthrough.${s}.title`]));
    await wb.shot('01-opened');
  });

  it('step 1: its button applies dropout to the sample tensor with p = 0.2 and seed 0', async () => {
    const { args } = button('apply');
    await clickButton('apply');
    const cells = panel().locator('#grid-mask td[role=gridcell]');
    await cells.first().waitFor();
    const run = runDropout(parseTensorLiteral(String(args?.literal)).tensor, { p: 0.2, seed: '0' });
    assert.deepStrictEqual(await cells.allTextContents(), Array.from(run.mask ?? [], String));
    assert.strictEqual(await panel().locator('#p input').inputValue(), '0.2');
    await wb.shot('02-apply');
  });

  it('step 2: its button shows the Explorer, where the example file is', async () => {
    await wb.runCommand('View: Close Primary Side Bar');
    await wb.page.locator('.explorer-folders-view').waitFor({ state: 'hidden' });
    await clickButton('hover');
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'getting_started.py' }).first().waitFor();
  });

  it('step 3: its button runs dropout on torch.ones(100), and the Monte-Carlo draws the histogram of zeros', async () => {
    await clickButton('monteCarlo');
    await panel().locator('#mc-title').waitFor();
    assert.strictEqual(await panel().locator('#grid-input td[role=gridcell]').count(), 100);
    assert.match(await panel().locator('#mc-title').innerText(), /^Monte-Carlo: \d+ calls after torch\.manual_seed\(0\)$/);
    await panel().locator('#mc-histogram').scrollIntoViewIfNeeded();
    await wb.shot('03-monte-carlo');
  });

  it('step 4: its button shows the Problems, with PyTorch\'s error on p=20 of the example', async () => {
    await clickButton('quickFix');
    await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'dropout probability has to be between 0 and 1, but got 20' }).first().waitFor();
    await wb.shot('04-quick-fix');
  });

  it('step 5: its button opens the seeded example, and the grey text after print(drop(x)) is what it prints', async () => {
    // The step's media and then the example get the width the panel took: the inline text is read off the screen.
    await wb.closePanel();
    await selectStep('replay');
    await wb.page.getByRole('button', { name: button('replay').label, exact: true }).waitFor();
    await wb.shot('05-replay-step');
    await clickButton('replay');
    await wb.page.locator('.tab.active', { hasText: 'seeded_cell.py' }).first().waitFor();
    // What replay prints for the example (the engine is checked against PyTorch by the unit suite): drop(x)'s first line.
    const printed = replay(fs.readFileSync('examples/seeded_cell.py', 'utf8'), { fileName: 'seeded_cell.py' }).stdout.split('\n')[2];
    // getting_started.py's editor may still be in the page, hidden: the line is looked for in any editor.
    const line = wb.page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'print(drop(x))' }).first();
    const expected = `print(drop(x))→ ${printed} …`;
    const seen = () => Workbench.decoratedText(line);
    const shown = stateDeadline('the inline output after print(drop(x))');
    for (let text = await seen(); text !== expected; text = await seen()) {
      try {
        shown();
      } catch (e) {
        // Past the deadline: the failure shows what the line held.
        assert.strictEqual(text, expected, (e as Error).message);
      }
      await wb.page.waitForTimeout(100);
    }
    await wb.page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Dropout Lens: show this call' }).first().waitFor();
    await wb.shot('06-replay-example');
  });

  it('is listed on the Welcome page and opens from there', async () => {
    await wb.runCommand('Help: Welcome');
    await wb.page.locator('.getting-started-category', { hasText: TITLE }).first().click();
    await wb.page.locator('.getting-started-step .step-title', { hasText: nls['walkthrough.apply.title'] }).first().waitFor();
  });
});
