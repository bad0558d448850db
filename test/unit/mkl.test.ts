import * as assert from 'assert';
import { isBuild } from '../../src/core/builds';
import { keepBound, mcgBernoulli, mcgPow, mcgSkip, mcgStart, MklBernoulli } from '../../src/core/mkl';
import { repr } from '../../src/core/repr';
import { MT19937 } from '../../src/core/rng';
import { runDropout } from '../../src/core/run';
import { MonteCarlo } from '../../src/core/stats';
import { makeTensor, type Tensor } from '../../src/core/tensor';
import { applyDropout, assertSameValues, decode, fixtureTensor, loadDropoutCases } from './dropoutFixtures';

const CASES = loadDropoutCases('dropout-mkl.json');
const M = 2 ** 31 - 1;

const ones = (shape: number[]): Tensor => makeTensor({ shape, dtype: 'float32', data: new Array(shape.reduce((a, b) => a * b, 1)).fill(1) });

describe(`x86-mkl build against ${CASES.length} PyTorch 2.6 fixtures`, () => {
  it('covers variants, dtypes, calls, big seeds, shortcuts, ties and p near 0 and 1', () => {
    for (const v of ['dropout', 'dropout1d', 'dropout2d', 'dropout3d', 'alpha_dropout', 'feature_alpha_dropout']) {
      assert.ok(CASES.some((c) => c.variant === v && c.mask), v);
    }
    assert.ok(CASES.some((c) => c.input.dtype === 'float64' && c.mask) && CASES.some((c) => c.inplace && c.mask));
    assert.ok(CASES.some((c) => c.call === 3 && c.mask) && CASES.some((c) => BigInt(c.seed) > 2n ** 32n && c.mask));
    assert.ok(CASES.some((c) => !c.training) && CASES.some((c) => c.p === 0) && CASES.some((c) => c.p === 1));
    assert.ok(CASES.some((c) => c.name.startsWith('tie')) && CASES.some((c) => c.name.startsWith('tiny p') && c.mask?.bits.includes('0')));
    assert.ok(CASES.some((c) => c.input.shape.length === 5 && c.mask));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const input = fixtureTensor(c.input);
      const p = c.p as number;
      const r = runDropout(input, { build: 'x86-mkl', variant: c.variant, p, pIsInt: c.pIsInt, seed: c.seed, call: c.call, training: c.training, inplace: c.inplace });
      const expected = c.output!;
      if (c.mask) {
        assert.deepStrictEqual(r.plan.noiseShape, c.mask.shape);
        assert.strictEqual(Array.from(r.mask!).join(''), c.mask.bits);
        assert.strictEqual(r.kept, [...c.mask.bits].filter((b) => b === '1').length);
      } else {
        assert.strictEqual(r.mask, null);
      }
      assert.deepStrictEqual(r.warnings, c.warnings);
      assert.deepStrictEqual(r.output.shape, expected.shape);
      assertSameValues(r.output.data, decode(expected), 'output');
      assert.strictEqual(r.output.gradFn ?? null, expected.gradFn);
      assert.strictEqual(r.output === input, c.sameAsInput);
      assert.strictEqual(repr(r.output), c.repr);
      if (c.inputAfter) assert.strictEqual(repr(input), c.inputAfterRepr);
    });
  }
});

