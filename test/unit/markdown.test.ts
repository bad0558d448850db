import * as assert from 'assert';
import { explainAt, hoverMarkdown, type Translator } from '../../src/analysis/explain';
import { commandLink, escapeText, inlineCode } from '../../src/analysis/markdown';
import { render } from '../../scripts/fuzz/markdownOracle';

// Document text in the hover's Markdown, read back by a CommonMark parser (markdown-it): it
// stays text, whatever it holds.

const en: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };
const APPLY = 'dropoutLens.applyToSelection';
const INJECTION = '``a``[Try it](command:dropoutLens.applyToSelection?%5B%7B%22call%22%3A1e15%7D%5D)``';
// What the double-backtick span of 0.1.0 let out: a live link and a remote image.
const BREAKOUT = 'a``[Try it](command:dropoutLens.applyToSelection?%5B%7B%22call%22%3A1e15%7D%5D)``b ![i](https://e.com/x.png)';

describe('markdown: document text in the hover', () => {
  for (const text of [
    'self.p', 'a`b', 'a``b', '```', '`a', 'a`', ' ` ', '', INJECTION, '``` ``[x](command:y)`` `', BREAKOUT,
    '<img src=x onerror=alert(1)>', '![i](https://example.com/i.png)', '[a](command:workbench.action.reloadWindow)',
    'https://example.com', 'www.example.com', 'a\n\n# Title\n\n<div>x</div>', 'a\r\n\r\nb\u2028c', 'x\u0000y', '**b** _i_ \\`',
  ]) {
    it(`keeps ${JSON.stringify(text)} one code span of its own text`, () => {
      const out = render(`p is ${inlineCode(text)}, done`);
      assert.deepStrictEqual([out.links, out.images, out.html, out.blocks], [[], 0, [], ['p']]);
      const expected = text.replaceAll('\u0000', ' ').replace(/\s+/g, ' ').trim();
      assert.deepStrictEqual(out.code, [expected === '' ? ' ' : expected]);
    });
  }

  it('escapes every ASCII punctuation character of plain text', () => {
    assert.strictEqual(escapeText('[a](b) <c> `d`'), '\\[a\\]\\(b\\) \\<c\\> \\`d\\`');
    assert.deepStrictEqual(render(escapeText('![x](https://e.com/i.png) <b>x</b> [y](command:z)')).links, []);
  });

  it('builds one command link whatever its arguments hold', () => {
    const out = render(commandLink('▶ [Try] it', APPLY, { literal: 'f(a)) ](command:x) <b>\n\n' }));
    assert.strictEqual(out.links.length, 1);
    const [, query] = out.links[0].split('?');
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(query)), [{ literal: 'f(a)) ](command:x) <b>\n\n' }]);
  });

  for (const p of [INJECTION, BREAKOUT]) {
    it(`a p written to break out of the code span stays text: the hover has our link only (${p.slice(0, 12)}…)`, () => {
      const src = `drop = nn.Dropout(p=${p})`;
      const e = explainAt(src, src.indexOf('Dropout'), en, 0.5);
      assert.ok(e);
      const out = render(hoverMarkdown(e, '▶ Try it in the Dropout Lens panel', APPLY, { p: 0.5 }));
      assert.strictEqual(out.links.length, 1, out.links.join('\n'));
      assert.ok(out.links[0].startsWith(`command:${APPLY}?`));
      assert.deepStrictEqual([out.images, out.html], [0, []]);
      assert.ok(out.code.includes(p), out.code.join('\n'));
    });
  }
});
