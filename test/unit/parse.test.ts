import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LiteralError } from '../../src/core/errors';
import { DEFAULT_MAX_CHARS, DEFAULT_MAX_ELEMENTS, ParsedLiteral, parseTensorLiteral } from '../../src/core/parse';
import { Tensor } from '../../src/core/tensor';

type Encoded = number | boolean | string;
interface OkCase {
  literal: string;
  ok: true;
  shape: number[];
  dtype: string;
  requires_grad: boolean;
  grad_fn: string | null;
  values: Encoded[] | null;
}
interface ErrCase {
  literal: string;
  ok: false;
  error_type: string;
  message: string;
}
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch');
const literals: (OkCase | ErrCase)[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'literals.json'), 'utf8')).cases;

function decode(v: Encoded): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v);
  return v;
}

function sameValue(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function parseError(text: string, options?: Parameters<typeof parseTensorLiteral>[1]): LiteralError {
  try {
    parseTensorLiteral(text, options);
  } catch (e) {
    assert.ok(e instanceof LiteralError, `expected a LiteralError, got ${String(e)}`);
    return e;
  }
  return assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

function parse(text: string): ParsedLiteral {
  return parseTensorLiteral(text);
}

function values(t: Tensor): number[] {
  return Array.from(t.data);
}

/**
 * Literals Python accepts that the parser refuses on purpose, with a LiteralError of its own
 * (no pyType): dtypes outside the model, integers no double holds, uninitialised memory,
 * expressions rather than literals, names not assumed, methods not modelled, and float
 * arange/linspace (int64 linspace) whose rounding depends on PyTorch's vectorised kernels.
 */
const REFUSED = new Set([
  'torch.tensor([1, 2], dtype=torch.int32)', 'torch.tensor([1, 2], dtype=torch.half)', 'torch.tensor(9223372036854775807)',
  'torch.tensor([9007199254740993])', 'torch.Tensor(2, 3)', 'torch.Tensor(5)', 'torch.Tensor([2**63])', 'torch.FloatTensor(2)',
  'np.array([1, 2], dtype=np.float16)', 'np.array([1, 2], dtype=np.int32)', '[0.1, 0.2, 0.30000000000000004, 1/3]', '[1 + 2]', '[2 * 3]',
  '[2 ** 3]', '[1 - 2]', '[float()]', '[math.inf]', '[math.nan]', '[math.pi]', '[np.nan]', '[torch.pi]', 'torch.randn(2, 3)',
'torch.tensor(torch.tensor([1]))', 'tensor([1., 2.], size=(2,))', "torch.tensor([float('nan'), 2.]).long()",
  'torch.tensor([1e20]).long()', 'torch.tensor([1., 2.]).numpy()', 'torch.tensor([1., 2.]).T', 'torch.tensor([1., 2.]).reshape(shape=(2, 1))',
  'torch.tensor([1, 2]).half()', 'torch.ones(3, dtype=torch.int32)', 'torch.full((2,), 2**53)', 'torch.arange(0, 1, 0.1)',
  'torch.arange(0, 1, 0.1, dtype=torch.float64)', 'torch.arange(1., 10**10, 10**9)', 'torch.arange(0, 2**25, 2**20)',
  'torch.arange(0., 2**25, 2**20)', 'torch.arange(0.0, 1.0, 1/3)', 'torch.linspace(0, 10, 5, dtype=torch.int64)', 'torch.linspace(-1, 1, 11)',
  'torch.linspace(0, 1, 10)', "torch.linspace(0, float('nan'), 3)", 'torch.linspace(0, 10, 4, dtype=torch.int64)',
  'torch.linspace(0, 10, 7, dtype=torch.int64)', 'torch.linspace(-7, 13, 9, dtype=torch.int64)', 'torch.linspace(0, 100, 33, dtype=torch.int64)',
  'torch.linspace(0, 1, 3, dtype=torch.int64)', 'torch.linspace(0, 1000, 37, dtype=torch.int64)',
  "torch.tensor(np.array([float('nan'), 1.5]), dtype=torch.int64)", 'np.array([1.5]).astype(np.float16)',
  "np.array([float('nan')]).astype(np.int64)",
]);

/**
 * Python errors for which the parser gives its own message (no pyType) instead of PyTorch's:
 * PyTorch's multi-line overload listings and keyword complaints, errors about objects the parser
 * refuses before any evaluation (strings, `...`, modules, complex numbers, `**` expressions,
 * devices), NumPy object arrays, and the fixture's own stand-in for a printed repr. Python's SyntaxError/NameError/... are not
 * PyTorch errors and always get the parser's message.
 */
const OWN_MESSAGE_FOR: RegExp[] = [
  /received an invalid combination of arguments/,
  /^Could not infer dtype of (ellipsis|type|module|builtin_function_or_method)$/,
  /not complex$/,
  /invalid data type '(str|bytes)'|too many dimensions 'str'/,
  /argument 'dtype' must be torch\.dtype, not str/,
  /^can't convert np\.ndarray of type numpy\.object_/,
  /evaluate\.<locals>/,
  /got an unexpected keyword argument/,
  /device type at start of device string/,
];
const PY_EXPRESSION = /\*\*/;

describe('parseTensorLiteral against real PyTorch/NumPy (literals.json)', () => {
  it('has the fixture file with a few hundred cases', () => assert.ok(literals.length >= 800));
  for (const c of literals) {
    const title = JSON.stringify(c.literal).slice(0, 110);
    if (c.ok && !REFUSED.has(c.literal) && c.values !== null) {
      it(`reads ${title}`, () => {
        const t = parse(c.literal).tensor;
        assert.deepStrictEqual(t.shape, c.shape);
        assert.strictEqual(t.dtype, c.dtype);
        assert.strictEqual(t.requiresGrad, c.requires_grad);
        assert.strictEqual(t.gradFn ?? null, c.grad_fn);
        const got = values(t);
        assert.strictEqual(got.length, (c.values as Encoded[]).length);
        (c.values as Encoded[]).forEach((v, i) => assert.ok(sameValue(got[i], decode(v)), `element ${i}: ${got[i]} vs ${String(v)}`));
      });
    } else if (c.ok) {
      it(`refuses ${title} with its own message`, () => {
        const e = parseError(c.literal);
        assert.strictEqual(e.pyType, undefined, e.displayText);
      });
    } else {
      const own =
        !['ValueError', 'RuntimeError', 'TypeError'].includes(c.error_type) || PY_EXPRESSION.test(c.literal) || OWN_MESSAGE_FOR.some((r) => r.test(c.message));
      it(`fails on ${title} ${own ? '(own message)' : `with ${c.error_type}`}`, () => {
        const e = parseError(c.literal);
        if (own) {
          if (e.pyType) assert.strictEqual(`${e.pyType}: ${e.message}`, `${c.error_type}: ${c.message}`);
        } else {
          assert.strictEqual(`${e.pyType}: ${e.message}`, `${c.error_type}: ${c.message}`);
        }
      });
    }
  }
});

interface ReprCase {
  shape: number[];
  dtype: string;
  values: Encoded[];
  requires_grad: boolean;
  grad_fn: string | null;
  repr: string;
}

describe('parseTensorLiteral on every repr PyTorch printed (repr.json)', () => {
  const cases: ReprCase[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'repr.json'), 'utf8')).cases;
  it('reads each full repr to the printed tensor, and refuses summarised ones as incomplete', () => {
    let full = 0;
    for (const c of cases) {
      if (c.repr.includes('...')) {
        assert.match(parseError(c.repr).message, /the data is incomplete/);
        continue;
      }
      const r = parse(c.repr);
      assert.strictEqual(r.form, 'repr');
      const t = r.tensor;
      assert.deepStrictEqual([t.shape, t.dtype, t.requiresGrad, t.gradFn ?? null], [c.shape, c.dtype, c.requires_grad, c.grad_fn], c.repr);
      // int64 and bool print exactly; floats print rounded to 4 digits, so only those are compared.
      if (c.dtype === 'int64' || c.dtype === 'bool') assert.deepStrictEqual(values(t), c.values.map(decode), c.repr);
      full++;
    }
    assert.ok(full > 500);
  });
});

