// UI end-to-end for the panel in the workbench's own themes (code-server, packaged .vsix): the
// user setting workbench.colorTheme changed for real from "Preferences: Color Theme", the panel
// opened on a selected literal, and inside its webview the page, the @vscode-elements controls,
// the dropped cells, the number contrast, the histogram and the focus ring checked against the
// --vscode-* values VS Code injects for that theme. The theme is put back afterwards.
// Screenshots: DROPOUT_LENS_SHOTS/themes-*.png (themes-dark and themes-hc are the README's).
import * as assert from 'assert';
import { TEST_TIMEOUT_MS, Workbench } from './driver';

const FILE = 'mlp_dropout.py';
const PICKER = 'Preferences: Color Theme';
const SETTINGS = 'Preferences: Open User Settings (JSON)';

interface Theme {
  /** The row in the Color Theme picker. */
  readonly label: string;
  /** The value the picker writes to workbench.colorTheme, which the webview reports as its theme id. */
  readonly setting: string;
  /** The class the workbench and the webview take for the theme's kind. */
  readonly workbench: string;
  readonly webview: string;
  readonly shot: string;
}

// VS Code 1.139 names "Default Dark Modern" "Dark Modern"; the high-contrast ids kept their names.
const THEMES: readonly Theme[] = [
  { label: 'Dark Modern', setting: 'Dark Modern', workbench: 'vs-dark', webview: 'vscode-dark', shot: 'dark' },
  { label: 'Dark High Contrast', setting: 'Default High Contrast', workbench: 'hc-black', webview: 'vscode-high-contrast', shot: 'hc' },
  { label: 'Light High Contrast', setting: 'Default High Contrast Light', workbench: 'hc-light', webview: 'vscode-high-contrast-light', shot: 'hc-light' },
];

/** What the page measures of itself; computed in the webview (see `measure`). */
interface Measures {
  readonly themeId: string;
  readonly themeKind: string;
  /** [what, computed colour, the theme variable's colour, the variable] for each colour that must follow the theme. */
  readonly follows: [string, string, string, string][];
  /** var() chains of the page's and the components' styles that end in a hard-coded colour (or none) with every variable undefined. */
  readonly hardCoded: string[];
  readonly dropped: { hatched: number; crossed: number; stripeContrast: number; crossContrast: number; count: number };
  /** The lowest text contrast over the cells of the three grids, and where. */
  readonly cellContrast: { ratio: number; cell: string };
  readonly chart: { barContrast: number; expectedContrast: number };
}

