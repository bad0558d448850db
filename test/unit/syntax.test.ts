import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LiteralError } from '../../src/core/errors';
import { parseTensorLiteral } from '../../src/core/parse';

interface Case {
  source: string;
  ok: boolean;
  error_type: 'SyntaxError' | 'ValueError' | null;
  message: string | null;
  line: number | null;
  column: number | null;
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', 'syntax.json'), 'utf8')) as {
  python: string;
  cases: Case[];
};

/**
 * Sources Python compiles as more than one statement (or as a string holding the code): the
 * parser refuses them with its own message, as they are not one literal.
 */
const NOT_ONE_LITERAL = new Set(['[1.]\n[2.]', '[1.]\n...', '[1.]\n.5', 'torch.tensor\n([1.])', "x = '\\\n'"]);

function refusal(text: string): LiteralError {
  try {
    parseTensorLiteral(text);
  } catch (e) {
    assert.ok(e instanceof LiteralError, `${JSON.stringify(text)}: ${String(e)}`);
    return e;
  }
  return assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe(`the statement around a literal, as Python ${fixture.python} compiles it (test/fixtures/pytorch/syntax.json)`, () => {
  it('has the fixture with keywords, line breaks, continuations and NUL bytes', () => assert.ok(fixture.cases.length > 200));
  for (const c of fixture.cases) {
    const title = JSON.stringify(c.source);
    if (NOT_ONE_LITERAL.has(c.source)) {
      it(`refuses ${title} (${c.ok ? 'Python: more than one statement' : c.message}) with its own message`, () => {
        assert.strictEqual(refusal(c.source).pyType, undefined);
      });
    } else if (c.ok) {
      it(`reads ${title}`, () => assert.ok(parseTensorLiteral(c.source).tensor.data.length > 0));
    } else if (c.error_type === 'SyntaxError') {
      it(`refuses ${title}: ${c.message} at ${c.line}:${c.column}`, () => {
        const e = refusal(c.source);
        assert.deepStrictEqual([e.message, e.line, e.column, e.pyType], [c.message, c.line, c.column, undefined]);
      });
    } else {
      it(`refuses ${title}: ${c.message}`, () => {
        const e = refusal(c.source);
        assert.strictEqual(e.message, c.message);
        assert.strictEqual(e.offset, c.source.indexOf('\0'));
      });
    }
  }
  it('refuses a lone surrogate anywhere, at its position (Python cannot encode the text)', () => {
    for (const text of ['[1.] # \uD800', 'x = [1.]  # \uDC00 low', "np.array([1.], dtype='\uD83D')"]) {
      const e = refusal(text);
      assert.match(e.message, /^character U\+D[0-9A-F]{3} is a lone surrogate/);
      assert.strictEqual(e.offset, text.search(/[\uD800-\uDFFF]/));
    }
    assert.strictEqual(parseTensorLiteral('[1.]  # a pair: \uD83D\uDE00').tensor.data.length, 1);
  });
  it('keeps a printed repr with grad_fn, and line breaks inside brackets', () => {
    const t = parseTensorLiteral('tensor([[1., 2.],\n        [3., 4.]], requires_grad=True,\n       grad_fn=<MulBackward0>)').tensor;
    assert.deepStrictEqual([t.shape, t.gradFn], [[2, 2], 'MulBackward0']);
  });
});