describe('parseTensorLiteral forms and source ranges', () => {
  it('reports the form, the methods and the range without an assignment target', () => {
    const text = '  w = torch.tensor([[1, 2], [3, 4]], dtype=torch.float64).reshape(4).float()  # weights\n';
    const r = parse(text);
    assert.strictEqual(r.form, 'torch.tensor');
    assert.deepStrictEqual(r.methods, ['reshape', 'float']);
    assert.strictEqual(text.slice(r.start, r.end), 'torch.tensor([[1, 2], [3, 4]], dtype=torch.float64).reshape(4).float()');
    assert.strictEqual(r.tensor.dtype, 'float32');
  });
  it('names each form', () => {
    const forms: [string, string][] = [
      ['[1, 2]', 'list'], ['(1, 2)', 'tuple'], ['3.5', 'scalar'], ['tensor([1.])', 'repr'], ['numpy.array([1])', 'numpy.array'],
      ['np.array([1])', 'np.array'], ['torch.Tensor([1])', 'torch.Tensor'], ['torch.DoubleTensor([1])', 'torch.DoubleTensor'],
      ['torch.eye(2)', 'torch.eye'], ['torch.full((1,), 2.)', 'torch.full'], ['torch.arange(3)', 'torch.arange'],
      ['torch.as_tensor([1])', 'torch.as_tensor'], ['torch.from_numpy(np.array([1.]))', 'torch.from_numpy'],
    ];
    for (const [text, form] of forms) assert.strictEqual(parse(text).form, form, text);
  });
  it('reads numbers exactly as Python does', () => {
    const r = parse('torch.tensor([1_000.5, .5, 5., 1e-3, -0.0, 0x1F, 0o17, 0b101, 123456789012345678901234567890.0], dtype=torch.float64)').tensor;
    assert.deepStrictEqual(values(r), [1000.5, 0.5, 5, 0.001, -0, 31, 15, 5, 1.2345678901234568e29]);
    assert.ok(Object.is(r.data[4], -0));
  });
  it('reads random doubles in every spelling to the correctly rounded value', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const xs: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 80 - 40);
      const spelling = i % 4 === 0 ? x.toPrecision(17) : i % 4 === 1 ? x.toExponential(20) : i % 4 === 2 ? String(x) : x.toPrecision(1 + (i % 16));
      xs.push(Number(spelling));
      texts.push(spelling);
    }
    const t = parse(`torch.tensor([${texts.join(', ')}], dtype=torch.float64)`).tensor;
    xs.forEach((x, i) => assert.ok(Object.is(t.data[i], x), texts[i]));
  });
  it('reads 17-19 digit floats exactly, also next to float32 rounding midpoints', () => {
    const texts: string[] = [];
    const probe = new Float32Array(2);
    for (let i = 0; i < 20000; i++) {
      probe[0] = Math.fround((i * 0.6180339887498949) % 1);
      probe[1] = probe[0];
      new Uint32Array(probe.buffer)[1]++;
      const x = i % 2 === 0 ? (probe[0] + probe[1]) / 2 : probe[0] * (1 + i * 1e-9);
      texts.push(((i % 4 < 2 ? 1 : -1) * x).toPrecision(17 + (i % 3)));
    }
    const body = `[${texts.join(', ')}]`;
    const f32 = parse(`torch.tensor(${body})`).tensor.data;
    const f64 = parse(`torch.tensor(${body}, dtype=torch.float64)`).tensor.data;
    const i64 = parse(`torch.tensor(${body}, dtype=torch.int64)`).tensor.data;
    texts.forEach((s, i) => {
      const exact = Number(s);
      assert.ok(Object.is(f64[i], exact) && Object.is(f32[i], Math.fround(exact)) && Object.is(i64[i], Math.trunc(exact) + 0), s);
    });
  });
  it('reads comments, line breaks, continuation lines and trailing commas', () => {
    const t = parse('torch.tensor(\n  [[1, 2],  # first row\n   [3, \\\n 4],],\n  dtype=torch.int64,\n)').tensor;
    assert.deepStrictEqual([t.shape, values(t)], [[2, 2], [1, 2, 3, 4]]);
  });
  it('keeps grad_fn of a printed repr and sets requires_grad', () => {
    const t = parse('tensor([[ 0.0000, -2.5000]], dtype=torch.float64, grad_fn=<MulBackward0>)').tensor;
    assert.deepStrictEqual([t.gradFn, t.requiresGrad, t.dtype, values(t)], ['MulBackward0', true, 'float64', [0, -2.5]]);
  });
});

