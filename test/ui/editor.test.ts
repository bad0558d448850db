// UI end-to-end for the editor features, through the real workbench (code-server, packaged .vsix):
// the context-menu entry on a selection, the value-aware hover on p=0.2, and a quick fix applied.
// Screenshots go to DROPOUT_LENS_SHOTS (editor-*.png).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { requiredEnv, stateDeadline, TEST_TIMEOUT_MS, Workbench } from './driver';

const WORKSPACE = requiredEnv('DROPOUT_LENS_WORKSPACE');
const FILE = 'editor_features.py';

describe('Dropout Lens editor features through the VS Code UI', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  // The workbench may save the quick fix's edit (auto save): the example is put back afterwards.
  const exampleFile = path.join(WORKSPACE, FILE);
  const exampleText = fs.readFileSync(exampleFile, 'utf8');

  before(async () => {
    wb = await Workbench.onFile('editor-', FILE, 'self.drop = nn.Dropout(p=0.2)');
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
    fs.writeFileSync(exampleFile, exampleText);
  });

  it('shows "Apply Dropout to Selection" in the context menu of a selection, and runs it', async () => {
    await wb.line('x = torch.tensor(').click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    // The editor's context menu at the cursor (a right-click here lands on the title bar's menu).
    await wb.page.keyboard.press('Shift+F10');
    const entry = wb.page.locator('.context-view .action-item', { hasText: 'Apply Dropout to Selection' }).first();
    await entry.waitFor({ state: 'visible' });
    for (const title of ['Apply Dropout with Options…', 'Replace Selection with Dropout Result', 'Copy Dropout Result']) {
      assert.ok(await wb.page.locator('.context-view .action-item', { hasText: title }).first().isVisible(), `${title} in the menu`);
    }
    await wb.shot('01-context-menu');
    await entry.click();
    // The status bar says which settings were used: the nn.Dropout of the same class.
    const status = wb.page.locator('.statusbar', { hasText: 'Dropout Lens: p = 0.2, dropout, seed' });
    await status.waitFor();
    assert.match(await status.innerText(), /from nn\.Dropout\(p=0\.2\), line 12/);
    await wb.page.locator('iframe.webview').first().waitFor();
    await wb.shot('02-applied');
    // The panel's own UI test covers it.
    await wb.closePanel();
  });

  it('has no Dropout Lens entry in the context menu without a selection', async () => {
    await wb.page.keyboard.press('Escape');
    await wb.line('head = nn.Dropout(').click();
    await wb.page.keyboard.press('Shift+F10');
    await wb.page.locator('.context-view .action-item', { hasText: 'Command Palette' }).first().waitFor({ state: 'visible' });
    assert.strictEqual(await wb.page.locator('.context-view .action-item', { hasText: 'Apply Dropout to Selection' }).count(), 0);
    await wb.page.keyboard.press('Escape');
  });

  it('shows the value-aware hover over p=0.2', async () => {
    await wb.page.keyboard.press('Control+Home');
    await wb.hoverWord('self.drop = nn.Dropout(p=0.2)', 'p=0.2');
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: '×1.25' }).first();
    await hover.waitFor({ state: 'visible' });
    const text = await hover.innerText();
    assert.match(text, /nn\.Dropout · element-wise dropout/);
    assert.match(text, /for 100 elements, 95% of runs zero between 12 and 28\./);
    assert.match(text, /Try it in the Dropout Lens panel/);
    await wb.page.waitForTimeout(500); // the hover fades in: the README's picture shows it settled
    await wb.shot('03-hover-p');
  });

  it('runs the hover\'s "Try it" link (a trusted link to our command only)', async () => {
    const link = wb.page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Try it in the Dropout Lens panel' }).first();
    await link.click();
    // A module has no input literal: the panel gets a sample of the rank the variant expects.
    const literal = wb.panel().locator('#literal');
    await literal.waitFor();
    // The page fills the field when the request arrives.
    const check = stateDeadline('the panel shows the sample input torch.ones(4, 5)');
    while ((await literal.inputValue()) !== 'torch.ones(4, 5)') {
      check();
      await wb.page.waitForTimeout(200);
    }
    assert.match((await wb.panel().locator('#settings-source').textContent()) ?? '', /nn\.Dropout\(p=0\.2\), line 12/);
    await wb.shot('04-try-it');
    await wb.closePanel();
  });

  it('applies the quick fix for a percentage p', async () => {
    await wb.page.mouse.move(5, 5);
    await wb.page.keyboard.press('Escape');
    const box = await wb.wordBox('head = nn.Dropout(p=30)', '30');
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // The error squiggle is drawn once the (debounced) diagnostics arrive.
    await wb.editor().locator('.squiggly-error').first().waitFor();
    // Resting on it shows the error with PyTorch's message and the quick fix (the README's picture).
    await wb.page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
    // "Quick Fix" joins the hover once the code actions are computed, after the message.
    const problem = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'PyTorch raises ValueError' }).filter({ hasText: 'Quick Fix' }).first();
    await problem.waitFor({ state: 'visible' });
    assert.match(await problem.innerText(), /dropout probability has to be between 0 and 1, but got 30/);
    await wb.page.waitForTimeout(500); // the hover fades in
    await wb.shot('05-diagnostic');
    await wb.page.mouse.move(5, 5);
    const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Use p=0.3 (30%)' }).first();
    // Ctrl+. before the code actions of the new diagnostics are in opens nothing: ask again.
    const check = stateDeadline('the quick fix menu opens');
    while (!(await fix.isVisible())) {
      check();
      await wb.page.keyboard.press('Control+.');
      await fix.waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
    }
    await wb.shot('05-quick-fix-menu');
    await fix.click();
    await wb.line('head = nn.Dropout(p=0.3)').waitFor();
    await wb.editor().locator('.squiggly-error').first().waitFor({ state: 'detached' });
    await wb.shot('06-quick-fix-applied');
    await wb.page.keyboard.press('Control+Z');
    await wb.line('head = nn.Dropout(p=30)').waitFor();
  });
});
