// The walkthrough in VS Code for the Web 1.91.1, the oldest engine supported: it opens from the
// command palette, and its first button applies dropout in the web worker host.
// Screenshots: web-walkthrough-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import { requiredEnv, TEST_TIMEOUT_MS, Workbench } from '../driver';

const URL = requiredEnv('DROPOUT_LENS_WEB_URL', 'npm run test:ui-web');
const nls = JSON.parse(fs.readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const STEPS = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { walkthroughs: { steps: { id: string }[] }[] } }).contributes.walkthroughs[0].steps.map((s) => s.id);

describe('the walkthrough in VS Code for the Web 1.91.1', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.launch(requiredEnv('DROPOUT_LENS_SHOTS', 'npm run test:ui-web'), 'web-walkthrough-');
    await wb.open(URL);
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens from the palette, and its first button shows the sample in the panel', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: nls['walkthrough.title'] }).first().waitFor();
    await wb.page.keyboard.type(nls['walkthrough.title']);
    await wb.page.keyboard.press('Enter');
    const titles = wb.page.locator('.getting-started-step .step-title');
    await titles.first().waitFor();
    assert.deepStrictEqual(await titles.allTextContents(), STEPS.map((s) => nls[`walkthrough.${s}.title`]));
    const label = /\[([^\]]+)\]\(command:/.exec(nls['walkthrough.apply.description'])?.[1] ?? 'no button';
    await wb.page.getByRole('button', { name: label, exact: true }).click();
    // The walkthrough's media is a webview too: the panel's is the one our extension made.
    const panel = wb.page.frameLocator('iframe.webview[src*="extensionId=dropout-lens.dropout-lens"]').frameLocator('iframe#active-frame');
    await panel.locator('#grid-mask td[role=gridcell]').first().waitFor();
    assert.strictEqual(await panel.locator('#grid-input td[role=gridcell]').count(), 8);
    await wb.shot('01-panel');
  });
});