describe('MKL stream (mkl.ts)', () => {
  it('starts from the seed mod 2^31-1, 0 as 1, and skips ahead as it steps', () => {
    assert.strictEqual(mcgStart(0), 1);
    assert.strictEqual(mcgStart(M), 1);
    assert.strictEqual(mcgStart(2 * M), 1);
    assert.strictEqual(mcgStart(2 ** 32 - 1), 1);
    assert.strictEqual(mcgStart(2 ** 31), 1);
    assert.strictEqual(mcgStart(M - 1), M - 1);
    let x = 987654321;
    for (let i = 0; i < 100; i++) x = Number((BigInt(x) * 1132489760n) % BigInt(M));
    assert.strictEqual(mcgSkip(987654321, 100), x);
    // A primitive root's order is M - 1: the stream comes back after M - 1 steps, and not after half of it.
    assert.strictEqual(mcgPow(1132489760n, BigInt(M - 1)), 1n);
    assert.notStrictEqual(mcgPow(1132489760n, BigInt((M - 1) / 2)), 1n);
  });

  it('keeps x exactly when fl(x / M) < fl(keepProb)', () => {
    for (const q of [0.5, 0.1, 0.9, 1 / 3, 1e-7, 1 - 1e-9, 1 - 2 ** -26, 2 ** -30, Math.fround(0.7), 0.7]) {
      const b = keepBound(q);
      assert.ok(Math.fround(b / M) >= Math.fround(q), `${q}: ${b} kept`);
      assert.ok(b === 0 || Math.fround((b - 1) / M) < Math.fround(q), `${q}: ${b - 1} dropped`);
    }
    // fl(1 - 1e-9) is 1.0: only the values whose float32 uniform rounds to 1.0 are dropped.
    assert.strictEqual(M - keepBound(1 - 1e-9), 64);
  });

  it('draws a mask whose elements follow the stream one by one', () => {
    // Offsets 1..3: a mask that does not start on a 4-byte boundary (the loop stores whole words).
    for (const [n, offset] of [[0, 0], [1, 0], [7, 0], [8, 0], [9, 0], [63, 0], [1000, 0], [1000, 1], [9, 2], [17, 3]]) {
      const mask = new Uint8Array(n + offset + 1).subarray(offset, offset + n);
      const kept = mcgBernoulli(12345, 0.3, mask);
      assert.strictEqual(mask.buffer.byteLength === n + offset + 1 && new Uint8Array(mask.buffer)[offset + n], 0, 'nothing written past the mask');
      const bound = keepBound(0.3);
      let x = 12345;
      for (let i = 0; i < n; i++, x = mcgSkip(x, 1)) assert.strictEqual(mask[i], x < bound ? 1 : 0, `n=${n} element ${i}`);
      assert.strictEqual(kept, mask.reduce((a, b) => a + b, 0));
    }
  });

  it('takes one generator output per call, whatever its size', () => {
    const seed = 2n ** 40n + 3n;
    const rng = new MklBernoulli(new MT19937(seed));
    applyDropout('dropout', ones([1000]), rng, { p: 0.3 });
    applyDropout('dropout2d', ones([2, 3, 4, 4]), rng, { p: 0.3 });
    const third = applyDropout('dropout', ones([5, 7]), rng, { p: 0.3 });
    const direct = runDropout(ones([5, 7]), { build: 'x86-mkl', p: 0.3, seed: seed.toString(), call: 3 });
    assert.deepStrictEqual(Array.from(direct.mask!), Array.from(third.mask!));
    const mt = new MT19937(seed);
    mt.skip(2);
    const expected = new Uint8Array(35);
    mcgBernoulli(mcgStart(mt.nextU32()), 0.7, expected);
    assert.deepStrictEqual(Array.from(third.mask!), Array.from(expected));
  });

  it('differs from the default build, which stays the default', () => {
    const a = runDropout(ones([6, 6]), { seed: 123 });
    const b = runDropout(ones([6, 6]), { seed: 123, build: 'default' });
    const c = runDropout(ones([6, 6]), { seed: 123, build: 'x86-mkl' });
    assert.deepStrictEqual(Array.from(a.mask!), Array.from(b.mask!));
    assert.notDeepStrictEqual(Array.from(a.mask!), Array.from(c.mask!));
  });

  it("the Monte-Carlo simulates the build's calls 1, 2, 3 after the seed", () => {
    const x = ones([4, 5]);
    const mc = new MonteCarlo(x, { p: 0.4, seed: 99, build: 'x86-mkl' });
    mc.run(3);
    const kept = [1, 2, 3].reduce((sum, call) => sum + runDropout(x, { p: 0.4, seed: 99, call, build: 'x86-mkl' }).kept, 0);
    const keptDefault = [1, 2, 3].reduce((sum, call) => sum + runDropout(x, { p: 0.4, seed: 99, call }).kept, 0);
    assert.notStrictEqual(kept, keptDefault, 'the builds differ on these calls');
    assert.strictEqual(Math.round(mc.result().keepRate * 60), kept);
  });

  it('recognises the build names', () => {
    assert.ok(isBuild('default') && isBuild('x86-mkl'));
    assert.ok(!isBuild('mkl') && !isBuild(undefined) && !isBuild('Default'));
  });
});
