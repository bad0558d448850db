import * as assert from 'assert';
import fc from 'fast-check';
import { runDropout } from '../../src/core/run';
import { MAX_DRAWS, MonteCarlo, binomial, binomialInterval, binomialPmf, mean, monteCarlo, summarize, type MonteCarloResult } from '../../src/core/stats';
import { makeTensor, type Tensor } from '../../src/core/tensor';

const tensor = (shape: number[], values: number[], dtype: 'float32' | 'float64' = 'float32'): Tensor => makeTensor({ shape, dtype, data: values });
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('stats: one call', () => {
  it('summarises kept and dropped elements, zeros and means', () => {
    const x = tensor([4, 3, 5], range(60, (i) => (i % 7) - 2));
    const r = runDropout(x, { variant: 'dropout1d', p: 0.5, seed: 3 });
    const s = summarize(r);
    assert.strictEqual(s.elements, 60);
    assert.strictEqual(s.units, 12);
    assert.strictEqual(s.keptElements, r.kept * 5);
    assert.strictEqual(s.keptElements + s.droppedElements, 60);
    const zeros = Array.from(r.output.data).filter((v) => v === 0).length;
    assert.strictEqual(s.zeroFraction, zeros / 60);
    assert.strictEqual(s.inputMean, mean(x.data));
    assert.strictEqual(s.outputMean, mean(r.output.data));
  });

  it('takes the values before an in-place call from the caller', () => {
    const x = tensor([10], range(10, (i) => i + 1));
    const before = Float32Array.from(x.data);
    const r = runDropout(x, { p: 0.5, seed: 1, inplace: true });
    assert.strictEqual(summarize(r, before).inputMean, 5.5);
    assert.strictEqual(summarize(r).inputMean, mean(r.output.data));
  });

  it('treats the shortcuts as all kept (identity) or all dropped (p = 1)', () => {
    const x = tensor([2, 2], [1, 2, 3, 4]);
    assert.strictEqual(summarize(runDropout(x, { p: 0, seed: 1 })).droppedElements, 0);
    const z = summarize(runDropout(x, { p: 1, seed: 1 }));
    assert.strictEqual(z.keptElements, 0);
    assert.strictEqual(z.zeroFraction, 1);
  });
});

