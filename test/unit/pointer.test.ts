import * as assert from 'assert';
import { pointer } from '../../src/webview/model';

describe('panel: the caret under a literal error', () => {
  it('shows a short line whole, the caret under the column', () => {
    assert.strictEqual(pointer('torch.tensor([1., 2.,, 3.])', 22), `torch.tensor([1., 2.,, 3.])\n${' '.repeat(21)}^`);
  });

  it('cuts a long line to the part around the column, the caret still under its character', () => {
    const line = `torch.tensor([${'1., '.repeat(5000)}x, ${'2., '.repeat(100)}])`;
    const column = line.indexOf('x') + 1;
    const [text, caret] = pointer(line, column).split('\n');
    assert.ok(text.length <= 122, `${text.length} characters`);
    assert.ok(text.startsWith('…') && text.endsWith('…'));
    assert.strictEqual(text[caret.length - 1], 'x');
    assert.match(caret, /^ +\^$/);
  });

  it('keeps the start of a line when the error is near it, and a caret past its end', () => {
    const line = `[${'2., '.repeat(100)}`;
    const [text, caret] = pointer(line, 1).split('\n');
    assert.ok(text.startsWith('[') && text.endsWith('…'));
    assert.strictEqual(caret, '^');
    assert.strictEqual(pointer('[1.', 4), '[1.\n   ^');
  });
});
