import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { toLiteral } from '../../src/core/literal';
import { parseTensorLiteral } from '../../src/core/parse';
import { DType, Tensor, makeTensor } from '../../src/core/tensor';

/** Same shape, dtype, requires_grad and bits (NaN as NaN). */
function assertSameTensor(a: Tensor, b: Tensor, what: string): void {
  assert.deepStrictEqual([a.shape, a.dtype, a.requiresGrad], [b.shape, b.dtype, b.requiresGrad], what);
  assert.strictEqual(a.data.length, b.data.length, what);
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    assert.ok(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)), `${what}: element ${i} ${x} vs ${y}`);
  }
}

function t(shape: number[], dtype: DType, data: number[], requiresGrad = false): Tensor {
  return makeTensor({ shape, dtype, data, requiresGrad });
}

describe('toLiteral', () => {
  const cases: [Tensor, string][] = [
    [t([3], 'float32', [0.1, -0, 1 / 3]), 'torch.tensor([0.1, -0.0, 0.33333334])'],
    [t([2], 'float32', [1, 2.5]), 'torch.tensor([1.0, 2.5])'],
    [t([3], 'float32', [NaN, Infinity, -Infinity]), "torch.tensor([float('nan'), float('inf'), float('-inf')])"],
    [t([2], 'float32', [1e-45, 3.4028234663852886e38]), 'torch.tensor([1e-45, 3.4028235e+38])'],
    [t([2], 'float64', [0.1, 1e16]), 'torch.tensor([0.1, 1e+16], dtype=torch.float64)'],
    [t([2], 'float64', [1 / 3, 5e-324], true), 'torch.tensor([0.3333333333333333, 5e-324], dtype=torch.float64, requires_grad=True)'],
    [t([2, 2], 'int64', [1, -2, 3, 2 ** 53]), 'torch.tensor([[1, -2],\n              [3, 9007199254740992]], dtype=torch.int64)'],
    [t([2], 'bool', [1, 0]), 'torch.tensor([True, False], dtype=torch.bool)'],
    [t([], 'float32', [7]), 'torch.tensor(7.0)'],
    [t([0], 'float32', []), 'torch.tensor([])'],
    [t([2, 0, 3], 'float64', []), 'torch.zeros((2, 0, 3), dtype=torch.float64)'],
    [
      t([2, 1, 2], 'float32', [1, 2, 3, 4]),
      'torch.tensor([[[1.0, 2.0]],\n\n              [[3.0, 4.0]]])',
    ],
  ];
  for (const [tensor, text] of cases) {
    it(`writes ${JSON.stringify(text)}`, () => {
      assert.strictEqual(toLiteral(tensor), text);
      assertSameTensor(parseTensorLiteral(text).tensor, tensor, text);
    });
  }

  it('indents the rows by the column the literal starts at, blank lines between blocks staying empty', () => {
    assert.strictEqual(toLiteral(t([2, 2], 'float32', [-1, 2, 3, -4]), 4), 'torch.tensor([[-1.0, 2.0],\n                  [3.0, -4.0]])');
    assert.strictEqual(toLiteral(t([2, 1, 1], 'int64', [-1, 2]), 8), 'torch.tensor([[[-1]],\n\n                      [[2]]], dtype=torch.int64)');
    assert.strictEqual(toLiteral(t([2], 'bool', [1, 0]), 8), 'torch.tensor([True, False], dtype=torch.bool)');
  });

  it('writes each float32 with the fewest digits that read back to it', () => {
    const probe = new Float32Array(1);
    const bits = new Uint32Array(probe.buffer);
    for (let i = 0; i < 20000; i++) {
      bits[0] = (Math.imul(i, 2654435761) >>> 0) & 0x7f7fffff;
      const v = probe[0];
      const text = toLiteral(t([1], 'float32', [v])).slice('torch.tensor(['.length, -2);
      assert.strictEqual(Math.fround(Number(text)), v, text);
      const digits = Number(text).toExponential().split('e')[0].replace(/[-.]/g, '').length;
      if (digits > 1) assert.notStrictEqual(Math.fround(Number(v.toPrecision(digits - 1))), v, `${text} is not the shortest`);
    }
  });

  it('round-trips every tensor of the PyTorch repr fixtures', () => {
    const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', 'repr.json'), 'utf8')).cases as {
      shape: number[];
      dtype: DType;
      values: (number | boolean | string)[];
      requires_grad: boolean;
    }[];
    for (const c of cases) {
      const data = c.values.map((v) => (typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : -0) : v));
      const tensor = t(c.shape, c.dtype, data, c.requires_grad);
      const text = toLiteral(tensor);
      assertSameTensor(parseTensorLiteral(text).tensor, tensor, text.slice(0, 80));
    }
  });
});