describe('parseTensorLiteral errors point at the offending character', () => {
  const cases: [string, number, number, RegExp][] = [
    ['[1, 2,\n 3 x]', 2, 4, /expected ',' or ']', found 'x'/],
    ['[1, foo]', 1, 5, /name 'foo' is not supported/],
    ['[1, 2', 1, 1, /'\[' was never closed/],
    ['torch.tensor([1, 2])\n  extra', 2, 2, /^unexpected indent$/],
    ['torch.tensor([1, 2]) extra', 1, 22, /unexpected 'extra' after the literal/],
    ['[1, 1e]', 1, 6, /invalid decimal literal/],
    ["[float('x')]", 1, 8, /could not convert string to float: 'x'/],
    ['th.tensor([1])', 1, 1, /'th' is not assumed/],
    ['[1, \u00a0 2]', 1, 5, /character U\+00A0/],
  ];
  for (const [text, line, column, msg] of cases) {
    it(`${JSON.stringify(text)} -> ${line}:${column}`, () => {
      const e = parseError(text);
      assert.match(e.message, msg);
      assert.deepStrictEqual([e.line, e.column], [line, column]);
      assert.strictEqual(e.offset, text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0) + column - 1);
    });
  }
  it('gives PyTorch ragged errors at the ragged list', () => {
    const text = 'torch.tensor([[1, 2, 3],\n              [4, 5]])';
    const e = parseError(text);
    assert.strictEqual(e.displayText, 'ValueError: expected sequence of length 3 at dim 1 (got 2)');
    assert.strictEqual(e.offset, text.indexOf('[4'));
  });
});

