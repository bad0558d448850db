// UI end-to-end in Japanese: code-server runs with --locale ja (scripts/harness/run-ui-ja.js);
// the local language pack is installed the way a user installs one (Extensions: Install from
// VSIX..., through the running server, which records it in languagepacks.json), then the window
// reloads in Japanese. The palette shows our package.nls.ja.json titles and the hover our
// l10n/bundle.l10n.ja.json text. Screenshots: DROPOUT_LENS_SHOTS/ja-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { requiredEnv, stateDeadline, TEST_TIMEOUT_MS, Workbench } from '../driver';

const BASE_URL = requiredEnv('DROPOUT_LENS_URL', 'npm run test:ui-ja');
const WORKSPACE = requiredEnv('DROPOUT_LENS_WORKSPACE', 'npm run test:ui-ja');
const LANGUAGE_PACK = requiredEnv('DROPOUT_LENS_LANGUAGE_PACK', 'npm run test:ui-ja');
const USER_DATA = requiredEnv('DROPOUT_LENS_USER_DATA', 'npm run test:ui-ja');
const FILE = 'editor_features.py';
const nlsJa = JSON.parse(fs.readFileSync('package.nls.ja.json', 'utf8')) as Record<string, string>;
const STEPS = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { walkthroughs: { steps: { id: string }[] }[] } }).contributes.walkthroughs[0].steps.map((s) => s.id);
const l10nJa = JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) as Record<string, string>;

describe('Dropout Lens in Japanese (code-server --locale ja, a local language pack)', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.launch(requiredEnv('DROPOUT_LENS_SHOTS', 'npm run test:ui-ja'), 'ja-');
    try {
      await setUp();
    } catch (e) {
      // afterEach does not run for a failing hook: the picture of what went wrong is taken here.
      await wb.shot('failed-setup').catch(() => undefined);
      throw e;
    }
  });

  /** Installs the language pack, reloads in Japanese and opens the example. */
  async function setUp(): Promise<void> {
    await wb.open(`${BASE_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    // The workbench is still English: no language pack yet.
    // The command is registered once the workbench has connected to the server's extension
    // management, which can be after the Explorer shows: the palette lists commands when it opens.
    const install = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Install from VSIX' }).first();
    const listed = stateDeadline('"Extensions: Install from VSIX..." is in the palette');
    for (;;) {
      await wb.openPalette('Extensions: Install from VSIX');
      if (await install.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      listed();
      await wb.page.keyboard.press('Escape');
      await wb.quickInput().waitFor({ state: 'hidden' });
    }
    await wb.page.keyboard.press('Enter');
    // The file dialog is a quick input holding a path (the palette closing first holds ">..."):
    // replace it with the pack's.
    const opened = stateDeadline('the file dialog opens');
    while (!(await wb.quickInput().inputValue().catch(() => '')).startsWith('/')) {
      opened();
      await wb.page.waitForTimeout(200);
    }
    // The dialog lists its first folder asynchronously and may then reset the value: set the path
    // (at once; typed key by key, each folder's completion can rewrite it) until the dialog
    // accepts it and closes.
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: '..' }).first().waitFor();
    const accepted = stateDeadline(`the file dialog accepts ${LANGUAGE_PACK}`);
    while (await wb.quickInput().isVisible()) {
      accepted();
      await wb.quickInput().fill(LANGUAGE_PACK);
      await wb.page.waitForTimeout(500);
      if ((await wb.quickInput().inputValue()) !== LANGUAGE_PACK) continue;
      await wb.page.keyboard.press('Enter');
      await wb.quickInput().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    }
    const packs = path.join(USER_DATA, 'languagepacks.json');
    const recorded = stateDeadline('VS Code records the Japanese language pack in languagepacks.json');
    while (!(fs.existsSync(packs) && /"ja"/.test(fs.readFileSync(packs, 'utf8')))) {
      recorded();
      await wb.page.waitForTimeout(200);
    }
    // The display language is read when the page loads.
    await wb.open(`${BASE_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await wb.page.keyboard.press('Control+P');
    await wb.quickInput().waitFor({ state: 'visible' });
    await wb.page.keyboard.type(FILE);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.line('self.drop = nn.Dropout(p=0.2)').waitFor();
  }

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the command titles in Japanese in the command palette', async () => {
    await wb.openPalette('Dropout Lens');
    const rows = wb.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: nlsJa['command.applyToSelection'] }).first().waitFor();
    const labels = (await rows.locator('.label-name').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
    for (const key of ['command.applyToSelection', 'command.applyWithOptions', 'command.replaceSelection', 'command.copyResult', 'command.openPanel']) {
      assert.ok(labels.includes(`Dropout Lens: ${nlsJa[key]}`), `"Dropout Lens: ${nlsJa[key]}" in ${JSON.stringify(labels)}`);
    }
    await wb.shot('01-palette');
    await wb.page.keyboard.press('Escape');
  });

  it('shows the hover in Japanese', async () => {
    await wb.hoverWord('self.drop = nn.Dropout(p=0.2)', 'p=0.2');
    const tryIt = l10nJa['▶ Try it in the Dropout Lens panel'];
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: tryIt }).first();
    await hover.waitFor({ state: 'visible' });
    const text = await hover.innerText();
    assert.match(text, /×1\.25/);
    assert.ok(text.includes(l10nJa['element-wise dropout']), `the hover names the variant in Japanese: ${text}`);
    // The hover fades in: a screenshot right away shows it half transparent.
    await wb.page.waitForTimeout(500);
    await wb.shot('02-hover');
  });

  it('shows the walkthrough in Japanese, and its first button opens the panel', async () => {
    await wb.page.keyboard.press('Escape');
    // The language pack translates nothing of VS Code itself: the palette's title stays English.
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: nlsJa['walkthrough.title'] }).first().waitFor();
    await wb.page.keyboard.type(nlsJa['walkthrough.title']);
    await wb.page.keyboard.press('Enter');
    const titles = wb.page.locator('.getting-started-step .step-title');
    await titles.first().waitFor();
    assert.deepStrictEqual(await titles.allTextContents(), STEPS.map((s) => nlsJa[`walkthrough.${s}.title`]));
    await wb.shot('03-walkthrough');
    const label = /\[([^\]]+)\]\(command:/.exec(nlsJa['walkthrough.apply.description'])?.[1] ?? 'no button';
    await wb.page.getByRole('button', { name: label, exact: true }).click();
    // The walkthrough's media is a webview too: the panel's is the one our extension made.
    const panel = wb.page.frameLocator('iframe.webview[src*="extensionId=dropout-lens.dropout-lens"]').frameLocator('iframe#active-frame');
    await panel.locator('#grid-mask td[role=gridcell]').first().waitFor();
    await wb.shot('04-walkthrough-panel');
  });
});
