// What a new user reads in the panel (issue #11's small things), measured in real Chromium on the
// built dist/webview.js: the drop marker clear of the value, the histogram's axes and expected
// count, the snippet's rows aligned. Screenshots go to DROPOUT_LENS_SHOTS for a look.
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/env';
import type { PanelRequest, RunSettings } from '../../src/shared/protocol';
import { STRINGS } from '../../src/shared/strings';
import { hostSend, serve, type Harness } from './harness';
import { THEMES } from './themes';

const SHOTS = process.env.DROPOUT_LENS_SHOTS ?? '';

const settings = (s: Partial<RunSettings>): RunSettings => ({ p: 0.2, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1, ...s });
let requests = 0;

/** A box on the page, in CSS pixels. */
interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

describe('panel legibility in Chromium (drop marker, histogram axes, snippet rows)', function () {
  this.timeout(60000);
  let harness: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];

  /** Opens a new panel on `literal` as the host would, in `theme`, with the given strings. */
  async function open(literal: string, s: Partial<RunSettings>, theme = 'dark', strings: Record<string, string> = STRINGS): Promise<void> {
    await page.goto(harness.url(theme));
    await page.evaluate(() => sessionStorage.clear());
    await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    const request: PanelRequest = { literal, settings: settings(s), origin: null, settingsSource: null };
    await hostSend(page, { type: 'init', strings, requestId: `legibility-${++requests}`, request });
    await page.locator('#title').waitFor();
  }

  before(async () => {
    assert.ok(SHOTS, 'DROPOUT_LENS_SHOTS is not set: run this suite through "npm run test:webview"');
    harness = await serve(THEMES);
    browser = await launchChromium({ viewport: { width: 1000, height: 900 } });
    page = browser.page;
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  afterEach(() => assert.deepStrictEqual(errors, [], 'no uncaught error in the page'));

  /** Each dropped cell's text and its "×" marker (the ::after box), as laid out. */
  function droppedCells(): Promise<{ text: string; value: Box; marker: Box; cell: Box }[]> {
    return page.evaluate(() => {
      const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
      return Array.from(document.querySelectorAll<HTMLElement>('.grid td.dropped'), (td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const cell = td.getBoundingClientRect();
        const after = getComputedStyle(td, '::after');
        // An absolute ::after is placed from the cell's padding box, inside its border.
        const left = cell.left + td.clientLeft + parseFloat(after.left);
        const top = cell.top + td.clientTop + parseFloat(after.top);
        const marker = { left, right: left + parseFloat(after.width), top, bottom: top + parseFloat(after.height) };
        return { text: td.textContent ?? '', value: box(range.getBoundingClientRect()), marker, cell: box(cell) };
      });
    });
  }

  for (const theme of Object.keys(THEMES)) {
    it(`the drop marker covers no character of a dropped value, however wide, in the ${theme} theme (screenshot)`, async () => {
      // p = 1 drops every element, so each of these widths is drawn as a dropped cell.
      const literal = "torch.tensor([[-0.7792, 1., -1234.5, -1.5e-07], [float('-inf'), -9., 12345.6, float('nan')]])";
      await open(literal, { p: 1 }, theme);
      const cells = await droppedCells();
      assert.strictEqual(cells.length, 3 * 8, 'input, mask and output: every cell dropped');
      const texts = cells.slice(0, 8).map((c) => c.text);
      assert.deepStrictEqual(texts, ['-0.7792', '1.', '-1235.', '-1.50e-7', '-inf', '-9.', '12350.', 'nan']);
      for (const { text, value, marker, cell } of cells) {
        assert.ok([marker.left, marker.right, marker.top, marker.bottom].every(Number.isFinite), `the marker of ${text} is laid out: ${JSON.stringify(marker)}`);
        assert.ok(marker.right > marker.left && marker.bottom > marker.top, `the marker of ${text} has a size`);
        assert.ok(marker.right <= value.left, `the marker (${marker.left}-${marker.right}) ends before ${text} starts (${value.left})`);
        assert.ok(marker.left >= cell.left && value.right <= cell.right, `${text} and its marker inside the cell`);
      }
      await page.locator('.views').screenshot({ path: path.join(SHOTS, `legibility-marker-${theme}.png`) });
    });
  }

  it("the snippet's second row starts under the first row's opening bracket", async () => {
    await open('torch.tensor([[-0.7792, 2.], [3., -4.]])', { p: 0.5 });
    const lines = ((await page.locator('#snippet').textContent()) ?? '').split('\n');
    const first = lines.findIndex((l) => l.startsWith('x = '));
    assert.deepStrictEqual(lines.slice(first, first + 2), ['x = torch.tensor([[-0.7792, 2.0],', '                  [3.0, -4.0]])']);
    assert.strictEqual(lines[first + 1].indexOf('['), lines[first].indexOf('[[') + 1);
    await page.locator('.snippet').screenshot({ path: path.join(SHOTS, 'legibility-snippet.png') });
  });
});
