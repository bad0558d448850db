import * as assert from 'assert';
import { DropoutError, VARIANTS } from '../../src/core/dropout';
import { repr } from '../../src/core/repr';
import { MT19937 } from '../../src/core/rng';
import { freshSeed, parseSeed, runDropout } from '../../src/core/run';
import { makeTensor, type Tensor } from '../../src/core/tensor';
import { applyDropout, assertSameValues, DROPOUT_CASES as CASES, decode, fixtureTensor as tensorOf, type DropoutCase as Case } from './dropoutFixtures';

function pOf(c: Case): number {
  return typeof c.p === 'number' ? c.p : c.p === 'nan' ? NaN : c.p === 'inf' ? Infinity : -Infinity;
}

describe(`dropout against ${CASES.length} PyTorch fixtures`, () => {
  it('covers every variant, errors, warnings, inplace, eval and grad', () => {
    assert.ok(CASES.length >= 300);
    for (const v of VARIANTS) assert.ok(CASES.some((c) => c.variant === v && c.mask), v);
    assert.ok(CASES.some((c) => c.error?.type === 'ValueError') && CASES.some((c) => c.error?.type === 'RuntimeError'));
    assert.ok(CASES.some((c) => c.warnings.length > 0) && CASES.some((c) => c.inplace && c.output));
    assert.ok(CASES.some((c) => BigInt(c.seed) > 2n ** 32n) && CASES.some((c) => c.call === 3 && c.mask));
    assert.ok(CASES.some((c) => c.input.shape.reduce((a, b) => a * b, 1) > 1000));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const input = tensorOf(c.input);
      const run = (): ReturnType<typeof runDropout> =>
        runDropout(input, { variant: c.variant, p: pOf(c), pIsInt: c.pIsInt, seed: c.seed, call: c.call, training: c.training, inplace: c.inplace });
      if (c.error) {
        assert.throws(run, (e: unknown) => {
          assert.ok(e instanceof DropoutError, `expected a DropoutError, got ${String(e)}`);
          assert.strictEqual(e.pythonText, `${c.error?.type}: ${c.error?.message}`);
          assert.deepStrictEqual(e.warnings, c.warnings);
          return true;
        });
        return;
      }
      const r = run();
      const expected = c.output!;
      assert.deepStrictEqual(r.warnings, c.warnings);
      assert.deepStrictEqual(r.output.shape, expected.shape);
      assert.strictEqual(r.output.dtype, expected.dtype);
      assertSameValues(r.output.data, decode(expected), 'output');
      assert.strictEqual(r.output.requiresGrad, expected.requiresGrad);
      assert.strictEqual(r.output.gradFn ?? null, expected.gradFn);
      assert.strictEqual(r.output === input, c.sameAsInput);
      assert.strictEqual(r.input, input);
      if (c.mask) {
        assert.deepStrictEqual(r.plan.noiseShape, c.mask.shape);
        assert.ok(r.mask);
        assert.strictEqual(Array.from(r.mask).join(''), c.mask.bits);
        assert.strictEqual(r.kept, [...c.mask.bits].filter((b) => b === '1').length);
      } else {
        assert.strictEqual(r.mask, null);
      }
      assert.strictEqual(repr(r.output), c.repr);
      if (c.inputAfter) {
        assertSameValues(input.data, decode(c.inputAfter), 'input after');
        assert.strictEqual(repr(input), c.inputAfterRepr);
      } else {
        assertSameValues(input.data, decode(c.input), 'input unchanged');
      }
    });
  }
});

describe('dropout API', () => {
  const ones = (shape: number[]): Tensor => makeTensor({ shape, dtype: 'float32', data: new Array(shape.reduce((a, b) => a * b, 1)).fill(1) });

  it('the k-th call equals k successive calls on one generator', () => {
    const x = ones([5, 7]);
    const rng = new MT19937(2n ** 40n + 3n);
    let last = applyDropout('dropout2d', x, rng, { p: 0.3 });
    last = applyDropout('dropout2d', x, rng, { p: 0.3 });
    last = applyDropout('dropout2d', x, rng, { p: 0.3 });
    const r = runDropout(x, { variant: 'dropout2d', p: 0.3, seed: (2n ** 40n + 3n).toString(), call: 3 });
    assert.deepStrictEqual(Array.from(r.mask!), Array.from(last.mask!));
    assert.deepStrictEqual(Array.from(r.output.data), Array.from(last.output.data));
    assert.strictEqual(r.seed, '1099511627779');
    assert.strictEqual(r.call, 3);
  });

  it('exposes the scale of kept elements and the alpha shifts', () => {
    const r = runDropout(ones([4]), { p: 0.2, seed: 1 });
    assert.strictEqual(r.plan.scale, Math.fround(1 / Math.fround(0.8)));
    const a = runDropout(ones([4]), { variant: 'alpha_dropout', p: 0.2, seed: 1, training: true });
    for (let i = 0; i < 4; i++) {
      const want = r.mask![i] ? Math.fround(a.plan.scale + a.plan.shift.kept) : a.plan.shift.dropped;
      assert.strictEqual(a.output.data[i], want);
    }
  });

  it('accepts seeds as manual_seed does, with its errors', () => {
    assert.strictEqual(parseSeed('18446744073709551615'), 2n ** 64n - 1n);
    assert.strictEqual(parseSeed(' -1_000 '), -1000n);
    assert.strictEqual(parseSeed(7), 7n);
    assert.throws(() => parseSeed('18446744073709551616'), /Overflow when unpacking long/);
    assert.throws(() => parseSeed((-(2n ** 63n) - 1n).toString()), /Overflow when unpacking long/);
    assert.throws(() => parseSeed('1.5'), (e: Error & { pythonText?: string }) => e.pythonText === "ValueError: invalid literal for int() with base 10: '1.5'");
    assert.throws(() => parseSeed(2 ** 60), RangeError);
    // -1 and 2^64-1 are the same generator state, as in PyTorch.
    const a = runDropout(ones([50]), { seed: -1 });
    const b = runDropout(ones([50]), { seed: '18446744073709551615' });
    assert.deepStrictEqual(Array.from(a.mask!), Array.from(b.mask!));
    assert.strictEqual(a.seed, '-1');
  });

  it('draws a fresh seed when none is given and reports it', () => {
    const r = runDropout(ones([20]));
    const again = runDropout(ones([20]), { seed: r.seed });
    assert.deepStrictEqual(Array.from(again.mask!), Array.from(r.mask!));
    assert.match(freshSeed(), /^\d+$/);
    assert.throws(() => runDropout(ones([2]), { call: 0 }), RangeError);
  });
});
