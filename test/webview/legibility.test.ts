// What a new user reads in the panel (issue #11's small things), measured in real Chromium on the
// built dist/webview.js: the drop marker clear of the value, the histogram's axes and expected
// count, the snippet's rows aligned. Screenshots go to DROPOUT_LENS_SHOTS for a look.
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/env';
import type { PanelRequest, RunSettings } from '../../src/shared/protocol';
import { STRINGS, format } from '../../src/shared/strings';
import bundleJa from '../../l10n/bundle.l10n.ja.json';
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

  /** The histogram as drawn: bars (counts they cover, centre, top), ticks and their labels, the n·p line. */
  function chart() {
    return page.evaluate(() => {
      const num = (e: Element, a: string) => Number(e.getAttribute(a));
      const all = (selector: string) => Array.from(document.querySelectorAll(`#mc-histogram ${selector}`));
      return {
        bars: all('rect.bar').map((r) => ({ low: num(r, 'data-low'), high: num(r, 'data-high'), calls: num(r, 'data-calls'), left: num(r, 'x'), right: num(r, 'x') + num(r, 'width'), top: num(r, 'y'), bottom: num(r, 'y') + num(r, 'height') })),
        xTicks: all('text.x-tick').map((t) => ({ text: t.textContent ?? '', x: num(t, 'x') })),
        yTicks: all('text.y-tick').map((t) => ({ text: t.textContent ?? '', share: num(t, 'data-share'), y: num(t, 'y') - 4 })),
        np: { x: num(all('#mc-np')[0], 'x1'), label: all('#mc-np-label')[0]?.textContent ?? '' },
        titles: [all('#mc-x-title')[0]?.textContent ?? '', all('#mc-y-title')[0]?.textContent ?? ''],
      };
    });
  }

  const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

  for (const theme of Object.keys(THEMES)) {
    it(`the histogram titles both axes, ticks counts and shares truly, and marks n·p, in the ${theme} theme (screenshot)`, async () => {
      await open('torch.tensor([1., 2., 3., 4., 5.])', { p: 0.2 }, theme);
      await page.locator('#mc[data-state=done]').waitFor({ timeout: 120_000 });
      const c = await chart();
      assert.deepStrictEqual(c.titles, [format(STRINGS.mcAxisDropped, STRINGS.units), STRINGS.mcAxisShare]);
      // One bar per dropped count 0..5, each with its tick and label at its centre.
      assert.deepStrictEqual(c.bars.map((b) => [b.low, b.high]), [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
      assert.deepStrictEqual(c.xTicks.map((t) => t.text), ['0', '1', '2', '3', '4', '5']);
      c.xTicks.forEach((t, k) => close(t.x, (c.bars[k].left + c.bars[k].right) / 2, `tick ${k} at its bar's centre`));
      // n·p = 5 × 0.2 = 1: the line through the bar of 1.
      assert.strictEqual(c.np.label, format(STRINGS.mcExpectedCount, 1));
      close(c.np.x, c.xTicks[1].x, 'the n·p line at 1');
      assert.match((await page.locator('#mc-histogram').getAttribute('aria-label')) ?? '', /; expected n·p = 1$/, 'screen readers hear it too');
      // Shares from 0% up, evenly spaced; each bar's top where the axis puts its share of the 1,000 calls.
      assert.strictEqual(c.yTicks[0].text, '0%');
      assert.ok(c.yTicks.length >= 3 && c.yTicks.every((t) => /^\d+%$/.test(t.text) && Number(t.text.slice(0, -1)) === Math.round(t.share * 100)), JSON.stringify(c.yTicks));
      const [t0, t1] = c.yTicks;
      const yOf = (share: number): number => t0.y + ((share - t0.share) / (t1.share - t0.share)) * (t1.y - t0.y);
      for (const b of c.bars) close(b.top, yOf(b.calls / 1000), `the bar of ${b.low} at its share`);
      close(c.bars[0].bottom, t0.y, 'bars stand on 0%');
      assert.ok(yOf(Math.max(...c.bars.map((b) => b.calls / 1000))) >= c.yTicks[c.yTicks.length - 1].y, 'the top tick is above the tallest bar');
      await page.locator('#mc').screenshot({ path: path.join(SHOTS, `legibility-histogram-${theme}.png`) });
    });
  }

  it('the histogram of 1,000 elements groups counts into bins: round ticks, the n·p line at 500', async () => {
    await open('torch.arange(1000.)', { p: 0.5 });
    await page.locator('#mc[data-state=done]').waitFor({ timeout: 120_000 });
    const c = await chart();
    assert.ok(c.bars.some((b) => b.high > b.low), 'bins of several counts');
    const values = c.xTicks.map((t) => Number(t.text));
    const step = values[1] - values[0];
    assert.ok(values.length >= 4 && values.length <= 9, `${values.length} ticks`);
    assert.ok(/^[125]0*$/.test(String(step)) && values.every((v, i) => v === values[0] + i * step), `round, even ticks: ${values.join(' ')}`);
    assert.ok(values[0] >= c.bars[0].low && values[values.length - 1] <= c.bars[c.bars.length - 1].high, 'ticks within the counts drawn');
    assert.strictEqual(c.np.label, format(STRINGS.mcExpectedCount, 500));
    const bin = c.bars.find((b) => b.low <= 500 && 500 <= b.high);
    assert.ok(bin && bin.left <= c.np.x && c.np.x <= bin.right, 'the n·p line crosses the bar of 500');
    close(c.np.x, c.xTicks[values.indexOf(500)].x, 'the n·p line at the tick of 500');
    await page.locator('#mc').screenshot({ path: path.join(SHOTS, 'legibility-histogram-bins.png') });
  });

  it('the histogram in Japanese: the axes and the n·p label translated (screenshot)', async () => {
    const ja = Object.fromEntries(Object.entries(STRINGS).map(([key, english]) => [key, (bundleJa as Record<string, string>)[english] ?? english]));
    await open('torch.arange(24.).reshape(2, 3, 4)', { variant: 'dropout1d', p: 0.5, seed: '5' }, 'light', ja);
    await page.locator('#mc[data-state=done]').waitFor({ timeout: 120_000 });
    const c = await chart();
    assert.deepStrictEqual(c.titles, ['1 回の呼び出しでドロップされたチャネルの数', '呼び出しの割合']);
    assert.strictEqual(c.np.label, '期待値 n·p = 3');
    await page.locator('#mc').screenshot({ path: path.join(SHOTS, 'legibility-histogram-ja.png') });
  });

  it("the snippet's second row starts under the first row's opening bracket", async () => {
    await open('torch.tensor([[-0.7792, 2.], [3., -4.]])', { p: 0.5 });
    const lines = ((await page.locator('#snippet').textContent()) ?? '').split('\n');
    const first = lines.findIndex((l) => l.startsWith('x = '));
    assert.deepStrictEqual(lines.slice(first, first + 2), ['x = torch.tensor([[-0.7792, 2.0],', '                  [3.0, -4.0]])']);
    assert.strictEqual(lines[first + 1].indexOf('['), lines[first].indexOf('[[') + 1);
    await page.locator('.snippet').screenshot({ path: path.join(SHOTS, 'legibility-snippet.png') });
  });
});