describe('stats: Monte-Carlo', () => {
  it('draw i is call i: histogram and per-element means from the real outputs', () => {
    const x = tensor([3, 4, 2], range(24, (i) => Math.sin(i) * 3), 'float64');
    for (const variant of ['dropout', 'feature_alpha_dropout', 'dropout2d'] as const) {
      const draws = 25;
      const mc = monteCarlo(x, { variant, p: 0.3, seed: '18446744073709551615', draws });
      const hist = new Float64Array(mc.units + 1);
      const sum = new Float64Array(24);
      for (let k = 1; k <= draws; k++) {
        const r = runDropout(x, { variant, p: 0.3, seed: '18446744073709551615', call: k });
        hist[mc.units - r.kept]++;
        r.output.data.forEach((v, i) => (sum[i] += v));
      }
      assert.deepStrictEqual(Array.from(mc.droppedHistogram), Array.from(hist));
      mc.meanOutput.forEach((m, i) => assert.ok(Math.abs(m - sum[i] / draws) < 1e-12, `${variant} element ${i}`));
    }
  });

  it('handles the shortcuts and special values', () => {
    const x = tensor([4], [1, NaN, Infinity, -2]);
    const id = monteCarlo(x, { p: 0.5, seed: 1, draws: 10, training: false });
    assert.deepStrictEqual(Array.from(id.meanOutput), [1, NaN, Infinity, -2]);
    assert.strictEqual(id.droppedHistogram[0], 10);
    const z = monteCarlo(x, { p: 1, seed: 1, draws: 10 });
    assert.deepStrictEqual(Array.from(z.meanOutput), [0, NaN, NaN, -0]);
    assert.strictEqual(z.droppedHistogram[4], 10);
    const r = monteCarlo(x, { p: 0.5, seed: 1, draws: 50 });
    assert.ok(Number.isNaN(r.meanOutput[1]));
    // A dropped inf is inf * 0 = nan in PyTorch too, so its mean over draws is nan.
    assert.ok(Number.isNaN(r.meanOutput[2]));
    assert.strictEqual(monteCarlo(tensor([1], [Infinity]), { p: 0.01, seed: 1, draws: 3 }).meanOutput[0], Infinity);
    assert.throws(() => monteCarlo(x, { draws: 0 }), RangeError);
  });

  it('keep rate converges to 1 - p (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n, p, seed) => {
        const draws = 200;
        const mc = monteCarlo(tensor([n], range(n, () => 1)), { p, seed, draws });
        const trials = n * draws;
        const sd = Math.sqrt((p * (1 - p)) / trials);
        return Math.abs(mc.keepRate - (1 - p)) < 6 * sd + 1e-9;
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('E[y] = x for plain dropout (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0.05, max: 0.8, noNaN: true }), fc.nat(), (values, p, seed) => {
        const draws = 4000;
        const x = tensor([values.length], values, 'float64');
        const mc = monteCarlo(x, { p, seed, draws });
        // Var(y) = x^2 p / (1-p); allow 6 standard errors of the mean.
        return values.every((v, i) => Math.abs(mc.meanOutput[i] - v) <= 6 * Math.abs(v) * Math.sqrt(p / (1 - p) / draws) + 1e-12);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('covers 10^6 elements (one Bernoulli draw per element and call)', () => {
    const mc = monteCarlo(makeTensor({ shape: [1000, 1000], dtype: 'float32' }), { p: 0.5, seed: 5, draws: 3 });
    assert.strictEqual(mc.droppedHistogram.reduce((a, b) => a + b, 0), 3);
    assert.strictEqual(mc.meanOutput.length, 1e6);
  });
});

describe('stats: incremental Monte-Carlo', () => {
  const bits = (r: MonteCarloResult) => ({ ...r, droppedHistogram: Array.from(r.droppedHistogram), meanOutput: Array.from(new Uint8Array(r.meanOutput.buffer)) });

  it('runs in chunks exactly as in one go, bit for bit, for every variant and the shortcuts', () => {
    const x = tensor([2, 3, 5], range(30, (i) => Math.cos(i) * 4 - 1));
    const cases: [string, object][] = [
      ...['dropout', 'dropout1d', 'dropout2d', 'dropout3d', 'alpha_dropout', 'feature_alpha_dropout'].map((variant): [string, object] => [variant, { variant, p: 0.35 }]),
      ['identity', { p: 0.35, training: false }],
      ['zeros', { p: 1 }],
    ];
    for (const [name, options] of cases) {
      const whole = monteCarlo(x, { ...options, seed: '12345678901234567890', draws: 97 });
      const mc = new MonteCarlo(x, { ...options, seed: '12345678901234567890' });
      for (const chunk of [1, 0, 2, 30, 7, 57]) mc.run(chunk);
      assert.strictEqual(mc.draws, 97);
      assert.deepStrictEqual(bits(mc.result()), bits(whole), name);
    }
  });

  it('call k of the simulation is runDropout with call: k (its real mask and output)', () => {
    // Integers and p = 0.5 (scale 2): outputs are integers, recovered from the means up to rounding.
    const x = tensor([2, 4, 3], range(24, (i) => (i % 5) - 2 || 7), 'float64');
    for (const variant of ['dropout', 'dropout2d'] as const) {
      const mc = new MonteCarlo(x, { variant, p: 0.5, seed: 77 });
      let before = mc.result();
      for (let k = 1; k <= 12; k++) {
        mc.run(1);
        const after = mc.result();
        const r = runDropout(x, { variant, p: 0.5, seed: 77, call: k });
        const recovered = after.meanOutput.map((m, i) => Math.round(m * k - (k === 1 ? 0 : before.meanOutput[i] * (k - 1))) + 0);
        // x has no zeros: an output is 0 exactly where the real mask dropped it (means keep no sign of zero).
        assert.deepStrictEqual(Array.from(recovered), Array.from(r.output.data, (v) => v + 0), `${variant} call ${k}`);
        const added = after.droppedHistogram.findIndex((c, j) => c !== before.droppedHistogram[j]);
        assert.strictEqual(added, mc.units - r.kept, `${variant} call ${k}: dropped count`);
        before = after;
      }
    }
  });

  it('gives its partial result at any time; a result is not changed by later calls', () => {
    const x = tensor([6], [1, 2, 3, 4, 5, 6]);
    const mc = new MonteCarlo(x, { p: 0.2, seed: 3 });
    const empty = mc.result();
    assert.strictEqual(empty.draws, 0);
    assert.ok(Number.isNaN(empty.keepRate) && empty.meanOutput.every(Number.isNaN));
    mc.run(10);
    const ten = mc.result();
    const copy = Array.from(ten.droppedHistogram);
    mc.run(10);
    assert.deepStrictEqual(Array.from(ten.droppedHistogram), copy);
    assert.strictEqual(ten.droppedHistogram.reduce((a, b) => a + b, 0), 10);
    assert.strictEqual(mc.result().droppedHistogram.reduce((a, b) => a + b, 0), 20);
    assert.deepStrictEqual(bits(mc.result()), bits(monteCarlo(x, { p: 0.2, seed: 3, draws: 20 })));
  });

  it('refuses a bad number of calls, and more calls than its 32-bit counts hold', () => {
    const mc = new MonteCarlo(tensor([2], [1, 2]), { p: 0.5, seed: 1 });
    for (const bad of [-1, 1.5, NaN, MAX_DRAWS + 1]) assert.throws(() => mc.run(bad), RangeError, String(bad));
    assert.strictEqual(mc.draws, 0);
    assert.throws(() => new MonteCarlo(tensor([2], [1, 2]), { p: 2, seed: 1 }), /dropout probability has to be between 0 and 1/);
  });
});

describe('stats: Binomial', () => {
  // Expected intervals: exact rational CDFs (Python fractions, math.comb), smallest k reaching each tail.
  const CASES: [number, number, number, number, number][] = [
    [100, 0.2, 0.95, 12, 28], [100, 0.2, 0.99, 10, 31], [100, 0.5, 0.95, 40, 60], [100, 0.5, 0.99, 37, 63],
    [10, 0.5, 0.95, 2, 8], [10, 0.5, 0.99, 1, 9], [1, 0.5, 0.95, 0, 1], [12, 0.01, 0.95, 0, 1], [12, 0.01, 0.99, 0, 2],
    [7, 0.9, 0.95, 4, 7], [1000, 0.3, 0.95, 272, 329], [1000, 0.3, 0.99, 263, 338], [2000, 0.05, 0.95, 81, 120],
    [2000, 0.05, 0.99, 76, 126], [50, 0.999, 0.95, 49, 50],
  ];
  for (const [n, p, level, low, high] of CASES) {
    it(`Binomial(${n}, ${p}) central ${level * 100}%: [${low}, ${high}]`, () => {
      assert.deepStrictEqual(binomialInterval(n, p, level), { low, high });
    });
  }

  it('gives exact probabilities, summing to 1', () => {
    // comb(1000, 300) 0.3^300 0.7^700, exactly in rationals, rounded to double.
    const exact = 0.027521003821268385;
    assert.ok(Math.abs(binomialPmf(1000, 0.3, 300) - exact) / exact < 1e-12);
    assert.strictEqual(binomialPmf(10, 0.5, 3), 120 / 1024);
    for (const [n, p] of [[1, 0.3], [17, 0.5], [5000, 0.001], [1e6, 0.5]]) {
      const total = binomial(n, p).probs.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-12, `${n} ${p}: ${total}`);
    }
    assert.deepStrictEqual(binomial(5, 0), { start: 0, probs: Float64Array.of(1) });
    assert.deepStrictEqual(binomial(5, 1), { start: 5, probs: Float64Array.of(1) });
    assert.strictEqual(binomialPmf(0, 0.5, 0), 1);
  });

  it('is stable for very large n', () => {
    const { low, high } = binomialInterval(1e9, 0.5, 0.95);
    // Normal approximation: 5e8 -+ 1.959964 * sqrt(2.5e8) = 5e8 -+ 30990.2
    assert.ok(Math.abs(5e8 - 30990 - low) <= 2 && Math.abs(5e8 + 30990 - high) <= 2, `${low} ${high}`);
    assert.strictEqual(low + high, 1e9);
  });
});
