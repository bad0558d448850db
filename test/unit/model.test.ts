import * as assert from 'assert';
import { parseTensorLiteral } from '../../src/core/parse';
import { makeTensor, type Tensor } from '../../src/core/tensor';
import { workerLiteral } from '../../src/webview/model';

describe('panel model: the literal written for the Monte-Carlo worker', () => {
  const same = (t: Tensor) => {
    const back = parseTensorLiteral(workerLiteral(t)).tensor;
    assert.deepStrictEqual([back.dtype, back.shape, back.requiresGrad], [t.dtype, t.shape, t.requiresGrad]);
    assert.deepStrictEqual(Array.from(back.data).map((x) => (Object.is(x, -0) ? '-0' : x)), Array.from(t.data).map((x) => (Object.is(x, -0) ? '-0' : x)));
  };

  it('parses back to the same tensor, bit for bit, in every dtype', () => {
    same(makeTensor({ shape: [2, 3], dtype: 'float32', data: [0.1, -2.5e-8, 3.4028234663852886e38, NaN, -Infinity, -0] }));
    same(makeTensor({ shape: [4], dtype: 'float64', data: [0.1, 1 / 3, 5e-324, Infinity], requiresGrad: true }));
    same(makeTensor({ shape: [3], dtype: 'int64', data: [-3, 0, 2 ** 53] }));
    same(makeTensor({ shape: [2, 1], dtype: 'bool', data: [1, 0] }));
    same(makeTensor({ shape: [], dtype: 'float32', data: [1.5] }));
    same(makeTensor({ shape: [0, 3], dtype: 'float32' }));
  });

  it('writes a tensor once', () => {
    const t = makeTensor({ shape: [1000], dtype: 'float32', data: Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i)) });
    assert.strictEqual(workerLiteral(t), workerLiteral({ ...t }));
  });
});
