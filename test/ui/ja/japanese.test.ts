// UI end-to-end in Japanese: code-server runs with --locale ja (scripts/harness/run-ui-ja.js);
// the local language pack is installed the way a user installs one (Extensions: Install from
// VSIX..., through the running server, which records it in languagepacks.json), then the window
// reloads in Japanese. The palette shows our package.nls.ja.json titles and the hover our
// l10n/bundle.l10n.ja.json text. Screenshots: DROPOUT_LENS_SHOTS/ja-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/harness/env';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through "npm run test:ui-ja"`);
  return value;
}

const BASE_URL = required('DROPOUT_LENS_URL');
const WORKSPACE = required('DROPOUT_LENS_WORKSPACE');
const SHOTS = required('DROPOUT_LENS_SHOTS');
const LANGUAGE_PACK = required('DROPOUT_LENS_LANGUAGE_PACK');
const USER_DATA = required('DROPOUT_LENS_USER_DATA');
const FILE = 'editor_features.py';
const nlsJa = JSON.parse(fs.readFileSync('package.nls.ja.json', 'utf8')) as Record<string, string>;
const l10nJa = JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) as Record<string, string>;

describe('Dropout Lens in Japanese (code-server --locale ja, a local language pack)', function () {
  this.timeout(90000);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `ja-${name}.png`) });
  const editor = (): Locator => page.locator('.editor-instance .monaco-editor').first();
  const line = (text: string): Locator => editor().locator('.view-line', { hasText: text }).first();
  const paletteInput = (): Locator => page.locator('.quick-input-widget input').first();

  async function openPalette(text: string): Promise<void> {
    // A workbench still restoring may take the focus back, which closes the palette: ask again.
    for (let attempt = 0; !(await paletteInput().isVisible()); attempt++) {
      assert.ok(attempt < 10, 'the command palette opens');
      await page.keyboard.press('F1');
      await paletteInput().waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
    }
    await page.keyboard.type(text);
  }

  async function openWorkspace(): Promise<void> {
    await page.goto(`${BASE_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = browser.page;
    try {
      await setUp();
    } catch (e) {
      // afterEach does not run for a failing hook: the picture of what went wrong is taken here.
      await shot('failed-setup').catch(() => undefined);
      throw e;
    }
  });

  /** Installs the language pack, reloads in Japanese and opens the example. */
  async function setUp(): Promise<void> {
    await openWorkspace();
    // The workbench is still English: no language pack yet.
    // The command is registered once the workbench has connected to the server's extension
    // management, which can be after the Explorer shows: the palette lists commands when it opens.
    const install = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Install from VSIX' }).first();
    for (let attempt = 0; ; attempt++) {
      await openPalette('Extensions: Install from VSIX');
      if (await install.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      assert.ok(attempt < 12, '"Extensions: Install from VSIX..." is in the palette');
      await page.keyboard.press('Escape');
      await paletteInput().waitFor({ state: 'hidden' });
    }
    await page.keyboard.press('Enter');
    // The file dialog is a quick input holding a path (the palette closing first holds ">..."):
    // replace it with the pack's.
    for (const start = Date.now(); !(await paletteInput().inputValue().catch(() => '')).startsWith('/'); ) {
      assert.ok(Date.now() - start < 30000, 'the file dialog opens');
      await page.waitForTimeout(200);
    }
    // The dialog lists its first folder asynchronously and may then reset the value: set the path
    // (at once; typed key by key, each folder's completion can rewrite it) until the dialog
    // accepts it and closes.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '..' }).first().waitFor({ timeout: 30000 });
    for (let attempt = 0; await paletteInput().isVisible(); attempt++) {
      assert.ok(attempt < 10, `the file dialog accepts ${LANGUAGE_PACK}`);
      await paletteInput().fill(LANGUAGE_PACK);
      await page.waitForTimeout(500);
      if ((await paletteInput().inputValue()) !== LANGUAGE_PACK) continue;
      await page.keyboard.press('Enter');
      await paletteInput().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    }
    const packs = path.join(USER_DATA, 'languagepacks.json');
    for (const start = Date.now(); !(fs.existsSync(packs) && /"ja"/.test(fs.readFileSync(packs, 'utf8'))); ) {
      assert.ok(Date.now() - start < 60000, 'VS Code records the Japanese language pack in languagepacks.json');
      await page.waitForTimeout(200);
    }
    // The display language is read when the page loads.
    await openWorkspace();
    await page.keyboard.press('Control+P');
    await paletteInput().waitFor({ state: 'visible' });
    await page.keyboard.type(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    await line('self.drop = nn.Dropout(p=0.2)').waitFor({ timeout: 30000 });
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the command titles in Japanese in the command palette', async () => {
    await openPalette('Dropout Lens');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: nlsJa['command.applyToSelection'] }).first().waitFor({ timeout: 15000 });
    const labels = (await rows.locator('.label-name').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
    for (const key of ['command.applyToSelection', 'command.applyWithOptions', 'command.replaceSelection', 'command.copyResult', 'command.openPanel']) {
      assert.ok(labels.includes(`Dropout Lens: ${nlsJa[key]}`), `"Dropout Lens: ${nlsJa[key]}" in ${JSON.stringify(labels)}`);
    }
    await shot('01-palette');
    await page.keyboard.press('Escape');
  });

  it('shows the hover in Japanese', async () => {
    // Where "p=0.2" sits on screen, from the rendered text (token spans vary by theme).
    const box = await line('self.drop = nn.Dropout(p=0.2)').evaluate((element) => {
      const text = element.textContent ?? '';
      const at = text.indexOf('p=0.2');
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let offset = at;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const data = (n as Text).data;
        if (offset < data.length) {
          const range = document.createRange();
          range.setStart(n, offset);
          range.setEnd(n, Math.min(data.length, offset + 1));
          const { x, y, height } = range.getBoundingClientRect();
          return { x, y, height };
        }
        offset -= data.length;
      }
      return null;
    });
    assert.ok(box, '"p=0.2" is on screen');
    await page.mouse.move(box.x + 1, box.y + box.height / 2);
    await page.mouse.move(box.x + 3, box.y + box.height / 2);
    const tryIt = l10nJa['▶ Try it in the Dropout Lens panel'];
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: tryIt }).first();
    await hover.waitFor({ state: 'visible', timeout: 30000 });
    const text = await hover.innerText();
    assert.match(text, /×1\.25/);
    assert.ok(text.includes(l10nJa['element-wise dropout']), `the hover names the variant in Japanese: ${text}`);
    // The hover fades in: a screenshot right away shows it half transparent.
    await page.waitForTimeout(500);
    await shot('02-hover');
  });
});
