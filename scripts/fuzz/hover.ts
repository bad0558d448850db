/**
 * Prng document text through the hover's Markdown: backtick runs, brackets, HTML, `command:`
 * links, images, autolinks, line breaks and Unicode, as a dropout call's arguments (through
 * explainAt and hoverMarkdown, what the hover provider shows) and straight into inlineCode. The
 * Markdown is read back with markdown-it (CommonMark, raw HTML and bare URLs on): it must hold
 * our one command link and no other link, no image, no HTML, only paragraphs, and each piece of
 * document text must come back as code, verbatim.
 */
import { explainAt, hoverMarkdown, type Translator } from '../../src/analysis/explain';
import { inlineCode } from '../../src/analysis/markdown';
import bundle from '../../l10n/bundle.l10n.ja.json';
import { render } from './markdownOracle';
import type { Prng } from './prng';
import { OK, runFuzz, show, type Verdict } from './support';
import type { Fuzzer } from './types';

const en: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };
const APPLY = 'dropoutLens.applyToSelection';

const PIECES = [
  '`', '``', '```', '````', ' ', '\t', '\n', '\r\n', '\n\n', '\u2028', '\u0085', '\u0000', '\\', '[', ']', '(', ')', '!', '<', '>', '&', '*', '_', '~',
  '#', '|', ':', '"', "'", '=', '-', '+', '.', '$(', 'x', '0.5', 'self.p', 'command:dropoutLens.applyToSelection?%5B%7B%7D%5D',
  '[Try it](command:dropoutLens.applyToSelection?%5B%7B%22call%22%3A1e15%7D%5D)', '![i](https://example.com/i.png)', '<img src=x onerror=alert(1)>',
  '<a href="command:x">', '</a>', '<!--', '-->', '<script>', 'https://example.com', 'www.example.com', 'a@b.co', '<https://e.com>', '&#96;', '&lt;',
  '[x]: https://e.com', '\n# H\n', '\n> q\n', '\n- l\n', '\n    code\n', '日本語', '😀', '\u202e', '\ufeff', '$(alert)',
];

function hostile(r: Prng): string {
  const parts: string[] = [];
  for (let n = 1 + r.int(12); n > 0; n--) parts.push(r.chance(0.1) ? String.fromCodePoint(r.int(0x2ffff)) : r.pick(PIECES));
  return parts.join('');
}

/** Python around the hostile text, and where to hover: the callee explains every argument. */
function program(r: Prng, a: string, b: string): { text: string; at: number } {
  const text = r.pick([
    `drop = nn.Dropout(p=${a})`,
    `y = F.dropout(${b}, p=${a}, training=${b})`,
    `nn.Dropout2d(${a}, inplace=${b})`,
    `x = F.alpha_dropout(${b}, ${a}, ${b}, inplace=${a})`,
    `drop = nn.Dropout(p=${a})\nout = drop(${b})`,
  ]);
  const callee = /Dropout2d|Dropout|alpha_dropout|dropout/.exec(text);
  return { text, at: (callee?.index ?? 0) + (r.chance(0.8) ? 1 : r.int(text.length)) };
}

/** The code our own messages hold (`model.eval()`, `ValueError: … got {0}`): from the English keys of the translation bundle. */
const OUR_CODE = Object.keys(bundle).flatMap((message) =>
  [...message.matchAll(/`([^`]+)`/g)].map((m) => new RegExp(`^${m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\d+\\\}/g, '.*')}$`)),
);
const ours = (code: string): boolean => OUR_CODE.some((re) => re.test(code));

const collapse = (s: string): string => s.replaceAll('\u0000', ' ').replaceAll('\u0085', ' ').replace(/\s+/g, ' ').trim();

function checkHover(text: string, at: number): Verdict {
  const explanation = explainAt(text, at, en, 0.5);
  if (!explanation) return OK;
  const args = { ...explanation.tryIt, settingsSource: text.slice(0, 120) };
  const out = render(hoverMarkdown(explanation, '▶ Try it in the Dropout Lens panel', APPLY, args));
  if (out.links.length !== 1 || !out.links[0].startsWith(`command:${APPLY}?`)) return { ok: false, kind: 'wrongAccept', what: `links ${show(out.links)}` };
  if (out.images || out.html.length) return { ok: false, kind: 'wrongAccept', what: `${out.images} images, html ${show(out.html)}` };
  if (out.blocks.some((b) => b !== 'p')) return { ok: false, kind: 'wrongAccept', what: `blocks ${show(out.blocks)}` };
  const sent = JSON.parse(decodeURIComponent(out.links[0].slice(`command:${APPLY}?`.length))) as unknown[];
  if (JSON.stringify(sent) !== JSON.stringify([args])) return { ok: false, kind: 'wrongAccept', what: 'the link carries other arguments than ours' };
  // Every code span is document text (the callee or an argument), never a piece of ours.
  const source = collapse(text);
  const foreign = out.code.find((c) => c.trim() !== '' && !source.includes(c) && !ours(c));
  return foreign === undefined ? OK : { ok: false, kind: 'wrongAccept', what: `code span ${show(foreign)} is not document text` };
}

function checkCode(text: string): Verdict {
  const out = render(`p is ${inlineCode(text)}, done`);
  if (out.links.length || out.images || out.html.length || out.blocks.join() !== 'p') return { ok: false, kind: 'wrongAccept', what: `markup: ${show(out)}` };
  const expected = collapse(text) || ' ';
  return out.code.length === 1 && out.code[0] === expected ? OK : { ok: false, kind: 'wrongAccept', what: `code ${show(out.code)}, not ${show(expected)}` };
}

export const fuzzer: Fuzzer = {
  name: 'hover',
  run: (options) =>
    runFuzz('hover', options, (r) => {
      const a = hostile(r);
      if (r.chance(0.3)) return { input: () => `inlineCode ${show(a)}`, verdict: () => checkCode(a) };
      const { text, at } = program(r, a, hostile(r));
      return { input: () => `hover at ${at} of ${show(text)}`, verdict: () => checkHover(text, at) };
    }),
};
