// The panel page in real Chromium (playwright-core + Debian chromium), outside VS Code: the
// built dist/webview.js in a harness page with the panel's CSP and a fake acquireVsCodeApi.
// Expected numbers come from the core, which the unit tests hold to PyTorch's own output.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/env';
import { parseTensorLiteral } from '../../src/core/parse';
import { repr } from '../../src/core/repr';
import { toLiteral } from '../../src/core/literal';
import { MAX_CALL, runDropout } from '../../src/core/run';
import { monteCarlo } from '../../src/core/stats';
import type { PanelRequest, RunSettings } from '../../src/shared/protocol';
import { makeTensor } from '../../src/core/tensor';
import { STRINGS, format } from '../../src/shared/strings';
import bundleJa from '../../l10n/bundle.l10n.ja.json';
import { hostSend, posted, serve, type Harness } from './harness';
import { THEMES } from './themes';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through "node scripts/harness/run-webview.js"`);
  return value;
}
const SHOTS = required('DROPOUT_LENS_SHOTS');

const settings = (s: Partial<RunSettings> = {}): RunSettings => ({ p: 0.2, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1, ...s });
const request = (literal: string, s: Partial<RunSettings> = {}, origin: PanelRequest['origin'] = null): PanelRequest => ({ literal, settings: settings(s), origin, settingsSource: null });
let requests = 0;
/** The host's answer to `ready`; each request gets a new id unless the test reloads the same one. */
const init = (req: PanelRequest | null, requestId = `r${++requests}`) => ({ type: 'init', strings: STRINGS, requestId, request: req });

/** The result as the page writes it into the editor, from the core. */
function toLiteralOf(literal: string, s: Partial<RunSettings> = {}): string {
  return toLiteral(runDropout(parseTensorLiteral(literal).tensor, settings(s)).output);
}

/** PyTorch's printed output for the request, from the core. */
function expectedRepr(literal: string, s: Partial<RunSettings> = {}): string {
  return repr(runDropout(parseTensorLiteral(literal).tensor, settings(s)).output);
}

describe('panel page in Chromium (dist/webview.js, fake VS Code API)', function () {
  this.timeout(60000);
  let harness: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let warnings: string[] = [];
  const errors: string[] = [];
  /** Chromium logs every resource or script the page's CSP refuses. */
  let cspViolations: string[] = [];

  const text = async (selector: string): Promise<string> => (await page.locator(selector).first().textContent()) ?? '';
  const cells = (grid: string): Promise<string[]> => page.locator(`#grid-${grid} td[role=gridcell]`).allTextContents();

  /** Loads the page (with the previous page's saved state when `sameRequest`) and answers its `ready`. */
  async function open(req: PanelRequest | null, theme = 'dark', sameRequest = false): Promise<void> {
    await page.goto(harness.url(theme));
    await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    await hostSend(page, init(req, sameRequest ? `r${requests}` : undefined));
    await page.locator('#title').waitFor();
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    harness = await serve(THEMES);
    browser = await launchChromium({ viewport: { width: 1000, height: 900 } });
    page = browser.page;
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'warning') warnings.push(m.text());
      if (m.type() === 'error' && m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  beforeEach(async () => {
    warnings = [];
    cspViolations = [];
    // Each test starts as a new panel: no state saved by the previous test's page (its N, say).
    if (page.url().startsWith('http')) await page.evaluate(() => sessionStorage.clear());
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  afterEach(() => {
    assert.deepStrictEqual(errors, [], 'no uncaught error in the page');
    assert.deepStrictEqual(cspViolations, [], "nothing the panel's CSP refuses (the components' styles, the codicon font)");
  });

  /** The variant picked as with a mouse: the dropdown opened, the option clicked. */
  async function chooseVariant(variant: string): Promise<void> {
    await page.locator('#variant').click();
    await page.locator('#variant').getByRole('option', { name: variant, exact: true }).click();
    assert.strictEqual(await page.locator('#variant').evaluate((e) => (e as HTMLSelectElement).value), variant);
  }

  it('1-d playground: input, mask and output aligned, the scale, PyTorch repr, snippet', async () => {
    const literal = 'torch.tensor([1., 2., 3., 4., 5.])';
    await open(request(literal));
    assert.deepStrictEqual(await cells('input'), ['1.', '2.', '3.', '4.', '5.']);
    const r = runDropout(parseTensorLiteral(literal).tensor, settings());
    const mask = Array.from(r.mask ?? [], String);
    assert.deepStrictEqual(await cells('mask'), mask);
    const dropped = await page.locator('#grid-output td.dropped').count();
    assert.strictEqual(dropped, 5 - r.kept);
    assert.match(await text('#view-output-note'), /× 1\.25/);
    assert.strictEqual(await text('#repr'), repr(r.output));
    assert.ok((await text('#snippet')).includes('torch.manual_seed(0)\nx = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0])\ndrop = nn.Dropout(p=0.2)\ny = drop(x)\nprint(y)'));
    assert.match(await text('#kept-count'), new RegExp(`^Kept: ${r.kept} of 5 elements \\(expected 4; 95% of calls keep \\d to 5\\)$`));
    assert.match(await text('#origin'), /Playground/);
    // Each dropped cell says so to a screen reader, not only by its look.
    const label = await page.locator('#grid-output td.dropped').first().getAttribute('aria-label');
    assert.match(label ?? '', /^\[\d\] -?0\., dropped$/);
  });

  /** Waits for the simulation to end (#mc's data-state done), with the title it should have. */
  /** Waits for the simulation titled `title` to end: an earlier one may end first on a busy machine. */
  async function mcDone(title: string, timeout = 120_000): Promise<void> {
    await page.locator('#mc[data-state=done]', { has: page.locator('#mc-title', { hasText: title }) }).waitFor({ timeout });
    assert.strictEqual(await text('#mc-title'), title);
  }

  it('Monte-Carlo: 1,000 calls in the worker, histogram against Binomial(n, p) with the core\'s counts, E[y] = x', async () => {
    const literal = 'torch.tensor([1., 2., 3., 4., 5.])';
    await open(request(literal));
    await mcDone('Monte-Carlo: 1000 calls after torch.manual_seed(0)');
    assert.strictEqual(await page.locator('#mc').getAttribute('data-engine'), 'worker');
    assert.strictEqual(await page.locator('#mc-draws input').inputValue(), '1000');
    assert.ok(await page.locator('#mc-stop').isDisabled(), 'nothing to stop once done');
    assert.strictEqual(await page.locator('#mc-progress').count(), 0);
    // Dropped counts 0..5 (all with a visible Binomial(5, 0.2) probability), as calls 1..1000 drop them.
    const expected = monteCarlo(parseTensorLiteral(literal).tensor, { ...settings(), draws: 1000 }).droppedHistogram;
    assert.deepStrictEqual(await page.locator('#mc-histogram rect.bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-calls')))), Array.from(expected));
    assert.strictEqual(await page.locator('#mc-histogram line.expected').count(), 6);
    const gap = Number((await text('#mc-mean')).match(/largest gap ([\d.e-]+)/)?.[1]);
    assert.ok(gap > 0 && gap < 0.5, `mean output within 0.5 of the input after 1,000 calls (gap ${gap})`);
    assert.match(await text('#mc-keep-rate'), /: (79|8\d)\.\d% \(expected 80\.0%\)$/);
    // Eval mode: every call keeps everything, as Binomial(5, 0) says.
    await page.locator('#training').click();
    await page.locator('#mc-keep-rate', { hasText: 'elements over all calls: 100.0% (expected 100.0%)' }).waitFor();
    assert.deepStrictEqual(await page.locator('#mc-histogram rect.bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-calls')))), [1000]);
  });

  it('Monte-Carlo: N is adjustable; progress shows while it runs; a change restarts it; Stop keeps the figures so far', async () => {
    const literal = 'torch.arange(100000.)';
    await open(request(literal, { p: 0.5 }));
    // 10^5 elements: a few seconds for 1,000 calls, reported as they go.
    await page.locator('#mc[data-state=running] #mc-progress').waitFor({ timeout: 30000 });
    const done = Number(await page.locator('#mc-progress').getAttribute('value'));
    assert.ok(done > 0 && done < 1000, `progress ${done} of 1000`);
    assert.match(await text('#mc-progress-text'), /^\d+ of 1000 calls simulated \(\d+\.\d%\)/);
    assert.strictEqual(await text('#mc-title'), 'Monte-Carlo: 1000 calls after torch.manual_seed(0)');
    assert.ok(await page.locator('#mc-histogram rect.bar').count() > 0, 'the histogram fills in while it runs');
    assert.strictEqual(await page.locator('#mc').getAttribute('aria-busy'), 'true');
    await page.locator('#stats').screenshot({ path: path.join(SHOTS, 'panel-mc-running.png') });
    // A new seed mid-run: the running simulation is dropped and the new one starts from call 1.
    await page.locator('#seed input').fill('7');
    await page.locator('#mc-title', { hasText: 'torch.manual_seed(7)' }).waitFor({ timeout: 30000 });
    // A smaller N restarts it too, and it runs to the end.
    await page.locator('#mc-draws input').fill('40');
    await mcDone('Monte-Carlo: 40 calls after torch.manual_seed(7)');
    const expected = monteCarlo(parseTensorLiteral(literal).tensor, { ...settings({ p: 0.5, seed: '7' }), draws: 40 });
    const bars = await page.locator('#mc-histogram rect.bar').evaluateAll((b) => b.map((e) => Number(e.getAttribute('data-calls'))));
    assert.strictEqual(bars.reduce((a, b) => a + b, 0), 40);
    assert.match(await text('#mc-keep-rate'), new RegExp(`: ${(expected.keepRate * 100).toFixed(1).replace('.', '\\.')}% `));
    // N out of bounds changes nothing.
    await page.locator('#mc-draws input').fill('0');
    assert.strictEqual(await page.locator('#mc-draws').getAttribute('aria-invalid'), 'true');
    await page.waitForTimeout(300);
    assert.strictEqual(await page.locator('#mc').getAttribute('data-state'), 'done');
    // Stop: the figures so far stay, said to be over fewer calls.
    await page.locator('#mc-draws input').fill('100000');
    await page.locator('#mc[data-state=running] #mc-progress').waitFor({ timeout: 30000 });
    await page.locator('#mc-stop').click();
    assert.strictEqual(await page.locator('#mc').getAttribute('data-state'), 'stopped');
    assert.match(await text('#mc-progress-text'), /^Stopped after \d+ of 100000 calls/);
    assert.ok(await page.locator('#mc-stop').isDisabled());
    const stoppedAt = await page.locator('#mc').getAttribute('data-done');
    await page.waitForTimeout(500);
    assert.strictEqual(await page.locator('#mc').getAttribute('data-done'), stoppedAt, 'nothing comes after Stop');
    // p out of range mid-run: no statistics, and the simulation stops; a valid p starts a new one.
    await page.locator('#mc-draws input').fill('99999');
    await page.locator('#mc[data-state=running] #mc-progress').waitFor({ timeout: 30000 });
    await page.locator('#p input').fill('1.5');
    await page.locator('#run-error').waitFor();
    assert.strictEqual(await page.locator('#mc').count(), 0);
    await page.locator('#p input').fill('0.5');
    await page.locator('#mc[data-state=running] #mc-progress').waitFor({ timeout: 30000 });
    assert.strictEqual(await page.locator('#mc-progress').getAttribute('max'), '99999');
    await page.locator('#mc-stop').click();
  });

  it('without a worker (a CSP that refuses it) the simulation runs on the page, in slices', async () => {
    await page.goto(harness.url('dark', false));
    await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    await hostSend(page, init(request('torch.tensor([1., 2., 3., 4., 5.])')));
    await mcDone('Monte-Carlo: 1000 calls after torch.manual_seed(0)');
    assert.strictEqual(await page.locator('#mc').getAttribute('data-engine'), 'page');
    assert.strictEqual(await page.locator('#mc-histogram rect.bar').count(), 6);
    // The refused worker is this test's point; anything else refused is not.
    assert.ok(cspViolations.length > 0 && cspViolations.every((v) => v.includes('worker-src')), cspViolations.join('\n'));
    cspViolations = [];
    // A larger one is reported as it goes, and the page handles input between the slices.
    await page.locator('#literal').fill('torch.arange(100000.)');
    await page.locator('#mc[data-state=running] #mc-progress').waitFor({ timeout: 30000 });
    await page.locator('#call-next').click();
    assert.strictEqual(await text('#call-help'), 'Draw 2 after torch.manual_seed(0)');
    assert.strictEqual(await page.locator('#mc').getAttribute('data-state'), 'running', 'the call index does not restart the simulation');
    await page.locator('#mc-stop').click();
  });

  it('a replayed call (drawn > 0): its mask, the call index counted from it, the snippet that draws the same', async () => {
    const literal = 'torch.tensor([0.5, -1., 2., 3., -0.25, 4.])';
    await open(request(literal, { p: 0.3, seed: '42', drawn: 35 }));
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.3, seed: '42', drawn: 35 }));
    assert.notStrictEqual(await text('#repr'), expectedRepr(literal, { p: 0.3, seed: '42' }), 'the draws before the call matter here');
    assert.strictEqual(await text('#call-help'), format(STRINGS.callHelpDrawn, 1, '42', 35));
    assert.ok((await text('#snippet')).includes('torch.manual_seed(42)\ntorch.rand(35)  # 35 draws before this call\nx = torch.tensor('));
    await page.locator('#call-next').click();
    await page.locator('#call-help', { hasText: 'Draw 2 after' }).waitFor();
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.3, seed: '42', drawn: 35, call: 2 }));
  });

  it('2-d: a grid of rows and columns, keyboard navigation between cells', async () => {
    const literal = 'torch.tensor([[1., -2., 3., -4.], [5., 6., -7., 8.], [0.5, 0.25, -0.125, 9.]])';
    await open(request(literal, { p: 0.5, seed: '42' }));
    assert.strictEqual(await page.locator('#grid-input tr').count(), 3);
    assert.strictEqual(await page.locator('#grid-input tr').first().locator('td').count(), 4);
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.5, seed: '42' }));
    assert.ok(await page.locator('#grid-input td.neg').count() >= 4, 'negative values on the other side of the diverging scale');
    await page.locator('#grid-input td[role=gridcell]').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    assert.strictEqual(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), '[1, 1] 6., ' + (await page.locator('#grid-input td[data-index="5"]').getAttribute('aria-label'))?.split(', ').pop());
    await page.keyboard.press('End');
    assert.match((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '', /^\[1, 3\] 8\./);
  });

  it('4-d with dropout2d: the last two dimensions, selectors for the others, one draw per channel', async () => {
    const literal = 'torch.arange(24.).reshape(2, 3, 2, 2)';
    await open(request(literal, { variant: 'dropout2d', p: 0.5, seed: '7' }));
    assert.strictEqual(await page.locator('#slice input').count(), 2);
    assert.deepStrictEqual(await cells('input'), ['0.', '1.', '2.', '3.']);
    assert.match(await text('#view-mask-note'), /one draw per channel: 6 channels, noise shape \(2, 3, 1, 1\)/);
    await page.locator('#slice-0 input').fill('1');
    await page.locator('#slice-1 input').fill('2');
    assert.deepStrictEqual(await cells('input'), ['20.', '21.', '22.', '23.']);
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), 'slice-1', 'the selector keeps the focus');
    const r = runDropout(parseTensorLiteral(literal).tensor, settings({ variant: 'dropout2d', p: 0.5, seed: '7' }));
    const channel = r.mask?.[5];
    assert.deepStrictEqual(await cells('mask'), Array(4).fill(String(channel)), 'the whole channel shares its draw');
    assert.strictEqual(await text('#repr'), repr(r.output));
    assert.match(await text('#kept-count'), /^Kept: \d of 6 channels/);
  });

  it('controls re-run at once: p, seed, new seed, variant, train/eval, inplace, call index', async () => {
    const literal = 'torch.tensor([[0.5, -1.5, 2.0], [3.0, 4.0, -5.0]])';
    await open(request(literal));
    await page.locator('#p input').fill('0.6');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.6 }));
    assert.strictEqual(await page.locator('#p-range').inputValue(), '0.6');
    await page.locator('#seed input').fill('123');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.6, seed: '123' }));
    await page.locator('#call-next').click();
    await page.locator('#call-next').click();
    assert.strictEqual(await page.locator('#call input').inputValue(), '3');
    assert.strictEqual(await text('#call-help'), 'Draw 3 after torch.manual_seed(123)');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.6, seed: '123', call: 3 }));
    assert.match(await text('#snippet'), /for _ in range\(2\):\n {4}drop\(x\.clone\(\)\)/);
    await page.locator('#call-prev').click();
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.6, seed: '123', call: 2 }));
    await chooseVariant('alpha_dropout');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.6, seed: '123', call: 2, variant: 'alpha_dropout' }));
    assert.match(await text('#view-output-note'), /^kept: x × [\d.]+ \+ [\d.-]+; dropped: [\d.-]+$/);
    await chooseVariant('dropout');
    await page.locator('#training').click();
    assert.strictEqual(await page.locator('#training').evaluate((e) => (e as HTMLInputElement).checked), false);
    assert.strictEqual(await text('#view-output-note'), STRINGS.identityNote);
    assert.strictEqual(await text('#repr'), 'tensor([[ 0.5000, -1.5000,  2.0000],\n        [ 3.0000,  4.0000, -5.0000]])');
    await page.locator('#training').click();
    await page.locator('#inplace').click();
    assert.strictEqual(await text('#view-input-title'), STRINGS.inputInplace);
    assert.match(await text('#snippet'), /nn\.Dropout\(p=0\.6, inplace=True\)/);
    const before = await page.locator('#seed input').inputValue();
    await page.locator('#new-seed').click();
    const seed = await page.locator('#seed input').inputValue();
    assert.notStrictEqual(seed, before);
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.6, seed, call: 2, inplace: true }));
    const state = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null'));
    assert.deepStrictEqual(state.settings, { ...settings({ p: 0.6, seed, call: 2, inplace: true }), pIsInt: false }, 'every change is saved with setState');
    assert.strictEqual(state.literal, null, 'the unedited literal is saved once, in the request');
  });

  it('the call index: up to 2^53-1 at once, from the field and from the saved state; others refused with a message', async () => {
    // Before the jump-ahead, the page stepped through every earlier call's draws and froze.
    const literal = 'torch.tensor([[0.5, -1.5, 2.0], [3.0, 4.0, -5.0]])';
    await open(request(literal, { seed: '7' }));
    await page.locator('#call input').fill(String(MAX_CALL));
    await page.locator('#call-help', { hasText: `Draw ${MAX_CALL} after torch.manual_seed(7)` }).waitFor({ timeout: 10000 });
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { seed: '7', call: MAX_CALL }));
    assert.strictEqual(await text('#call-error'), '');
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null'));
    assert.strictEqual(saved.settings.call, MAX_CALL);
    await open(request(literal, { seed: '7' }), 'dark', true);
    await page.locator('#call-help', { hasText: `Draw ${MAX_CALL} after torch.manual_seed(7)` }).waitFor({ timeout: 10000 });
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { seed: '7', call: MAX_CALL }), 'the restored state shows the same call');
    for (const value of [String(MAX_CALL + 1), '0', '1.5', '']) {
      await page.locator('#call input').fill(value);
      assert.strictEqual(await text('#call-error'), format(STRINGS.callInvalid, MAX_CALL), value);
      assert.strictEqual(await page.locator('#call').getAttribute('aria-invalid'), 'true');
      assert.strictEqual(await text('#repr'), expectedRepr(literal, { seed: '7', call: MAX_CALL }), `${value} changes nothing`);
    }
    await page.locator('#call input').fill(String(MAX_CALL + 1));
    await page.locator('#call-prev').click();
    assert.strictEqual(await page.locator('#call input').inputValue(), String(MAX_CALL));
    assert.strictEqual(await text('#call-error'), '');
    await page.locator('#call-next').click();
    assert.strictEqual(await page.locator('#call input').inputValue(), String(MAX_CALL), 'no call after the last');
  });

  it("the PyTorch build: the editor's choice and why, a dropdown that redraws, builds compared side by side", async () => {
    const literal = 'torch.ones(6, 6)';
    await open({ ...request(literal, { p: 0.5, seed: '123', build: 'x86-mkl' }), buildReason: 'PyTorch 2.4.1, x86-64 wheel → MKL masks' });
    assert.strictEqual(await text('#build-source'), format(STRINGS.buildFrom, 'x86-mkl', 'PyTorch 2.4.1, x86-64 wheel → MKL masks'));
    const mkl = expectedRepr(literal, { p: 0.5, seed: '123', build: 'x86-mkl' });
    const def = expectedRepr(literal, { p: 0.5, seed: '123' });
    assert.notStrictEqual(mkl, def);
    assert.strictEqual(await text('#repr'), mkl);
    assert.match(await text('#snippet'), /# the mask of PyTorch <= 2\.6 from an x86-64 wheel/);
    await page.locator('#build').click();
    await page.locator('#build').getByRole('option', { name: STRINGS.buildDefault, exact: true }).click();
    assert.strictEqual(await text('#repr'), def);
    assert.doesNotMatch(await text('#snippet'), /x86-64/);
    assert.strictEqual(await page.locator('#compare').count(), 0);
    await page.locator('#compare-builds').click();
    assert.strictEqual(await text('#compare-this'), def);
    assert.strictEqual(await text('#compare-other'), mkl);
    const a = runDropout(parseTensorLiteral(literal).tensor, settings({ p: 0.5, seed: '123' })).mask!;
    const b = runDropout(parseTensorLiteral(literal).tensor, settings({ p: 0.5, seed: '123', build: 'x86-mkl' })).mask!;
    assert.strictEqual(await text('#compare-differ'), format(STRINGS.compareDiffer, a.filter((v, i) => v !== b[i]).length, 36));
    assert.strictEqual(await text('#compare p.muted'), STRINGS.compareWhy);
    // Both masks, cell by cell, with the cells that differ marked by more than a colour.
    assert.deepStrictEqual((await page.locator('#compare-mask-this td').allTextContents()).map((t) => t.replace(` ${STRINGS.compareCellDiffers}`, '')), [...a].map(String));
    assert.deepStrictEqual((await page.locator('#compare-mask-other td').allTextContents()).map((t) => t.replace(` ${STRINGS.compareCellDiffers}`, '')), [...b].map(String));
    const marked = (id: string) => page.locator(`#compare-mask-${id} td`).evaluateAll((tds) => tds.map((td) => td.classList.contains('differ')));
    const expectedMarks = [...a].map((v, i) => v !== b[i]);
    assert.ok(expectedMarks.includes(true) && expectedMarks.includes(false));
    assert.deepStrictEqual(await marked('this'), expectedMarks);
    assert.deepStrictEqual(await marked('other'), expectedMarks);
    const first = page.locator('#compare-mask-this td.differ').first();
    assert.strictEqual(await first.locator('.sr-only').textContent(), ` ${STRINGS.compareCellDiffers}`);
    assert.match(await first.evaluate((td) => getComputedStyle(td).borderTopStyle), /double/, 'a differing cell is marked by its border, not colour alone');
    assert.strictEqual(await page.locator('#compare-mask-this').getAttribute('aria-label'), format(STRINGS.compareMaskLabel, 'default', 6, 6));
    assert.strictEqual(await text('#compare-legend'), STRINGS.compareLegend);
    await page.locator('#compare').screenshot({ path: path.join(SHOTS, 'panel-compare-dark.png') });
    await page.locator('#p input').fill('0');
    assert.strictEqual(await text('#compare-differ'), STRINGS.compareNoDraw);
    assert.strictEqual(await page.locator('#compare-mask-this td.differ').count(), 0);
    const state = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null'));
    assert.strictEqual(state.settings.build, 'default', 'the build chosen in the panel is saved with its state');
  });

  it('compares builds beyond a table: a summary of both masks on the slice, and its first differences', async () => {
    const literal = 'torch.ones(40, 40)';
    await open(request(literal, { p: 0.5, seed: '123' }));
    await page.locator('#compare-builds').click();
    const t = parseTensorLiteral(literal).tensor;
    const a = runDropout(t, settings({ p: 0.5, seed: '123' })).mask!;
    const b = runDropout(t, settings({ p: 0.5, seed: '123', build: 'x86-mkl' })).mask!;
    const sum = (m: Uint8Array): number => m.reduce((x, v) => x + v, 0);
    const firsts: string[] = [];
    for (let i = 0; i < a.length && firsts.length < 3; i++) if (a[i] !== b[i]) firsts.push(`[${Math.floor(i / 40)}, ${i % 40}]`);
    const differ = a.filter((v, i) => v !== b[i]).length;
    assert.strictEqual(await text('#compare-mask-summary'),
      `${format(STRINGS.compareMaskSummary, 1600, 'default', sum(a), 'x86-mkl', sum(b), differ)} ${format(STRINGS.compareFirstDiffer, firsts.join(', '))}`);
    assert.strictEqual(await page.locator('.mask-compare').count(), 0);
    assert.strictEqual(await page.locator('#compare-legend').count(), 0);
    assert.strictEqual(await text('#compare-other'), expectedRepr(literal, { p: 0.5, seed: '123', build: 'x86-mkl' }));
  });

  for (const theme of Object.keys(THEMES)) {
    it(`compares builds in the ${theme} theme (screenshot)`, async () => {
      await open(request('torch.tensor([[1., -2., 3., 4.], [-4., 5., 6., 7.]])', { p: 0.5, seed: '123' }), theme);
      await page.locator('#compare-builds').click();
      await page.locator('#compare-mask-this').waitFor();
      assert.ok(await page.locator('#compare-mask-this td.differ').count() > 0);
      await page.locator('#compare').screenshot({ path: path.join(SHOTS, `panel-compare-${theme}.png`) });
    });
  }

  it('keyboard and screen reader: every control named, in Tab order, working with keys; codicons drawn', async () => {
    const literal = 'torch.tensor([[1., 2., 3.], [4., 5., 6.]])';
    const origin = { fileName: 'demo.py', line: 4, uri: 'file:///demo.py', range: { startLine: 3, startCharacter: 4, endLine: 3, endCharacter: 30 } };
    await open(request(literal, {}, origin));
    // Each control has the name its label gives it (vscode-label passes it into the shadow root).
    for (const [role, name] of [
      ['textbox', STRINGS.literalLabel], ['slider', STRINGS.pLabel], ['textbox', STRINGS.pLabel], ['combobox', STRINGS.variantLabel],
      ['checkbox', STRINGS.training], ['checkbox', STRINGS.inplace], ['combobox', STRINGS.buildLabel], ['checkbox', STRINGS.compareBuilds],
      ['textbox', STRINGS.seedLabel], ['button', STRINGS.newSeed],
      ['button', STRINGS.previousCall], ['spinbutton', STRINGS.callLabel], ['button', STRINGS.nextCall],
      ['button', STRINGS.copyRepr], ['button', STRINGS.insert], ['button', STRINGS.copyLiteral], ['button', STRINGS.copySnippet],
    ] as const) {
      assert.strictEqual(await page.getByRole(role, { name, exact: true }).count(), 1, `one ${role} named "${name}"`);
    }
    // Tab goes through the controls in reading order.
    await page.locator('#literal').focus();
    const order: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      // A grid cell has no id of its own: its grid's.
      order.push(await page.evaluate(() => document.activeElement?.closest('[id]')?.id ?? ''));
    }
    // The grids are one Tab stop each (arrows move inside them), then the result's buttons.
    assert.deepStrictEqual(order, ['p-range', 'p', 'variant', 'training', 'inplace', 'build', 'compare-builds', 'seed', 'new-seed', 'call-prev', 'call', 'call-next',
      'grid-input', 'grid-mask', 'grid-output', 'copy-repr']);
    // Buttons answer Enter and Space, the checkbox Space, the select arrows and Enter.
    // What happens to a key after the page's handlers: a Space left to its default action scrolls the page.
    await page.evaluate(() => window.addEventListener('keydown', (e) => {
      (window as unknown as { spaceDefault: boolean }).spaceDefault = e.key === ' ' && !e.defaultPrevented;
    }));
    await page.locator('#call-next').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    assert.strictEqual(await page.locator('#call input').inputValue(), '3');
    assert.strictEqual(await page.evaluate(() => (window as unknown as { spaceDefault: boolean }).spaceDefault), false, 'Space on a button does not also scroll the page');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { call: 3 }));
    await page.locator('#inplace').focus();
    await page.keyboard.press('Space');
    assert.match(await text('#snippet'), /inplace=True/);
    await page.locator('#variant').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.locator('#variant').evaluate((e) => (e as HTMLSelectElement).value), 'dropout1d');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { call: 3, inplace: true, variant: 'dropout1d' }));
    await page.locator('#insert').focus();
    await page.keyboard.press('Enter');
    assert.strictEqual((await posted(page)).filter((m) => (m as { type: string }).type === 'insert').length, 1, 'Enter on Insert posts it once');
    // The icons are codicon glyphs, drawn with the font the panel ships (dist/codicons/).
    assert.ok(await page.evaluate(async () => (await document.fonts.load('16px codicon')).length > 0), 'codicon.ttf loads');
    const glyph = await page.locator('#copy-repr .codicon-copy').evaluate((e) => getComputedStyle(e, '::before').content);
    assert.notStrictEqual(glyph, 'none', 'the copy icon has its glyph');
  });

  it('a disabled Insert (a playground has nowhere to insert) cannot be reached or pressed', async () => {
    await open(request('torch.tensor([1., 2.])'));
    assert.strictEqual(await page.locator('#insert').getAttribute('aria-disabled'), 'true');
    assert.strictEqual(await page.locator('#insert').getAttribute('title'), STRINGS.noOriginInsert);
    // The reason shows on hover too (the disabled button itself takes no pointer events).
    await page.locator('#insert').hover({ force: true });
    assert.strictEqual(await page.evaluate(() => document.querySelector('.actions [title]:hover')?.getAttribute('title')), STRINGS.noOriginInsert);
    await page.locator('#insert').click({ force: true });
    await page.locator('#copy-repr').focus();
    await page.keyboard.press('Tab');
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), 'copy-literal', 'Tab skips the disabled button');
    assert.deepStrictEqual((await posted(page)).filter((m) => (m as { type: string }).type === 'insert'), []);
  });

  it("PyTorch's errors and warnings: p out of range, a 1-d input to dropout2d", async () => {
    await open(request('torch.tensor([1., 2.])', { p: 1.5 }));
    assert.strictEqual(await text('#run-error'), 'PyTorch raises: ValueError: dropout probability has to be between 0 and 1, but got 1.5');
    await page.locator('#p input').fill('0.5');
    assert.strictEqual(await page.locator('#run-error').count(), 0);
    // p written as an int in the code: PyTorch prints it as one; a p typed in the panel is a float.
    await open(request('torch.tensor([1., 2.])', { p: 2, pIsInt: true }));
    assert.strictEqual(await text('#run-error'), 'PyTorch raises: ValueError: dropout probability has to be between 0 and 1, but got 2');
    await page.locator('#p input').fill('3');
    assert.strictEqual(await text('#run-error'), 'PyTorch raises: ValueError: dropout probability has to be between 0 and 1, but got 3.0');
    await chooseVariant('dropout2d');
    assert.ok((await page.locator('.warning, #run-error').count()) > 0, 'dropout2d on a 1-d input warns or raises as PyTorch');
  });

  it('the literal box: edits re-parse, errors point at the character', async () => {
    await open(request('torch.tensor([1., 2., 3., 4., 5.])'));
    await page.locator('#literal').fill('torch.tensor([1., 2.,, 3.])');
    assert.match(await text('#literal-error'), /^Cannot read the tensor: line 1, column 22: /);
    assert.strictEqual(await text('#literal-pointer'), 'torch.tensor([1., 2.,, 3.])\n' + ' '.repeat(21) + '^');
    assert.strictEqual(await page.locator('#literal').getAttribute('aria-invalid'), 'true');
    await page.locator('#literal').fill('[[1, 2], [3]]');
    assert.match(await text('#literal-error'), /ValueError: expected sequence of length 2 at dim 1 \(got 1\)/);
    await page.locator('#literal').fill('torch.tensor([7., 8.])');
    assert.deepStrictEqual(await cells('input'), ['7.', '8.']);
  });

  it('user text is shown as text, never as markup', async () => {
    await open(request('<img src=x onerror="window.hacked=1">', {}, { fileName: '<b>x</b>.py', line: 3 }));
    assert.strictEqual(await text('#origin'), 'From <b>x</b>.py, line 3');
    assert.strictEqual(await page.locator('#app img, #app b').count(), 0);
    assert.strictEqual(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked), undefined);
  });

  it('ignores (and logs) malformed host messages', async () => {
    await open(request('torch.tensor([1., 2., 3.])'));
    const before = await text('#repr');
    for (const bad of [null, 'show', { type: 'show' }, { type: 'show', requestId: 'x', request: { literal: 1 } },
      { type: 'show', requestId: 'x', request: { ...request('[9.]'), settings: { ...settings(), variant: 'nope' } } },
      { type: 'init', strings: { title: 'only one' }, requestId: 'x', request: null }, { type: 'erase' }]) {
      await hostSend(page, bad);
    }
    await page.waitForTimeout(100);
    assert.strictEqual(await text('#repr'), before);
    assert.strictEqual(warnings.filter((w) => w.startsWith('Dropout Lens: ignored malformed message')).length, 7);
  });

  it('a new request replaces the shown one; copy, insert and copy-as-literal post to the host', async () => {
    await open(request('torch.tensor([1., 2., 3.])'));
    const origin = { fileName: 'demo.py', line: 4, uri: 'file:///demo.py', range: { startLine: 3, startCharacter: 4, endLine: 3, endCharacter: 30 } };
    await hostSend(page, { type: 'show', requestId: 'r2', request: { ...request('torch.tensor([4., 5.])', { p: 0.5, seed: '3' }, origin), settingsSource: 'nn.Dropout(p=0.5), line 2' } });
    await page.locator('#settings-source').waitFor();
    assert.strictEqual(await text('#settings-source'), 'Settings from nn.Dropout(p=0.5), line 2');
    assert.strictEqual(await text('#origin'), 'From demo.py, line 4');
    assert.strictEqual(await page.locator('#p input').inputValue(), '0.5');
    await page.locator('#copy-repr').click();
    await page.locator('#insert').click();
    await page.locator('#copy-literal').click();
    const out = runDropout(parseTensorLiteral('torch.tensor([4., 5.])').tensor, settings({ p: 0.5, seed: '3' })).output;
    const sent = (await posted(page)).filter((m) => !['ready', 'current'].includes((m as { type: string }).type));
    assert.strictEqual(sent.length, 3);
    assert.deepStrictEqual(sent[0], { type: 'copy', text: repr(out) });
    assert.strictEqual((sent[1] as { type: string }).type, 'insert');
    assert.match((sent[1] as { literal: string }).literal, /^torch\.tensor\(\[[\d., -]+\]\)$/);
    assert.deepStrictEqual(sent[2], { type: 'copy', text: (sent[1] as { literal: string }).literal });
    await hostSend(page, { type: 'notice', text: 'Copied to the clipboard.' });
    await page.locator('#status', { hasText: 'Copied' }).waitFor();
  });

  it('owns the current run: reports each change to the host, says what changed from the code, and inserts in place or below', async () => {
    const origin = { fileName: 'demo.py', line: 2, uri: 'file:///demo.py', range: { startLine: 1, startCharacter: 4, endLine: 1, endCharacter: 26 } };
    const literal = 'torch.tensor([4., 5.])';
    await open({ ...request(literal, { p: 0.5, seed: '3' }, origin), settingsSource: 'nn.Dropout(p=0.5), line 1', unseeded: true });
    const reports = async () => (await posted(page)).filter((m) => (m as { type: string }).type === 'current') as { requestId: string; literal: string | null; settings: RunSettings }[];
    const requestId = (await reports())[0].requestId;
    assert.deepStrictEqual((await reports()).at(-1), { type: 'current', requestId, literal: null, settings: settings({ p: 0.5, seed: '3' }) });
    assert.strictEqual(await page.locator('#overrides').isVisible(), false, 'nothing changed yet');
    assert.strictEqual(await text('#seed-note'), STRINGS.unseeded);
    await page.locator('#p input').fill('0.3');
    await page.locator('#seed input').fill('7');
    await page.locator('#call-next').click();
    await page.locator('#literal').fill('torch.tensor([4., 6.])');
    assert.strictEqual(await text('#overrides'), format(STRINGS.changedHere, 'p 0.5 → 0.3, seed 3 → 7, call 1 → 2'));
    assert.deepStrictEqual((await reports()).at(-1), { type: 'current', requestId, literal: 'torch.tensor([4., 6.])', settings: settings({ p: 0.3, pIsInt: false, seed: '7', call: 2 }) });
    await page.locator('#insert').click();
    await page.locator('#insert-below').click();
    const inserts = (await posted(page)).filter((m) => (m as { type: string }).type === 'insert') as { literal: string; where: string }[];
    const shown = toLiteralOf('torch.tensor([4., 6.])', { p: 0.3, seed: '7', call: 2 });
    assert.deepStrictEqual(inserts, [{ type: 'insert', literal: shown, where: 'replace' }, { type: 'insert', literal: shown, where: 'below' }]);
    assert.strictEqual(await text('#insert'), STRINGS.insert);
    assert.strictEqual(await text('#insert-below'), STRINGS.insertBelow);
    await page.locator('header').screenshot({ path: path.join(SHOTS, 'panel-overrides.png') });
  });

  it('an error a newcomer meets comes with its fix: an int64 literal, p = 20', async () => {
    await open(request('torch.tensor([[1, 2], [3, 4]])', { p: 0.5 }));
    assert.strictEqual(await text('#run-error'), "PyTorch raises: RuntimeError: result type Float can't be cast to the desired output type Long");
    assert.strictEqual(await text('#run-fix'), format(STRINGS.fixIntegerDtype, 'torch.int64'));
    await page.locator('#result').screenshot({ path: path.join(SHOTS, 'panel-int64-error.png') });
    await open(request('torch.tensor([1., 2.])', { p: 20, pIsInt: true }));
    assert.strictEqual(await text('#run-error'), 'PyTorch raises: ValueError: dropout probability has to be between 0 and 1, but got 20');
    assert.strictEqual(await text('#run-fix'), STRINGS.fixP);
    await page.locator('#p input').fill('0.2');
    assert.strictEqual(await page.locator('#run-fix').count(), 0);
  });

  it("the same request again with the editor's new build: the page's edits stay, the build and why change", async () => {
    const literal = 'torch.ones(6, 6)';
    const req = { ...request(literal, { p: 0.5, seed: '123' }), buildReason: 'no Python extension to tell the environment → default masks' };
    await open(req);
    await page.locator('#seed input').fill('7');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.5, seed: '7' }));
    const requestId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null').requestId as string);
    const followed = { ...req, settings: { ...req.settings, build: 'x86-mkl' as const }, buildReason: 'set in dropoutLens.torchBuild' };
    await hostSend(page, { type: 'show', requestId, request: followed });
    await page.locator('#build-source', { hasText: 'x86-mkl' }).waitFor();
    assert.strictEqual(await text('#build-source'), format(STRINGS.buildFrom, 'x86-mkl', 'set in dropoutLens.torchBuild'));
    assert.strictEqual(await page.locator('#seed input').inputValue(), '7', 'the seed typed in the panel stays');
    assert.strictEqual(await text('#repr'), expectedRepr(literal, { p: 0.5, seed: '7', build: 'x86-mkl' }));
    // Another request id is another request: it starts from its own settings.
    await hostSend(page, { type: 'show', requestId: `${requestId}-new`, request: req });
    await page.locator('#build-source', { hasText: 'default' }).waitFor();
    assert.strictEqual(await page.locator('#seed input').inputValue(), '123');
  });

  it('a reloaded page of the same request keeps its edits (getState/setState)', async () => {
    await open(request('torch.tensor([1., 2., 3., 4., 5.])'));
    await page.locator('#p input').fill('0.7');
    await page.locator('#seed input').fill('99');
    await page.locator('#literal').fill('torch.tensor([1., 2., 3., 4., 5.]) ');
    await page.locator('#mc-draws input').fill('250');
    await open(request('torch.tensor([1., 2., 3., 4., 5.])'), 'dark', true);
    assert.strictEqual(await page.locator('#mc-draws input').inputValue(), '250', "the Monte-Carlo's N is kept");
    await page.locator('#mc-title', { hasText: 'Monte-Carlo: 250 calls' }).waitFor();
    assert.strictEqual(await page.locator('#literal').inputValue(), 'torch.tensor([1., 2., 3., 4., 5.]) ', 'an edited literal is kept');
    assert.strictEqual(await page.locator('#p input').inputValue(), '0.7');
    assert.strictEqual(await page.locator('#seed input').inputValue(), '99');
    assert.strictEqual(await text('#repr'), expectedRepr('torch.tensor([1., 2., 3., 4., 5.])', { p: 0.7, seed: '99' }));
    // A restored panel (no request from the host) also shows its saved state.
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    await hostSend(page, init(null, 'r-restored'));
    await page.locator('#repr').waitFor();
    assert.strictEqual(await page.locator('#seed input').inputValue(), '99');
    // A new selection starts from its own request, with the same N.
    await hostSend(page, { type: 'show', requestId: 'r-next', request: request('torch.tensor([7., 8.])') });
    await page.waitForFunction(() => (document.getElementById('literal') as HTMLTextAreaElement | null)?.value === 'torch.tensor([7., 8.])');
    assert.strictEqual(await page.locator('#mc-draws input').inputValue(), '250');
  });

  it('a literal beyond the box: runs on the tensor sent as binary, saves no tensor, asks again when the host has none', async () => {
    // What the host sends for a 7.5 MB literal, smaller: the tensor as a Float32Array and the text's start.
    const shape = [300, 400];
    const values = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 250 - 2);
    const preview = 'torch.tensor([[-2.0, -1.5, -1.0, 0.5, 1.25]]) # preview';
    const large = { length: 1_500_000, digest: 'abc123' };
    const expected = repr(runDropout(makeTensor({ shape, dtype: 'float32', data: values(120_000) }), settings({ p: 0.6 })).output);
    /** Posts `init` with the tensor built in the page (a typed array, as VS Code revives it there), or without one. */
    const sendLarge = (requestId: string, withTensor: boolean) => page.evaluate(({ requestId, withTensor, shape, preview, large, strings, settings }) => {
      const data = Float32Array.from({ length: 120_000 }, (_, i) => ((i * 7919) % 1000) / 250 - 2);
      const tensor = withTensor ? { shape, dtype: 'float32', data, requiresGrad: false } : null;
      const request = { literal: preview, large: { ...large, tensor }, settings, origin: { fileName: 'big.py', line: 2 }, settingsSource: null };
      window.postMessage({ type: 'init', strings, requestId, request }, '*');
    }, { requestId, withTensor, shape, preview, large, strings: STRINGS, settings: settings() });
    const load = async () => {
      await page.goto(harness.url('dark'));
      await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    };

    await load();
    await sendLarge('r-large', true);
    await page.locator('#repr').waitFor();
    assert.strictEqual(await page.locator('#literal').inputValue(), `${preview}…`);
    assert.strictEqual(await page.locator('#literal').getAttribute('readonly'), '');
    assert.match(await text('#literal-help'), /1500000 characters/);
    const before = await text('#repr');
    await page.locator('#p input').fill('0.6');
    // Beyond 10^5 elements the re-run comes at the next frame.
    await page.waitForFunction((b) => document.getElementById('repr')?.textContent !== b, before);
    assert.strictEqual(await text('#repr'), expected, 'the run on the tensor sent, not on the preview');
    await page.screenshot({ path: path.join(SHOTS, 'panel-large.png') });
    const saved = await page.evaluate(() => sessionStorage.getItem('state') ?? '');
    assert.ok(saved.length < 10_000, `the saved state is ${saved.length} characters`);
    const state = JSON.parse(saved);
    assert.deepStrictEqual(state.request.large, { ...large, tensor: null });
    assert.strictEqual(state.settings.p, 0.6);

    // Hidden and shown again: the host sends the same request with its tensor, the edits stay.
    await load();
    await sendLarge('r-large', true);
    await page.locator('#repr').waitFor();
    assert.strictEqual(await page.locator('#p input').inputValue(), '0.6');
    assert.strictEqual(await text('#repr'), expected);

    // After a restart from a file that changed: no tensor, and the page says what to do.
    await load();
    await sendLarge('r-large', false);
    await page.locator('#literal-gone').waitFor();
    assert.strictEqual(await text('#literal-gone'), format(STRINGS.literalGone, 1_500_000));
    assert.strictEqual(await page.locator('#repr').count(), 0);
    assert.strictEqual(await page.locator('#p input').inputValue(), '0.6', 'the settings are still those saved');
    await page.screenshot({ path: path.join(SHOTS, 'panel-large-gone.png') });
  });

  it('10^6 elements: a heatmap painted in under a second, values on hover, the page stays responsive', async () => {
    const literal = 'torch.arange(1000000.).reshape(1000, 1000)';
    await page.goto(harness.url('dark'));
    await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    const started = Date.now();
    await hostSend(page, init(request(literal)));
    await page.locator('#heat-output').waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const ms = Date.now() - started;
    assert.ok(ms < 1000, `painted in ${ms} ms`);
    assert.strictEqual(await page.locator('#heat-output').getAttribute('width'), '1000');
    assert.strictEqual(await page.locator('#grid-output').count(), 0, 'no table of 10^6 cells');
    // While the Monte-Carlo runs in the worker, the page answers at once.
    const answered = Date.now();
    await page.evaluate(() => 1 + 1);
    assert.ok(Date.now() - answered < 200, 'the page is not blocked');
    const box = await page.locator('#heat-input').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.5 + 0.1, box.y + box.height * 0.25 + 0.1);
    // The cell under the pointer (events come at whole pixels, ~3 cells each) and its value r * 1000 + c.
    const tip = /^\[(\d+), (\d+)\] ([\d.e+]+), (kept|dropped)$/.exec(await text('#heat-input-tip'));
    assert.ok(tip, 'the tip names the cell, its value and its fate');
    const [r, c, value] = [Number(tip[1]), Number(tip[2]), Number(tip[3])];
    assert.ok(Math.abs(r - 250) <= 3 && Math.abs(c - 500) <= 3, `cell [${r}, ${c}]`);
    assert.ok(Math.abs(value - (r * 1000 + c)) / (r * 1000 + c) < 0.005, `value ${value} of cell [${r}, ${c}]`);
    // A click shows the numbers around the cell, in the three views at the same place.
    await page.mouse.click(box.x + box.width * 0.5 + 0.1, box.y + box.height * 0.25 + 0.1);
    assert.strictEqual(await page.locator('#zoom-grid-input td[role=gridcell]').count(), 64);
    const zoomed = await page.locator('#zoom-grid-input td[role=gridcell]').first().getAttribute('aria-label');
    const corner = /^\[(\d+), (\d+)\] ([\d.e+]+), (kept|dropped)$/.exec(zoomed ?? '');
    assert.ok(corner, zoomed ?? '');
    assert.ok(Math.abs(Number(corner[1]) - (r - 4)) <= 1 && Math.abs(Number(corner[2]) - (c - 4)) <= 1, `zoom window from [${corner[1]}, ${corner[2]}] around [${r}, ${c}]`);
    assert.strictEqual(await page.locator('#zoom-grid-output td[role=gridcell]').first().getAttribute('data-index'), await page.locator('#zoom-grid-input td[role=gridcell]').first().getAttribute('data-index'));
    assert.strictEqual(await page.locator('#zoom-grid-mask td.dropped').count(), await page.locator('#zoom-grid-output td.dropped').count());
    await page.screenshot({ path: path.join(SHOTS, 'panel-1e6.png'), fullPage: true });
    // The keyboard reaches every cell too: focus starts at [0, 0], arrows move, Enter zooms.
    await page.locator('#heat-output').focus();
    assert.match(await text('#heat-output-tip'), /^\[0, 0\] 0\., (kept|dropped)$/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    assert.match(await text('#heat-output-tip'), /^\[1, 1\] (0\.|1251\.), (kept|dropped)$/);
    await page.keyboard.press('Enter');
    assert.match((await page.locator('#zoom-grid-output td[role=gridcell]').first().getAttribute('aria-label')) ?? '', /^\[0, 0\] /);
    // Slider events faster than the re-run are folded into one run per frame.
    const folded = await page.evaluate(async () => {
      const range = document.getElementById('p-range') as HTMLInputElement;
      const t0 = performance.now();
      for (const v of ['0.3', '0.35', '0.4', '0.45', '0.5']) {
        range.value = v;
        range.dispatchEvent(new Event('input'));
      }
      const dispatched = performance.now() - t0;
      while (!(document.getElementById('p') as HTMLInputElement).value.startsWith('0.5') || !document.getElementById('repr')) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return dispatched;
    });
    assert.ok(folded < 50, `five slider events handled in ${folded.toFixed(0)} ms, without a re-run each`);
    assert.match(await text('#view-output-note'), /× 2$/);
    // All 1,000 calls of 10^6 elements, reported as they go; the page handles input meanwhile.
    await page.locator('#mc[data-state=running] #mc-progress').waitFor({ timeout: 30000 });
    assert.strictEqual(await page.locator('#mc-progress').getAttribute('max'), '1000');
    assert.strictEqual(await text('#mc-title'), 'Monte-Carlo: 1000 calls after torch.manual_seed(0)');
    const doneBefore = Number(await page.locator('#mc').getAttribute('data-done'));
    await page.locator('#call input').fill('5');
    // At this size a change re-runs at the next frame.
    await page.locator('#call-help', { hasText: 'Draw 5 after torch.manual_seed(0)' }).waitFor();
    await page.waitForFunction((n) => Number(document.getElementById('mc')?.dataset.done) > n && document.getElementById('mc')?.dataset.state === 'running', doneBefore, { timeout: 30000 });
    await page.locator('#mc-draws input').fill('8');
    await mcDone('Monte-Carlo: 8 calls after torch.manual_seed(0)');
    assert.strictEqual(await page.locator('#mc-histogram rect.bar').evaluateAll((b) => b.reduce((a, e) => a + Number(e.getAttribute('data-calls')), 0)), 8);
    assert.match(await text('#repr'), /^tensor\(\[\[.*\.\.\./s);
  });

  it('Japanese: the strings the host sends under a Japanese display language (screenshot)', async () => {
    const ja = Object.fromEntries(Object.entries(STRINGS).map(([key, english]) => [key, (bundleJa as Record<string, string>)[english] ?? english]));
    await page.goto(harness.url('light'));
    await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 10000 });
    await hostSend(page, { ...init(request('torch.arange(24.).reshape(2, 3, 4)', { variant: 'dropout1d', p: 0.5, seed: '5' }, { fileName: 'demo.py', line: 3 })), strings: ja });
    await page.locator('#mc-title').waitFor();
    assert.strictEqual(await text('#origin'), 'demo.py の 3 行目から');
    assert.match(await text('#kept-count'), /^保持: 6 個のチャネルのうち \d 個/);
    assert.strictEqual(await text('vscode-label[for=mc-draws]'), 'シミュレーションする呼び出し回数（N）');
    assert.strictEqual(await text('#mc-stop'), '停止');
    await page.locator('#compare-builds').click();
    assert.strictEqual(await text('#compare-legend'), ja.compareLegend);
    assert.notStrictEqual(ja.compareLegend, STRINGS.compareLegend, 'the legend is translated');
    await page.screenshot({ path: path.join(SHOTS, 'panel-ja.png'), fullPage: true });
  });

  it('draws a heatmap again in the new colours when VS Code changes the theme of the live page', async () => {
    await open(request('torch.arange(1600.).reshape(40, 40)', { p: 0 }), 'dark');
    /** The top-left cell (value 0: no tint, the editor background) and the theme's background. */
    const colours = () => page.evaluate(() => {
      const canvas = document.getElementById('heat-input') as HTMLCanvasElement;
      const probe = document.createElement('span');
      probe.style.color = 'var(--vscode-editor-background)';
      document.body.append(probe);
      const background = getComputedStyle(probe).color;
      probe.remove();
      return { cell: Array.from(canvas.getContext('2d')?.getImageData(0, 0, 1, 1).data ?? []).slice(0, 3).join(', '), background };
    });
    const dark = await colours();
    assert.strictEqual(`rgb(${dark.cell})`, dark.background);
    // What VS Code does on a theme change: new --vscode-* values and a new body class.
    await page.evaluate((css) => {
      const style = document.head.querySelector('style');
      if (style) style.textContent = css;
      document.body.className = 'vscode-light';
    }, THEMES.light);
    await page.waitForFunction((before) => {
      const canvas = document.getElementById('heat-input') as HTMLCanvasElement | null;
      return canvas !== null && Array.from(canvas.getContext('2d')?.getImageData(0, 0, 1, 1).data ?? []).slice(0, 3).join(', ') !== before;
    }, dark.cell, { timeout: 5000 });
    const light = await colours();
    assert.notStrictEqual(light.background, dark.background);
    assert.strictEqual(`rgb(${light.cell})`, light.background);
  });

  for (const theme of Object.keys(THEMES)) {
    it(`looks right in the ${theme} theme (screenshot)`, async () => {
      await open(request('torch.tensor([[1., -2., 3.], [-4., 5., 6.]])', { p: 0.5, seed: '1' }, { fileName: 'demo.py', line: 7 }), theme);
      await page.locator('#mc-title').waitFor();
      const colours = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        hatch: getComputedStyle(document.querySelector('#grid-output td.dropped') as Element).backgroundImage,
      }));
      assert.notStrictEqual(colours.body, colours.text);
      assert.match(colours.hatch, /repeating-linear-gradient/, 'dropped cells are hatched');
      await page.screenshot({ path: path.join(SHOTS, `panel-${theme}.png`), fullPage: true });
    });
  }
});
