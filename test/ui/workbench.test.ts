// UI end-to-end: the packaged .vsix installed into code-server, driven through the real
// workbench in headless Chromium like a user would. scripts/harness/run-ui.js starts code-server
// and passes its address in the environment; screenshots go to DROPOUT_LENS_SHOTS.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/env';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through "npm run test:ui"`);
  return value;
}

const BASE_URL = required('DROPOUT_LENS_URL');
const WORKSPACE = required('DROPOUT_LENS_WORKSPACE');
const SHOTS = required('DROPOUT_LENS_SHOTS');
const FILE = 'functional_dropout.py';

describe('Dropout Lens through the VS Code UI (code-server, packaged .vsix)', function () {
  this.timeout(60000);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const editor = (): Locator => page.locator('.editor-instance .monaco-editor').first();
  const line = (text: string): Locator => editor().locator('.view-line', { hasText: text }).first();
  const panel = (): FrameLocator => page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${BASE_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    if (pageErrors.length) console.log(`page errors: ${pageErrors.slice(0, 5).join('\n')}`);
  });

  it('opens a Python file from Quick Open', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
    await page.keyboard.type(FILE);
    // Enter before the result row is there picks nothing.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    await line('y = F.dropout(').waitFor({ timeout: 30000 });
    await shot('01-file-open');
  });

  it('runs "Dropout Lens: Open Panel" from the command palette on a selected tensor literal', async () => {
    // The literal spans two lines: select from its first line's start to its second line's end.
    await line('x = torch.tensor(').click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
    await page.keyboard.type('Dropout Lens: Open Panel');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dropout Lens: Open Panel' }).first().waitFor();
    await page.keyboard.press('Enter');

    // The webview sits two iframes deep: iframe.webview > iframe#active-frame.
    assert.strictEqual(await panel().locator('#title').textContent({ timeout: 30000 }), 'Dropout Lens');
    assert.strictEqual(await panel().locator('#origin').textContent({ timeout: 30000 }), 'From functional_dropout.py, line 6');
    assert.deepStrictEqual(await panel().locator('#grid-input td[role=gridcell]').allTextContents(), ['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.']);
    assert.match((await panel().locator('#repr').textContent()) ?? '', /^tensor\(\[\[/);
    await panel().locator('#mc-title').waitFor({ timeout: 30000 });
    await shot('02-panel');
  });

  it('shows the Dropout Lens hover on a dropout call', async () => {
    // Where the word sits on screen, from the rendered text itself (token spans vary by theme and grammar).
    const box = await line('z = F.dropout(').evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('dropout') ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'dropout'.length);
        const { x, y, width, height } = range.getBoundingClientRect();
        return { x, y, width, height };
      }
      return null;
    });
    assert.ok(box, 'the word "dropout" is on screen');
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Dropout Lens' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await hover.innerText(), /F\.dropout · element-wise dropout[\s\S]*Try it in the Dropout Lens panel/);
    await shot('03-hover');
  });

  it('brings the panel back after a window reload (webview serializer)', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
    await page.keyboard.type('Developer: Reload Window');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    assert.strictEqual(await panel().locator('#origin').textContent({ timeout: 30000 }), 'From functional_dropout.py, line 6');
    assert.strictEqual(await panel().locator('#grid-input td[role=gridcell]').count(), 8);
    await shot('04-panel-restored');
  });
});
