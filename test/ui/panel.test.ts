// UI end-to-end for the panel, through the real workbench (code-server, packaged .vsix): a literal
// selected in a Python file, "Apply Dropout to Selection" from the palette, the panel's grids and
// repr read inside the webview, p and seed changed there, Insert into the editor, and the same
// state found again after a window reload. Screenshots: DROPOUT_LENS_SHOTS/panel-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/env';
import { toLiteral } from '../../src/core/literal';
import { parseTensorLiteral } from '../../src/core/parse';
import { repr } from '../../src/core/repr';
import { runDropout } from '../../src/core/run';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through "npm run test:ui"`);
  return value;
}

const BASE_URL = required('DROPOUT_LENS_URL');
const WORKSPACE = required('DROPOUT_LENS_WORKSPACE');
const SHOTS = required('DROPOUT_LENS_SHOTS');
const FILE = 'mlp_dropout.py';
const LINE = 't = torch.tensor([0.5, -1.25, 2.0, 3.5, -0.75, 1.0])';
const LITERAL = LINE.slice('t = '.length);

describe('Dropout Lens panel through the VS Code UI', function () {
  this.timeout(90000);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `panel-${name}.png`) });
  const editor = (): Locator => page.locator('.editor-instance .monaco-editor').first();
  const line = (text: string): Locator => editor().locator('.view-line', { hasText: text }).first();
  // The webview sits two iframes deep: iframe.webview > iframe#active-frame.
  const panel = (): FrameLocator => page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const text = async (selector: string): Promise<string> => (await panel().locator(selector).first().textContent({ timeout: 30000 })) ?? '';
  /** What PyTorch prints for the literal with these settings (the core, held to PyTorch by the unit suite). */
  const expected = (p: number, seed: string): string => repr(runDropout(parseTensorLiteral(LITERAL).tensor, { p, seed }).output);

  async function palette(title: string): Promise<void> {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  // Insert edits the example (and auto save may write it): it is put back afterwards.
  const exampleFile = path.join(WORKSPACE, FILE);
  const exampleText = fs.readFileSync(exampleFile, 'utf8');

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = browser.page;
    await page.goto(`${BASE_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
    await page.keyboard.type(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    await line('t = torch.tensor(').waitFor({ timeout: 30000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    // The next suites want the editor at full width and no panel.
    await page.locator('.tab', { hasText: 'Dropout Lens' }).first().click({ button: 'middle' }).catch(() => undefined);
    await browser?.close();
    fs.writeFileSync(exampleFile, exampleText);
  });

  it('shows input, mask, output and repr for a selected literal with the nn.Dropout in scope', async () => {
    await line('t = torch.tensor(').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await palette('Dropout Lens: Apply Dropout to Selection');
    await panel().locator('#grid-input').waitFor({ timeout: 30000 });
    assert.deepStrictEqual(await panel().locator('#grid-input td[role=gridcell]').allTextContents(), ['0.5', '-1.25', '2.', '3.5', '-0.75', '1.']);
    assert.match(await text('#origin'), /^From mlp_dropout\.py, line 19$/);
    assert.strictEqual(await text('#settings-source'), 'Settings from nn.Dropout(p=0.3), line 18');
    assert.strictEqual(await panel().locator('#p').inputValue(), '0.3');
    const seed = await panel().locator('#seed').inputValue();
    const run = runDropout(parseTensorLiteral(LITERAL).tensor, { p: 0.3, seed });
    assert.deepStrictEqual(await panel().locator('#grid-mask td[role=gridcell]').allTextContents(), Array.from(run.mask ?? [], String));
    assert.strictEqual(await text('#repr'), repr(run.output));
    assert.match(await text('#view-output-note'), /^kept values × 1\.42857$/);
    await panel().locator('#mc-title').waitFor({ timeout: 30000 });
    assert.match(await text('#mc-title'), new RegExp(`^Monte-Carlo: 1000 calls after torch\\.manual_seed\\(${seed}\\)$`));
    assert.strictEqual(await panel().locator('#mc').getAttribute('data-engine'), 'worker', 'the simulation runs in a Web Worker inside VS Code too');
    await shot('01-applied');
  });

  it('re-runs at once when p and the seed change in the panel', async () => {
    await panel().locator('#p').fill('0.5');
    await panel().locator('#seed').fill('1234');
    assert.strictEqual(await text('#repr'), expected(0.5, '1234'));
    assert.match(await text('#snippet'), /torch\.manual_seed\(1234\)[\s\S]*nn\.Dropout\(p=0\.5\)/);
    await shot('02-changed');
  });

  it('inserts the result into the editor in place of the literal', async () => {
    await panel().locator('#insert').click();
    const written = runDropout(parseTensorLiteral(LITERAL).tensor, { p: 0.5, seed: '1234' }).output;
    await panel().locator('#status:not(:empty)').waitFor({ state: 'attached', timeout: 30000 });
    assert.strictEqual(await text('#status'), 'Inserted into mlp_dropout.py.');
    const edited = await line('t = torch.tensor(').textContent();
    // The editor renders spaces as non-breaking ones.
    assert.strictEqual(edited?.replace(/\u00a0/g, ' '), `t = ${toLiteral(written)}`);
    await line('t = torch.tensor(').click();
    await page.keyboard.press('Control+Z');
    await line(LINE.slice(0, 30)).waitFor();
  });

  it('finds the same state after a window reload (getState/setState and the serializer)', async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
    await page.keyboard.type('Developer: Reload Window');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    // The extension host starts again and the webview reloads: slow on a busy machine.
    await panel().locator('#repr').waitFor({ timeout: 60000 });
    assert.strictEqual(await panel().locator('#p').inputValue(), '0.5');
    assert.strictEqual(await panel().locator('#seed').inputValue(), '1234');
    assert.strictEqual(await text('#repr'), expected(0.5, '1234'));
    assert.match(await text('#origin'), /^From mlp_dropout\.py, line 19$/);
    await shot('03-restored');
  });
});

