// UI end-to-end in VS Code for the Web 1.91.1 (the extension from the unpacked .vsix, in the web
// worker host): open a Python file, select a literal, run "Dropout Lens: Apply Dropout to
// Selection" from the palette and read the mask inside the panel's webview.
// scripts/harness/run-ui-web.js serves the page; screenshots go to DROPOUT_LENS_SHOTS (web-*.png).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/harness/env';
import { parseTensorLiteral } from '../../../src/core/parse';
import { runDropout } from '../../../src/core/run';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through "npm run test:ui-web"`);
  return value;
}

const URL = required('DROPOUT_LENS_WEB_URL');
const SHOTS = required('DROPOUT_LENS_SHOTS');
const FILE = 'mlp_dropout.py';
const LINE = 't = torch.tensor([0.5, -1.25, 2.0, 3.5, -0.75, 1.0])';
const COMMAND = 'Dropout Lens: Apply Dropout to Selection';

describe('Dropout Lens in VS Code for the Web 1.91.1 (the .vsix in the web worker host)', function () {
  this.timeout(90000);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `web-${name}.png`) });
  const editor = (): Locator => page.locator('.editor-instance .monaco-editor').first();
  const line = (text: string): Locator => editor().locator('.view-line', { hasText: text }).first();
  // The webview sits two iframes deep: iframe.webview > iframe#active-frame.
  const panel = (): FrameLocator => page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(URL);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    if (pageErrors.length) console.log(`page errors: ${pageErrors.slice(0, 5).join('\n')}`);
  });

  it('opens a Python file from the Explorer', async () => {
    // Quick Open finds nothing in test-web's mounted folder (it has no file search): the Explorer it is.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first().click();
    await line('t = torch.tensor(').waitFor({ timeout: 30000 });
  });

  it('selects a literal, runs Apply Dropout to Selection from the palette and shows the mask in the panel', async () => {
    await line('t = torch.tensor(').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    // VS Code 1.91's quick input also holds a checkbox input: the text field is input.input.
    const palette = page.locator('.quick-input-widget input.input').first();
    // The editor that just opened may take the focus back, which closes the palette: ask again.
    for (let attempt = 0; !(await palette.isVisible()); attempt++) {
      assert.ok(attempt < 10, 'the command palette opens');
      await page.keyboard.press('F1');
      await palette.waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
    }
    await page.keyboard.type(COMMAND);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND }).first().waitFor();
    await page.keyboard.press('Enter');

    const input = panel().locator('#grid-input td[role=gridcell]');
    await input.first().waitFor({ timeout: 30000 });
    assert.deepStrictEqual(await input.allTextContents(), ['0.5', '-1.25', '2.', '3.5', '-0.75', '1.']);
    // p from the nn.Dropout(0.3) in scope; the seed the panel shows reproduces its mask.
    assert.strictEqual(await panel().locator('#p').inputValue(), '0.3');
    const seed = await panel().locator('#seed').inputValue();
    const run = runDropout(parseTensorLiteral(LINE.slice('t = '.length)).tensor, { p: 0.3, seed });
    assert.deepStrictEqual(await panel().locator('#grid-mask td[role=gridcell]').allTextContents(), Array.from(run.mask ?? [], String));
    await shot('01-panel');
  });
});
