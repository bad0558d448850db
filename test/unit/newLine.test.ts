import * as assert from 'assert';
import { newLineNear } from '../../src/analysis/newLine';

// "Insert below" in the panel: where `y = torch.tensor([...])` goes for the expression at a cursor.
describe('newLineNear: where a new statement goes', () => {
  const at = (text: string, needle: string) => newLineNear(text, text.indexOf(needle));
  /** The text with `y = 1` written where newLineNear says. */
  const written = (text: string, needle: string) => {
    const n = at(text, needle);
    return `${text.slice(0, n.at)}${n.before}${n.indent}y = 1${n.after}${text.slice(n.at)}`;
  };

  it('after a one-line statement, at its indentation', () => {
    assert.strictEqual(written('x = torch.tensor([1., 2.])\nprint(x)\n', '1.'), 'x = torch.tensor([1., 2.])\ny = 1\nprint(x)\n');
    assert.strictEqual(written('def f():\n    x = torch.tensor([1.])\n    return x\n', '1.'), 'def f():\n    x = torch.tensor([1.])\n    y = 1\n    return x\n');
  });

  it('after the last line of a statement over several lines, also at the end of the text', () => {
    const text = 'x = torch.tensor([[1., 2.],\n                  [3., 4.]])';
    assert.strictEqual(written(text, '1.'), `${text}\ny = 1`);
    assert.strictEqual(written('z = f(torch.tensor([1.]),\n      2)  # note\nw = 0\n', '1.'), 'z = f(torch.tensor([1.]),\n      2)  # note\ny = 1\nw = 0\n');
  });

  it('writes at the start of the next line (a selection ending at the statement does not grow), CRLF lines kept whole', () => {
    assert.deepStrictEqual(at('x = torch.tensor([1.])\r\nprint(x)\r\n', '1.'), { at: 24, indent: '', before: '', after: '\n' });
  });

  it('before a block whose header holds the expression', () => {
    assert.strictEqual(written('    for v in torch.tensor([1., 2.]):\n        print(v)\n', '1.'), '    y = 1\n    for v in torch.tensor([1., 2.]):\n        print(v)\n');
    assert.deepStrictEqual(at('if torch.equal(a, torch.tensor([1.])):\n    pass\n', '1.'), { at: 0, indent: '', before: '', after: '\n' });
  });
});
