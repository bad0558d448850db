// UI end-to-end in VS Code for the Web 1.91.1 (the extension from the unpacked .vsix, in the web
// worker host): open a Python file, select a literal, run "Dropout Lens: Apply Dropout to
// Selection" from the palette and read the mask inside the panel's webview.
// scripts/harness/run-ui-web.js serves the page; screenshots go to DROPOUT_LENS_SHOTS (web-*.png).
import * as assert from 'assert';
import { parseTensorLiteral } from '../../../src/core/parse';
import { runDropout } from '../../../src/core/run';
import { requiredEnv, TEST_TIMEOUT_MS, Workbench } from '../driver';

const URL = requiredEnv('DROPOUT_LENS_WEB_URL', 'npm run test:ui-web');
const FILE = 'mlp_dropout.py';
const LINE = 't = torch.tensor([0.5, -1.25, 2.0, 3.5, -0.75, 1.0])';
const COMMAND = 'Dropout Lens: Apply Dropout to Selection';

describe('Dropout Lens in VS Code for the Web 1.91.1 (the .vsix in the web worker host)', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.launch(requiredEnv('DROPOUT_LENS_SHOTS', 'npm run test:ui-web'), 'web-');
    await wb.open(URL);
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens a Python file from the Explorer', async () => {
    // Quick Open finds nothing in test-web's mounted folder (it has no file search): the Explorer it is.
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first().click();
    await wb.line('t = torch.tensor(').waitFor();
  });

  it('selects a literal, runs Apply Dropout to Selection from the palette and shows the mask in the panel', async () => {
    await wb.line('t = torch.tensor(').click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    await wb.runCommand(COMMAND);

    const input = wb.panel().locator('#grid-input td[role=gridcell]');
    await input.first().waitFor();
    assert.deepStrictEqual(await input.allTextContents(), ['0.5', '-1.25', '2.', '3.5', '-0.75', '1.']);
    // p from the nn.Dropout(0.3) in scope; the seed the panel shows reproduces its mask.
    assert.strictEqual(await wb.panel().locator('#p input').inputValue(), '0.3');
    const seed = await wb.panel().locator('#seed input').inputValue();
    const run = runDropout(parseTensorLiteral(LINE.slice('t = '.length)).tensor, { p: 0.3, seed });
    assert.deepStrictEqual(await wb.panel().locator('#grid-mask td[role=gridcell]').allTextContents(), Array.from(run.mask ?? [], String));
    await wb.shot('01-panel');
  });
});
