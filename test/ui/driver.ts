// What every UI suite does to the real workbench (code-server or VS Code for the Web) in
// headless Chromium: open it, find editor lines and words on screen, run commands from the
// palette, read the panel's webview and take screenshots. One place, so a workbench quirk is
// handled once for every suite.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/env';

/** A variable the suite's runner sets; without it the suite was started by hand. */
export function requiredEnv(name: string, runner = 'npm run test:ui'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through "${runner}"`);
  return value;
}

/**
 * How long one awaited state (a row listed, the panel painted, the window back after a reload)
 * may take before a suite calls it a hang. The suites wait for states, never for fixed times, so
 * this ceiling only bounds a hang; it is set for a loaded machine of CI's size (2 cores) and says
 * nothing about speed, which `npm run bench:panel` measures.
 */
export const STATE_TIMEOUT_MS = 180_000;
/** A test's ceiling: one test waits for several states in a row. */
export const TEST_TIMEOUT_MS = 5 * STATE_TIMEOUT_MS;

/** For retry loops: call the returned check on each round; it fails once STATE_TIMEOUT_MS has passed. */
export function stateDeadline(what: string): () => void {
  const end = Date.now() + STATE_TIMEOUT_MS;
  return () => assert.ok(Date.now() < end, `${what} (waited ${STATE_TIMEOUT_MS / 1000} s)`);
}

export class Workbench {
  readonly pageErrors: string[] = [];

  private constructor(
    private readonly browser: Awaited<ReturnType<typeof launchChromium>>,
    private readonly shots: string,
    private readonly prefix: string,
  ) {
    browser.page.on('pageerror', (e) => this.pageErrors.push(String(e)));
    // Every wait and action without its own timeout waits for its state up to the hang ceiling.
    browser.page.setDefaultTimeout(STATE_TIMEOUT_MS);
  }

  /** A fresh Chromium; screenshots go to `shots` as `<prefix><name>.png`. */
  static async launch(shots: string, prefix: string): Promise<Workbench> {
    fs.mkdirSync(shots, { recursive: true });
    return new Workbench(await launchChromium(), shots, prefix);
  }

  /**
   * A workbench on the UI suite's code-server workspace (DROPOUT_LENS_URL, DROPOUT_LENS_WORKSPACE)
   * with `file` open, once its line holding `lineText` is shown.
   */
  static async onFile(prefix: string, file: string, lineText: string): Promise<Workbench> {
    const wb = await Workbench.launch(requiredEnv('DROPOUT_LENS_SHOTS'), prefix);
    await wb.open(`${requiredEnv('DROPOUT_LENS_URL')}/?folder=${encodeURIComponent(requiredEnv('DROPOUT_LENS_WORKSPACE'))}`);
    await wb.quickOpen(file);
    await wb.line(lineText).waitFor();
    return wb;
  }

  get page(): Page {
    return this.browser.page;
  }

  /** Loads the workbench at `url` and waits for the Explorer to list the workspace. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  }

  shot(name: string): Promise<Buffer> {
    return this.page.screenshot({ path: path.join(this.shots, `${this.prefix}${name}.png`) });
  }

  /** For `afterEach`: a picture of the screen when the test failed. */
  async shotIfFailed(test: Mocha.Test | undefined): Promise<void> {
    if (test?.state === 'failed') await this.shot(`failed-${test.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.browser.close();
    if (this.pageErrors.length) console.log(`page errors: ${this.pageErrors.slice(0, 5).join('\n')}`);
  }

  editor(): Locator {
    return this.page.locator('.editor-instance .monaco-editor').first();
  }

  /** The rendered editor line holding `text`. */
  line(text: string): Locator {
    return this.editor().locator('.view-line', { hasText: text }).first();
  }

  /**
   * A rendered line's text with its decorations' text: VS Code draws an `after` decoration as the
   * CSS content of an ::after (not in innerText). No-break spaces (the editor's spaces) as spaces.
   */
  static decoratedText(line: Locator): Promise<string> {
    return line.evaluate((el) => Array.from(el.querySelectorAll('span > span'), (span) => {
      const after = getComputedStyle(span, '::after').content;
      return span.textContent + (after.startsWith('"') ? after.slice(1, -1) : '');
    }).join('').replace(/\u00a0/g, ' '));
  }

  /** The panel's page: the webview sits two iframes deep, iframe.webview > iframe#active-frame. */
  panel(): FrameLocator {
    return this.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  }

  /** The quick input's text field (VS Code 1.91's also holds a checkbox input: the field is input.input). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget input.input').first();
  }

  /** Opens the command palette and types `text`. */
  async openPalette(text: string): Promise<void> {
    // A workbench still restoring, or an editor that just opened, may take the focus back, which
    // closes the palette: ask again.
    const check = stateDeadline('the command palette opens');
    while (!(await this.quickInput().isVisible())) {
      check();
      await this.page.keyboard.press('F1');
      await this.quickInput().waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
    }
    await this.page.keyboard.type(text);
  }

  /** Runs the command titled `title` from the palette. */
  async runCommand(title: string): Promise<void> {
    await this.openPalette(title);
    // Enter before the row is listed picks nothing.
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open. */
  async quickOpen(file: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInput().waitFor({ state: 'visible' });
    await this.page.keyboard.type(file);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Developer: Reload Window, and the workbench back with its Explorer. */
  async reloadWindow(): Promise<void> {
    await this.openPalette('Developer: Reload Window');
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor();
    await Promise.all([this.page.waitForEvent('load'), this.page.keyboard.press('Enter')]);
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  }

  /** Closes the panel's tab, so the next steps have the editor at full width. */
  async closePanel(): Promise<void> {
    await this.page.locator('.tab', { hasText: 'Dropout Lens' }).first().click({ button: 'middle' });
    // The panel's webview: another (the walkthrough's media) may stay open.
    await this.page.locator('iframe.webview[src*="extensionId=dropout-lens.dropout-lens"]').waitFor({ state: 'detached' });
  }

  /** Screen box of `word` inside the rendered line holding `lineText` (token spans vary by theme). */
  async wordBox(lineText: string, word: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.line(lineText).evaluate((element, w) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      // Text nodes split words across token spans: search the line's whole text, then map back.
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      let at = nodes.map((n) => n.data).join('').indexOf(w);
      if (at < 0) return null;
      const range = document.createRange();
      for (const n of nodes) {
        if (at < n.data.length) {
          range.setStart(n, at);
          range.setEnd(n, Math.min(n.data.length, at + w.length));
          const { x, y, width, height } = range.getBoundingClientRect();
          return { x, y, width, height };
        }
        at -= n.data.length;
      }
      return null;
    }, word);
    assert.ok(box, `"${word}" is on screen in the line "${lineText}"`);
    return box;
  }

  /** Rests the mouse on `word` of the line holding `lineText`, as a user pointing at it. */
  async hoverWord(lineText: string, word: string): Promise<void> {
    const box = await this.wordBox(lineText, word);
    await this.page.mouse.move(box.x + 2, box.y + box.height / 2);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
}
