// UI end-to-end: the packaged .vsix installed into code-server, driven through the real
// workbench in headless Chromium like a user would. scripts/harness/run-ui.js starts code-server
// and passes its address in the environment; screenshots go to DROPOUT_LENS_SHOTS.
import * as assert from 'assert';
import { requiredEnv, TEST_TIMEOUT_MS, Workbench } from './driver';

const BASE_URL = requiredEnv('DROPOUT_LENS_URL');
const WORKSPACE = requiredEnv('DROPOUT_LENS_WORKSPACE');
const FILE = 'functional_dropout.py';

describe('Dropout Lens through the VS Code UI (code-server, packaged .vsix)', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.launch(requiredEnv('DROPOUT_LENS_SHOTS'), '');
    await wb.open(`${BASE_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens a Python file from Quick Open', async () => {
    await wb.quickOpen(FILE);
    await wb.line('y = F.dropout(').waitFor();
    await wb.shot('01-file-open');
  });

  it('runs "Dropout Lens: Open Panel" from the command palette on a selected tensor literal', async () => {
    // The literal spans two lines: select from its first line's start to its second line's end.
    await wb.line('x = torch.tensor(').click();
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.press('Shift+ArrowDown');
    await wb.page.keyboard.press('Shift+End');
    await wb.runCommand('Dropout Lens: Open Panel');

    assert.strictEqual(await wb.panel().locator('#title').textContent(), 'Dropout Lens');
    assert.strictEqual(await wb.panel().locator('#origin').textContent(), 'From functional_dropout.py, line 6');
    assert.deepStrictEqual(await wb.panel().locator('#grid-input td[role=gridcell]').allTextContents(), ['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.']);
    assert.match((await wb.panel().locator('#repr').textContent()) ?? '', /^tensor\(\[\[/);
    await wb.panel().locator('#mc-title').waitFor();
    await wb.shot('02-panel');
  });

  it('shows the Dropout Lens hover on a dropout call', async () => {
    await wb.hoverWord('z = F.dropout(', 'dropout');
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Dropout Lens' }).first();
    await hover.waitFor({ state: 'visible' });
    assert.match(await hover.innerText(), /F\.dropout · element-wise dropout[\s\S]*Try it in the Dropout Lens panel/);
    await wb.shot('03-hover');
  });

  it('brings the panel back after a window reload (webview serializer)', async () => {
    await wb.page.keyboard.press('Escape');
    await wb.reloadWindow();
    assert.strictEqual(await wb.panel().locator('#origin').textContent(), 'From functional_dropout.py, line 6');
    assert.strictEqual(await wb.panel().locator('#grid-input td[role=gridcell]').count(), 8);
    await wb.shot('04-panel-restored');
  });
});