describe('parseTensorLiteral limits', () => {
  it('refuses 100,000 nested brackets cleanly (Python allows 200)', () => {
    const e = parseError('['.repeat(100000) + ']'.repeat(100000));
    assert.match(e.message, /too many nested parentheses/);
    assert.strictEqual(e.offset, 200);
    const calls = parseError('torch.tensor(' + 'np.array('.repeat(100000) + '[1]' + ')'.repeat(100001));
    assert.match(calls.message, /too many nested parentheses/);
  });
  it("reads 128 nested lists (PyTorch's limit) and gives PyTorch's error beyond", () => {
    assert.strictEqual(parse('torch.tensor(' + '['.repeat(128) + ']'.repeat(128) + ')').tensor.shape.length, 128);
    assert.strictEqual(parseError('['.repeat(200) + ']'.repeat(200)).displayText, "ValueError: too many dimensions 'list'");
  });
  it('refuses a 50 MB text up front, naming the limit', () => {
    const text = '[' + '1, '.repeat(17 * 1024 * 1024) + '1]';
    const e = parseError(text);
    // Up front: the error points at the limit, not at anything the scan would have found.
    assert.strictEqual(e.offset, DEFAULT_MAX_CHARS);
    assert.match(e.message, new RegExp(`more than the limit of ${DEFAULT_MAX_CHARS} \\(option maxChars\\)`));
  });
  it('refuses more elements than maxElements while scanning', () => {
    const e = parseError('[' + '0,'.repeat(20) + ']', { maxElements: 10 });
    assert.match(e.message, /more than 10 elements, the limit \(option maxElements\)/);
    assert.strictEqual(e.offset, 21);
    assert.match(parseError('torch.ones(5000, 5000)').message, new RegExp(`limit of ${DEFAULT_MAX_ELEMENTS}`));
  });
  it('answers pathological 30 MB inputs with a short message (in linear time: the test timeout is the hang ceiling)', function () {
    this.timeout(120_000);
    const M = 30 * 1024 * 1024;
    const inputs = ['a'.repeat(M), 'a.'.repeat(M / 2) + 'a', "np.array([1], dtype='" + 'a'.repeat(M) + "')", '[0x' + 'f'.repeat(M) + ']', '[' + '7'.repeat(M) + ']', '('.repeat(M)];
    for (const text of inputs) assert.ok(parseError(text).message.length <= 1000, text.slice(0, 20));
  });
  it('reads a million numbers', () => {
    const parts: string[] = [];
    for (let i = 0; i < 1_000_000; i++) parts.push(((i * 7919) % 100003) / 1000 + '');
    const t = parse('[' + parts.join(', ') + ']').tensor;
    assert.strictEqual(t.data.length, 1_000_000);
    assert.strictEqual(t.data[999_999], Math.fround(Number(parts[999_999])));
  });
});
