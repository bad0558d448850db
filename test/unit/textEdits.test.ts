import * as assert from 'assert';
import { endOfText, rangeAfter, type TextRange } from '../../src/analysis/textEdits';

// A range followed through edits, checked against the text itself: after each change, the
// tracked range must still hold the same text, or be reported as touched.

const pos = (line: number, character: number) => ({ line, character });
const range = (a: number, b: number, c: number, d: number): TextRange => ({ start: pos(a, b), end: pos(c, d) });

function offsetOf(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}
function positionOf(text: string, offset: number) {
  const head = text.slice(0, offset).split('\n');
  return pos(head.length - 1, head[head.length - 1].length);
}
const slice = (text: string, r: TextRange) => text.slice(offsetOf(text, r.start), offsetOf(text, r.end));

describe('textEdits: a range followed through edits', () => {
  const doc = 'a = torch.tensor([1., 2.])\nb = torch.tensor([1., 2.])\nc = torch.tensor([1., 2.])\n';
  const middle = range(1, 4, 1, 26);

  it('moves with lines deleted or added above, and with text before it on its line', () => {
    assert.deepStrictEqual(rangeAfter(middle, { range: range(0, 0, 1, 0), text: '' }), range(0, 4, 0, 26));
    assert.deepStrictEqual(rangeAfter(middle, { range: range(0, 0, 0, 0), text: '# x\n# y\n' }), range(3, 4, 3, 26));
    assert.deepStrictEqual(rangeAfter(middle, { range: range(1, 0, 1, 1), text: 'bb' }), range(1, 5, 1, 27));
    assert.deepStrictEqual(rangeAfter(middle, { range: range(1, 4, 1, 4), text: 'x\r\n  ' }), range(2, 2, 2, 24), 'an insertion at its start is before it');
    assert.deepStrictEqual(rangeAfter(middle, { range: range(0, 3, 1, 4), text: '' }), range(0, 3, 0, 25));
  });

  it('stays put for edits after it, and is lost for edits that touch it', () => {
    assert.deepStrictEqual(rangeAfter(middle, { range: range(1, 26, 1, 26), text: '.float()' }), middle);
    assert.deepStrictEqual(rangeAfter(middle, { range: range(2, 0, 3, 0), text: '' }), middle);
    assert.strictEqual(rangeAfter(middle, { range: range(1, 10, 1, 11), text: 'T' }), undefined);
    assert.strictEqual(rangeAfter(middle, { range: range(0, 5, 2, 0), text: '' }), undefined);
    assert.strictEqual(rangeAfter(middle, { range: range(1, 25, 1, 27), text: '' }), undefined);
  });

  it('keeps holding the same text through random edits (or says it was touched)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let trial = 0; trial < 2000; trial++) {
      let text = doc;
      let tracked: TextRange | undefined = middle;
      for (let k = 0; k < 5 && tracked; k++) {
        const a = rand(text.length + 1);
        const b = a + rand(Math.min(6, text.length - a + 1));
        const insert = ['', 'x', '\n', 'ab\ncd', '\r\n'][rand(5)].replace('\r', '');
        const next: TextRange | undefined = rangeAfter(tracked, { range: { start: positionOf(text, a), end: positionOf(text, b) }, text: insert });
        const touches: boolean = b > offsetOf(text, tracked.start) && a < offsetOf(text, tracked.end);
        text = text.slice(0, a) + insert + text.slice(b);
        assert.strictEqual(next === undefined, touches, 'lost exactly when the change touches it');
        if (next) assert.strictEqual(slice(text, next), 'torch.tensor([1., 2.])');
        tracked = next;
      }
    }
  });

  it('ends text at the right place whatever the line breaks', () => {
    assert.deepStrictEqual(endOfText(pos(2, 3), 'abc'), pos(2, 6));
    assert.deepStrictEqual(endOfText(pos(2, 3), 'a\r\nbc\rd\ne'), pos(5, 1));
  });
});
