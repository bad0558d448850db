import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pyFormatExp, pyFormatFixed, MAX_FORMAT_DIGITS } from '../../src/core/pyformat';
import { repr } from '../../src/core/repr';
import { makeTensor, type DType } from '../../src/core/tensor';

/** One element as gen_repr.py encodes it: a JSON number, a bool, or a string for nan/inf/-0. */
type Encoded = number | boolean | string;

interface ReprCase {
  name: string;
  shape: number[];
  dtype: DType;
  values: Encoded[];
  requires_grad: boolean;
  grad_fn: string | null;
  repr: string;
}

interface Fixture {
  torch: string;
  cases: ReprCase[];
  format: [Encoded, number, string, string][];
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0.0': -0 };

function decode(v: Encoded): number {
  if (typeof v === 'string') {
    if (!(v in SPECIAL)) throw new Error(`unknown encoded value ${v}`);
    return SPECIAL[v];
  }
  return Number(v);
}

// Tests run from out/test/unit; the fixture stays in the source tree.
const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', 'repr.json');
const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Fixture;

describe(`repr matches PyTorch ${fixture.torch} (test/fixtures/pytorch/repr.json)`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const t = makeTensor({
        shape: c.shape,
        dtype: c.dtype,
        data: c.values.map(decode),
        requiresGrad: c.requires_grad,
        ...(c.grad_fn === null ? {} : { gradFn: c.grad_fn }),
      });
      assert.strictEqual(repr(t), c.repr);
    });
  }
});

describe('repr', () => {
  it('summarises a 10^6-element tensor from its edges only', () => {
    const data = new Float32Array(1_000_000);
    for (let i = 0; i < data.length; i++) data[i] = i;
    data[500_000] = 0.5; // hidden by the summary, so it must not switch off int mode
    const t = makeTensor({ shape: [1000, 1000], dtype: 'float32', data });
    assert.strictEqual(
      repr(t),
      'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,\n' +
        '         9.9900e+02],\n' +
        '        [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,\n' +
        '         1.9990e+03],\n' +
        '        [2.0000e+03, 2.0010e+03, 2.0020e+03,  ..., 2.9970e+03, 2.9980e+03,\n' +
        '         2.9990e+03],\n' +
        '        ...,\n' +
        '        [9.9700e+05, 9.9700e+05, 9.9700e+05,  ..., 9.9800e+05, 9.9800e+05,\n' +
        '         9.9800e+05],\n' +
        '        [9.9800e+05, 9.9800e+05, 9.9800e+05,  ..., 9.9900e+05, 9.9900e+05,\n' +
        '         9.9900e+05],\n' +
        '        [9.9900e+05, 9.9900e+05, 9.9900e+05,  ..., 1.0000e+06, 1.0000e+06,\n' +
        '         1.0000e+06]])',
    );
  });
});

describe('pyFormatFixed / pyFormatExp match Python (fixture "format")', () => {
  it(`${fixture.format.length} values, '{:.Nf}' and '{:.Ne}'`, () => {
    for (const [enc, digits, fixed, exp] of fixture.format) {
      const x = decode(enc);
      assert.strictEqual(pyFormatFixed(x, digits), fixed, `'{:.${digits}f}'.format(${String(enc)})`);
      assert.strictEqual(pyFormatExp(x, digits), exp, `'{:.${digits}e}'.format(${String(enc)})`);
    }
  });
});

describe('pyFormatFixed', () => {
  // Expected strings are what CPython 3.11 prints for the same doubles.
  const CASES: [number, number, string][] = [
    [0.03125, 4, '0.0312'], [0.09375, 4, '0.0938'], [-0.03125, 4, '-0.0312'], [2.5, 0, '2'], [3.5, 0, '4'],
    [-0.5, 0, '-0'], [-0, 4, '-0.0000'], [0, 4, '0.0000'], [-0.00001, 4, '-0.0000'], [1.005, 2, '1.00'],
    [9.99996, 4, '10.0000'], [1e21, 2, '1000000000000000000000.00'], [1e22, 0, '10000000000000000000000'],
    [-1.2345678901234568e+25, 1, '-12345678901234568244756480.0'], [5e-324, 4, '0.0000'],
    [NaN, 4, 'nan'], [Infinity, 4, 'inf'], [-Infinity, 0, '-inf'], [0.1, 20, '0.10000000000000000555'],
  ];
  for (const [x, d, s] of CASES) {
    it(`'{:.${d}f}'.format(${x}) == '${s}'`, () => assert.strictEqual(pyFormatFixed(x, d), s));
  }
  it('rejects digits outside 0..MAX_FORMAT_DIGITS', () => {
    assert.throws(() => pyFormatFixed(1, -1), RangeError);
    assert.throws(() => pyFormatFixed(1, MAX_FORMAT_DIGITS + 1), RangeError);
    assert.throws(() => pyFormatFixed(1, 1.5), RangeError);
  });
});

describe('pyFormatExp', () => {
  const CASES: [number, number, string][] = [
    [1e-5, 4, '1.0000e-05'], [123455, 4, '1.2346e+05'], [123445, 4, '1.2344e+05'], [0.00390625, 4, '3.9062e-03'],
    [999995, 4, '1.0000e+06'], [9.5, 0, '1e+01'], [2.5, 0, '2e+00'], [-0, 4, '-0.0000e+00'], [0, 0, '0e+00'],
    [1e100, 4, '1.0000e+100'], [5e-324, 4, '4.9407e-324'], [1.7976931348623157e308, 2, '1.80e+308'],
    [2.5e-5, 4, '2.5000e-05'], [-123456789, 3, '-1.235e+08'], [NaN, 4, 'nan'], [-Infinity, 4, '-inf'],
  ];
  for (const [x, d, s] of CASES) {
    it(`'{:.${d}e}'.format(${x}) == '${s}'`, () => assert.strictEqual(pyFormatExp(x, d), s));
  }
  it('rejects digits outside 0..MAX_FORMAT_DIGITS', () => {
    assert.throws(() => pyFormatExp(1, MAX_FORMAT_DIGITS + 1), RangeError);
  });
});