/** Runs in the webview: reads computed styles, resolves the theme's variables, computes WCAG contrast ratios. */
async function measure(): Promise<Measures> {
  type Rgba = [number, number, number, number];
  const probe = document.createElement('div');
  probe.hidden = true;
  document.body.append(probe);
  /** A computed colour (rgb(), rgba(), or color(srgb ...) from color-mix) as 0..255 channels and alpha. */
  const parse = (text: string): Rgba => {
    const srgb = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)/.exec(text);
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
    const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(text);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    return [0, 0, 0, 0];
  };
  const over = (top: Rgba, under: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
  };
  const luminance = (c: Rgba): number => {
    const lin = (v: number): number => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  };
  const contrast = (a: Rgba, b: Rgba): number => {
    const [x, y] = [luminance(a), luminance(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  /** The computed value of `property` when it is set to the variable: the colour the theme means. */
  const resolve = (variable: string, property: string): string => {
    probe.style.setProperty(property, `var(${variable})`);
    return getComputedStyle(probe).getPropertyValue(property);
  };
  const root = getComputedStyle(document.documentElement);
  const defined = (variable: string): boolean => root.getPropertyValue(variable).trim() !== '';
  const shadow = (host: string, part: string): Element => {
    const element = document.querySelector(host)?.shadowRoot?.querySelector(part);
    if (!element) throw new Error(`${host} ${part} is missing`);
    return element;
  };
  const follows: Measures['follows'] = [];
  const follow = (what: string, element: Element, property: string, variable: string): void => {
    follows.push([what, getComputedStyle(element).getPropertyValue(property), resolve(variable, property), variable]);
  };
  // The resting look: the last control used keeps no focus ring.
  (document.activeElement as HTMLElement | null)?.blur();
  const body = document.body;
  follow('page background', body, 'background-color', '--vscode-editor-background');
  follow('page text', body, 'color', '--vscode-foreground');
  follow('primary button (Insert) background', shadow('#insert', '.base'), 'background-color', '--vscode-button-background');
  follow('primary button (Insert) text', shadow('#insert', '.base'), 'color', '--vscode-button-foreground');
  follow('secondary button (New seed) background', shadow('#new-seed', '.base'), 'background-color', '--vscode-button-secondaryBackground');
  follow('secondary button (New seed) text', shadow('#new-seed', '.base'), 'color', '--vscode-button-secondaryForeground');
  follow('text field (seed) background', shadow('#seed', 'input'), 'background-color', '--vscode-settings-textInputBackground');
  follow('text field (seed) text', shadow('#seed', 'input'), 'color', '--vscode-settings-textInputForeground');
  follow('text field (seed) border', shadow('#seed', '.root'), 'border-top-color', '--vscode-settings-textInputBorder');
  follow('literal box background', document.getElementById('literal') as Element, 'background-color', '--vscode-settings-textInputBackground');
  follow('literal box border', document.getElementById('literal') as Element, 'border-top-color', '--vscode-settings-textInputBorder');
  follow('dropdown (variant) background', shadow('#variant', '.select-face'), 'background-color', '--vscode-settings-dropdownBackground');

  // Every colour the styles ask of the theme must come from it: a chain of var()s whose variables
  // the theme leaves out ends in the component's own default, a dark-theme colour.
  const sheets: string[] = [];
  const seen = new Set<CSSStyleSheet>();
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const sheet of element.shadowRoot?.adoptedStyleSheets ?? []) {
      if (seen.has(sheet)) continue;
      seen.add(sheet);
      sheets.push(Array.from(sheet.cssRules, (rule: CSSRule) => rule.cssText).join('\n'));
    }
  }
  // panel.css comes from another origin (the webview's resource host): its rules are not readable, its text is.
  sheets.push(await (await fetch((document.querySelector('link[rel=stylesheet]') as HTMLLinkElement).href)).text());
  const hardCoded = new Set<string>();
  for (const text of sheets) {
    const start = /var\(\s*--vscode-/g;
    for (let m = start.exec(text); m; m = start.exec(text)) {
      const names: string[] = [];
      let at = m.index;
      let fallback = '';
      for (;;) {
        const link = /^var\(\s*(--[\w-]+)\s*(,\s*)?/.exec(text.slice(at));
        if (!link) {
          const rest = /^[^)]*\)?/.exec(text.slice(at))?.[0] ?? '';
          fallback = (rest.includes('(') ? rest : rest.replace(/\)$/, '')).trim();
          break;
        }
        names.push(link[1]);
        at += link[0].length;
        if (!link[2]) break;
      }
      start.lastIndex = at;
      const colour = fallback === '' || /^(#|rgb|hsl|color\()/.test(fallback);
      if (names.some((n) => n.startsWith('--vscode-')) && colour && !names.some(defined)) hardCoded.add(`${names.join(' > ')} -> ${fallback || '(nothing)'}`);
    }
  }

  const background = parse(getComputedStyle(body).backgroundColor);
  const droppedCells = Array.from(document.querySelectorAll('.grid td.dropped'));
  let stripeContrast = Infinity;
  let crossContrast = Infinity;
  let hatched = 0;
  let crossed = 0;
  const stripeOf = (cell: Element): Rgba | null => {
    const image = getComputedStyle(cell).backgroundImage;
    return image.startsWith('repeating-linear-gradient') ? parse(image.slice(image.indexOf(',') + 1)) : null;
  };
  for (const cell of droppedCells) {
    const stripe = stripeOf(cell);
    if (stripe) {
      hatched++;
      stripeContrast = Math.min(stripeContrast, contrast(over(stripe, background), background));
    }
    const cross = getComputedStyle(cell, '::after');
    if (cross.content === '"×"') {
      crossed++;
      crossContrast = Math.min(crossContrast, contrast(over(parse(cross.color), background), background));
    }
  }

  // The numbers over their cell: its tint over the page, and for a dropped cell also the hatch's stripes over that.
  let cellContrast = { ratio: Infinity, cell: '' };
  for (const cell of Array.from(document.querySelectorAll('.grid td[role=gridcell]'))) {
    const style = getComputedStyle(cell);
    const tint = over(parse(style.backgroundColor), background);
    const stripe = stripeOf(cell);
    for (const under of stripe ? [tint, over(stripe, tint)] : [tint]) {
      const ratio = contrast(over(parse(style.color), under), under);
      if (ratio < cellContrast.ratio) cellContrast = { ratio, cell: `${cell.closest('table')?.id} ${cell.getAttribute('aria-label')}` };
    }
  }

  const stroke = (selector: string): Rgba => parse(getComputedStyle(document.querySelector(selector) as Element).stroke);
  const chart = {
    barContrast: contrast(over(stroke('#mc-histogram .bar'), background), background),
    expectedContrast: contrast(over(stroke('#mc-histogram .expected'), background), background),
  };
  probe.remove();
  return {
    themeId: body.dataset.vscodeThemeId ?? '', themeKind: body.dataset.vscodeThemeKind ?? '', follows, hardCoded: [...hardCoded],
    dropped: { hatched, crossed, stripeContrast, crossContrast, count: droppedCells.length }, cellContrast, chart,
  };
}

