// UI end-to-end for the PyTorch build (issue #13), through the real workbench (code-server,
// packaged .vsix): the status bar item on a Python file, its click → quick pick switching
// `dropoutLens.torchBuild` to x86-mkl and back, the status bar's text after each switch, and the
// open panel's mask and printout following each switch (and after Apply again). Screenshots:
// DROPOUT_LENS_SHOTS/build-*.png.
import * as assert from 'assert';
import type { Build } from '../../src/core/builds';
import { parseTensorLiteral } from '../../src/core/parse';
import { repr } from '../../src/core/repr';
import { runDropout } from '../../src/core/run';
import { TEST_TIMEOUT_MS, Workbench } from './driver';

const FILE = 'mlp_dropout.py';
const LINE = 't = torch.tensor([0.5, -1.25, 2.0, 3.5, -0.75, 1.0])';
const LITERAL = LINE.slice('t = '.length);

describe('Dropout Lens PyTorch build through the VS Code UI (status bar, setting, panel)', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  const panelText = async (selector: string): Promise<string> => (await wb.panel().locator(selector).first().textContent()) ?? '';
  /** The item, once it shows `build` (the setting's change reaches it through the extension host). */
  const statusItem = (build: Build) => wb.page.locator('.statusbar-item', { hasText: `masks: ${build}` });
  /** The example's own call (nn.Dropout(p=0.3) after torch.manual_seed(42)) under `build`, from the core. */
  const expected = (build: Build, seed = 42) => runDropout(parseTensorLiteral(LITERAL).tensor, { p: 0.3, seed, build });

  /** Clicks the status bar item and picks `value` in its quick pick. */
  async function pickBuild(from: Build, value: 'auto' | Build): Promise<void> {
    await statusItem(from).click();
    await wb.quickInput().waitFor({ state: 'visible' });
    await wb.page.keyboard.type(value);
    // The filter matches labels only: the one row left is the choice.
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: value }).first().waitFor();
    await wb.page.keyboard.press('Enter');
  }

  /** Selects the example's literal and runs Apply Dropout to Selection; resolves once the panel says it drew `build`'s masks. */
  async function apply(build: Build): Promise<void> {
    await wb.line('t = torch.tensor(').click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    await wb.runCommand('Dropout Lens: Apply Dropout to Selection');
    await wb.panel().locator('#build-source', { hasText: `Masks of the ${build} build` }).waitFor();
  }

  async function assertPanelShows(build: Build, seed = 42): Promise<void> {
    const run = expected(build, seed);
    assert.deepStrictEqual(await wb.panel().locator('#grid-mask td[role=gridcell]').allTextContents(), Array.from(run.mask ?? [], String), `${build} mask`);
    assert.strictEqual(await panelText('#repr'), repr(run.output), `${build} print(y)`);
  }

  before(async () => {
    // The two builds must draw different masks here, or the test could not tell them apart.
    assert.notDeepStrictEqual(expected('default').mask, expected('x86-mkl').mask);
    assert.notDeepStrictEqual(expected('default', 7).mask, expected('x86-mkl', 7).mask);
    wb = await Workbench.onFile('build-', FILE, 't = torch.tensor(');
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.closePanel().catch(() => undefined);
    await wb?.close();
  });

  it('auto without the Python extension: default in the status bar, default masks and the reason in the panel', async () => {
    // No Python extension in the test profile: `auto` says so and falls back to default.
    await statusItem('default').waitFor();
    await apply('default');
    assert.strictEqual(await panelText('#build-source'), 'Masks of the default build, as chosen in the editor: no Python extension to tell the environment → default masks');
    await assertPanelShows('default');
    await wb.shot('01-default');
  });

  it('x86-mkl picked from the status bar: the item says so, the open panel draws the MKL mask and printout, keeping its own seed', async () => {
    await wb.panel().locator('#seed input').fill('7');
    await assertPanelShows('default', 7);
    // The status bar item shows on Python editors: back to the file (the panel keeps its state).
    await wb.line('t = torch.tensor(').click();
    await pickBuild('default', 'x86-mkl');
    await statusItem('x86-mkl').waitFor();
    // The panel showed the editor's choice: it follows the setting without another command.
    await wb.panel().locator('#build-source', { hasText: 'Masks of the x86-mkl build' }).waitFor();
    assert.strictEqual(await panelText('#build-source'), 'Masks of the x86-mkl build, as chosen in the editor: set in dropoutLens.torchBuild');
    assert.strictEqual(await wb.panel().locator('#seed input').inputValue(), '7');
    await assertPanelShows('x86-mkl', 7);
    await wb.shot('02-x86-mkl-followed');
    // Applied again, the code's own seed.
    await apply('x86-mkl');
    await assertPanelShows('x86-mkl');
    await wb.shot('03-x86-mkl-applied');
  });

  it('auto picked again: back to default in the status bar and in the open panel', async () => {
    await pickBuild('x86-mkl', 'auto');
    await statusItem('default').waitFor();
    await wb.panel().locator('#build-source', { hasText: 'Masks of the default build' }).waitFor();
    assert.strictEqual(await panelText('#build-source'), 'Masks of the default build, as chosen in the editor: no Python extension to tell the environment → default masks');
    await assertPanelShows('default');
    await wb.shot('04-back-to-auto');
  });
});