describe('Dropout Lens panel in the dark and high-contrast themes (code-server)', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let wb: Workbench;
  /** The picker's row of the theme in use before the tests and its kind's class, put back afterwards. */
  let original = '';
  let originalClass = '';

  /** Picks `label` in Preferences: Color Theme (which writes workbench.colorTheme); returns the theme it replaced. */
  async function pickTheme(label: string, workbenchClass: string): Promise<string> {
    await wb.openPalette(PICKER);
    const rows = wb.page.locator('.quick-input-list .monaco-list-row .label-name');
    // The palette ranks "Browse Color Themes in Marketplace" first: click the command itself.
    await rows.getByText(PICKER, { exact: true }).click();
    // The theme picker lists every theme, with the one in use focused.
    await rows.getByText('Dark Modern', { exact: true }).waitFor();
    const replaced = (await wb.page.locator('.quick-input-list .monaco-list-row.focused .label-name').textContent()) ?? '';
    // fill() types into the picker's own field, never into the editor behind it.
    await wb.quickInput().fill(label);
    await rows.getByText(label, { exact: true }).click();
    await wb.quickInput().waitFor({ state: 'hidden' });
    await wb.page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
    return replaced;
  }

  /** The README's panel view: the example's literal, p = 0.5, seed 3. */
  async function openPanel(): Promise<void> {
    await wb.line('t = torch.tensor(').click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    await wb.runCommand('Dropout Lens: Apply Dropout to Selection');
    await wb.panel().locator('#grid-input').waitFor();
    await wb.panel().locator('#p input').fill('0.5');
    await wb.panel().locator('#seed input').fill('3');
    await wb.panel().locator('#repr', { hasText: '7.0000' }).waitFor();
    await wb.panel().locator('#mc-histogram .expected').first().waitFor({ state: 'attached' });
  }

  async function check(theme: Pick<Theme, 'setting' | 'webview' | 'shot'> | null): Promise<void> {
    await openPanel();
    await wb.shot(theme?.shot ?? 'default');
    // The largest magnitudes of both signs, kept and dropped (seed 3 drops elements 2, 4 and 5):
    // the deepest tints, where the numbers are hardest to read.
    await wb.panel().locator('#literal').fill('[3.5, -3.5, 2.0, -3.5, 3.5, -3.5]');
    await wb.panel().locator('#repr', { hasText: '-7., ' }).waitFor();
    await wb.panel().locator('#mc-histogram .expected').first().waitFor({ state: 'attached' });
    const m = await wb.panel().locator('body').evaluate(measure);
    await wb.panel().locator('#mc-histogram').scrollIntoViewIfNeeded();
    await wb.shot(`${theme?.shot ?? 'default'}-stats`);
    if (theme) {
      assert.strictEqual(m.themeId, theme.setting, 'the webview has the theme of the setting');
      assert.strictEqual(m.themeKind, theme.webview);
    }
    for (const [what, actual, themeColour, variable] of m.follows) assert.strictEqual(actual, themeColour, `${what} is ${variable}`);
    assert.deepStrictEqual(m.hardCoded, [], 'no colour falls back to a hard-coded default');
    assert.strictEqual(m.dropped.count, 9, 'three dropped elements in each of the three grids');
    assert.strictEqual(m.dropped.hatched, m.dropped.count, 'every dropped cell is hatched');
    assert.strictEqual(m.dropped.crossed, m.dropped.count, 'every dropped cell has its ×');
    assert.ok(m.dropped.stripeContrast >= 1.3, `the hatch shows on the page (stripes ${m.dropped.stripeContrast.toFixed(2)}:1)`);
    assert.ok(m.dropped.crossContrast >= 3, `the × reads as a mark (${m.dropped.crossContrast.toFixed(2)}:1)`);
    assert.ok(m.cellContrast.ratio >= 4.5, `every number has WCAG AA contrast over its tint and hatch (lowest ${m.cellContrast.ratio.toFixed(2)}:1, ${m.cellContrast.cell})`);
    assert.ok(m.chart.barContrast >= 3, `the histogram's bars stand out (${m.chart.barContrast.toFixed(2)}:1)`);
    assert.ok(m.chart.expectedContrast >= 3, `the histogram's expected marks stand out (${m.chart.expectedContrast.toFixed(2)}:1)`);

    // Keyboard focus: Tab from the seed field to New seed, and an arrow key between grid cells.
    await wb.panel().locator('#seed input').click();
    await wb.page.keyboard.press('Tab');
    const button = await wb.panel().locator('#new-seed').evaluate((host) => {
      const base = host.shadowRoot?.querySelector('.base') as Element;
      const probe = document.createElement('div');
      probe.style.color = 'var(--vscode-focusBorder)';
      document.body.append(probe);
      const focusBorder = getComputedStyle(probe).color;
      probe.remove();
      const style = getComputedStyle(base);
      return { focused: document.activeElement === host, style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor, focusBorder };
    });
    assert.ok(button.focused, 'Tab moves from the seed to New seed');
    assert.deepStrictEqual([button.style, button.width >= 1, button.colour], ['solid', true, button.focusBorder], 'the focused button has a focusBorder outline');
    await wb.panel().locator('#grid-output td[tabindex="0"]').focus();
    await wb.page.keyboard.press('ArrowRight');
    const cell = await wb.panel().locator('#grid-output td:focus').evaluate((td) => {
      const style = getComputedStyle(td);
      return { index: td.getAttribute('data-index'), visible: td.matches(':focus-visible'), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    assert.deepStrictEqual(cell, { index: '1', visible: true, style: 'solid', width: 2 }, 'the focused cell has a 2px outline');
    await wb.shot(`${theme?.shot ?? 'default'}-focus`);
    await wb.closePanel();
  }

  before(async () => {
    wb = await Workbench.onFile('themes-', FILE, 't = torch.tensor(');
    const classes = (await wb.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    originalClass = classes.split(/\s+/).find((c) => ['vs', 'vs-dark', 'hc-black', 'hc-light'].includes(c)) ?? '';
  });

  afterEach(async function () {
    await wb.shotIfFailed(this.currentTest);
  });

  after(async () => {
    // The next suites expect the theme they started with and no panel.
    await wb?.closePanel().catch(() => undefined);
    try {
      if (original) {
        await pickTheme(original, originalClass);
        // The picker writes the setting after it closes: settings.json, as the editor reads it from
        // disk, names none of the themes tried (or the original one) once it is back.
        await wb.openPalette(SETTINGS);
        await wb.page.locator('.quick-input-list .monaco-list-row .label-name').getByText(SETTINGS, { exact: true }).click();
        // 1.139 opens it over the workbench, not in the editor group.
        const line = (text: string) => wb.page.locator('.monaco-editor .view-line', { hasText: text }).first();
        await line('"workbench.startupEditor"').waitFor();
        for (const theme of THEMES) {
          if (theme.label !== original) await line(`"workbench.colorTheme": "${theme.setting}"`).waitFor({ state: 'detached' });
        }
        await wb.page.keyboard.press('Escape');
        await line('"workbench.startupEditor"').waitFor({ state: 'detached' });
      }
    } finally {
      await wb?.close();
    }
  });

  it('follows the default (light) theme', async () => {
    await check(null);
  });

  for (const theme of THEMES) {
    it(`follows ${theme.label} once workbench.colorTheme is "${theme.setting}"`, async () => {
      const replaced = await pickTheme(theme.label, theme.workbench);
      original ||= replaced;
      await check(theme);
    });
  }
});
