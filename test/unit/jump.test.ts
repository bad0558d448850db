import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CHAR_POLY_LOW_TERMS, MT_DEGREE, jumpPolynomial } from '../../src/core/jump';
import { JUMP_MIN, MT19937 } from '../../src/core/rng';
import { runDropout } from '../../src/core/run';
import { makeTensor } from '../../src/core/tensor';

interface JumpFixture {
  raw: { seed: string; skipped: string; uniform: number[] }[];
  calls: { seed: string; variant: 'dropout' | 'dropout2d'; p: number; shape: number[]; call: string; mask: string }[];
}
const FIXTURE: JumpFixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', 'jump.json'), 'utf8'));

/** The next `n` outputs. */
const outputs = (g: MT19937, n: number): number[] => Array.from({ length: n }, () => g.nextU32());

/** A generator `pre` outputs after `seed`. */
function at(seed: number, pre: number): MT19937 {
  const g = new MT19937(seed);
  for (let i = 0; i < pre; i++) g.nextU32();
  return g;
}

/** Skips one block-sized piece at a time: the linear path only, whatever the distance. */
function skipLinear(g: MT19937, count: number): void {
  for (let left = count; left > 0; left -= Math.min(left, 624)) g.skip(Math.min(left, 624));
}

/** PyTorch's uniform_() on float64: the 53 low bits of (hi << 32 | lo) over 2^53. */
function uniform(g: MT19937): number {
  const hi = g.nextU32();
  const lo = g.nextU32();
  return ((hi % 2 ** 21) * 2 ** 32 + lo) / 2 ** 53;
}

describe('MT19937 jump-ahead', () => {
  it('has the characteristic polynomial: P annihilates every output bit sequence', () => {
    // An irreducible P of degree 19937 is the only such polynomial; a wrong term breaks this.
    assert.strictEqual(CHAR_POLY_LOW_TERMS.length, 134);
    const terms = [...CHAR_POLY_LOW_TERMS, MT_DEGREE];
    for (const seed of [5489, 20261201]) {
      const seq = outputs(new MT19937(seed), MT_DEGREE + 1500);
      for (let k = 0; k < 1500; k++) {
        let sum = 0;
        for (const t of terms) sum ^= seq[k + t];
        assert.strictEqual(sum, 0, `seed ${seed}, offset ${k}`);
      }
    }
  });

  it('x^n mod P: x^n itself below the degree, and reduced at it', () => {
    const g = jumpPolynomial(100n);
    assert.strictEqual(g[3], 1 << 4);
    assert.strictEqual(g.reduce((a, w) => a + (w === 0 ? 0 : 1), 0), 1);
    const top = jumpPolynomial(BigInt(MT_DEGREE));
    const bits: number[] = [];
    for (let i = 0; i < MT_DEGREE; i++) if ((top[i >> 5] >>> (i & 31)) & 1) bits.push(i);
    assert.deepStrictEqual(bits, CHAR_POLY_LOW_TERMS);
    assert.throws(() => jumpPolynomial(-1n), RangeError);
    assert.throws(() => new MT19937(1).jumpAhead(-1n), RangeError);
    assert.throws(() => new MT19937(1).skip(-1), RangeError);
    assert.throws(() => new MT19937(1).skip(-(2n ** 80n)), RangeError);
  });

  it('jumps to where stepping gets, around block boundaries and after odd numbers of outputs', () => {
    for (const pre of [0, 1, 311, 623, 624, 625, 1247]) {
      for (const n of [0, 1, 2, 311, 622, 623, 624, 625, 1247, 1248, 1249, 19936, 19937, 19938, 100003]) {
        const linear = at(42, pre);
        skipLinear(linear, n);
        const jumped = at(42, pre);
        jumped.jumpAhead(BigInt(n));
        assert.deepStrictEqual(outputs(jumped, 1300), outputs(linear, 1300), `after ${pre} outputs, by ${n}`);
      }
    }
  });

  it('jumps to where stepping gets, for random distances up to 10^8', () => {
    let s = 7;
    const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let trial = 0; trial < 4; trial++) {
      const pre = next() % 1300;
      const n = trial === 0 ? 1e8 : next() % 1e8;
      const seed = next();
      const linear = at(seed, pre);
      skipLinear(linear, n);
      const jumped = at(seed, pre);
      jumped.jumpAhead(BigInt(n));
      assert.deepStrictEqual(outputs(jumped, 700), outputs(linear, 700), `seed ${seed}, after ${pre} outputs, by ${n}`);
    }
  });

  it('skip() takes the same stream on both sides of its switch to jumping', () => {
    for (const n of [Number(JUMP_MIN) - 1, Number(JUMP_MIN), Number(JUMP_MIN) + 1]) {
      const linear = at(3, 1);
      skipLinear(linear, n);
      const g = at(3, 1);
      g.skip(n);
      assert.deepStrictEqual(outputs(g, 700), outputs(linear, 700), `by ${n}`);
    }
  });

  it(`draws what PyTorch draws after up to 2^34 outputs (${FIXTURE.raw.length} PyTorch checkpoints)`, () => {
    assert.ok(FIXTURE.raw.some((c) => BigInt(c.skipped) > 2n ** 34n));
    for (const c of FIXTURE.raw) {
      const g = new MT19937(BigInt(c.seed));
      g.skip(BigInt(c.skipped));
      assert.deepStrictEqual([uniform(g), uniform(g), uniform(g), uniform(g)], c.uniform, `seed ${c.seed}, after ${c.skipped} outputs`);
    }
  });

  it(`gives PyTorch's mask for call indices past 10^9 (${FIXTURE.calls.length} PyTorch cases)`, () => {
    assert.ok(FIXTURE.calls.some((c) => Number(c.call) > 1e9));
    for (const c of FIXTURE.calls) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const input = makeTensor({ shape: c.shape, dtype: 'float32', data: new Float32Array(n).fill(1) });
      const r = runDropout(input, { variant: c.variant, p: c.p, seed: c.seed, call: Number(c.call) });
      assert.strictEqual(r.mask && Array.from(r.mask).join(''), c.mask, `${c.variant} ${JSON.stringify(c.shape)}, call ${c.call}`);
    }
  });
});

describe('MT19937 drawn: outputs since the seeding, whichever way they went', () => {
  it('counts draws, bernoulli pairs, skips and jumps, and restarts at a reseed', () => {
    const g = new MT19937(5);
    assert.strictEqual(g.drawn, 0);
    outputs(g, 3);
    g.bernoulli(0.5, new Uint8Array(700));
    assert.strictEqual(g.drawn, 1403);
    g.skip(1000);
    g.skip(JUMP_MIN + 7n);
    assert.strictEqual(g.drawn, 2403 + Number(JUMP_MIN) + 7);
    outputs(g, 625);
    assert.strictEqual(g.drawn, 3035 + Number(JUMP_MIN));
    g.reseed(5);
    assert.strictEqual(g.drawn, 0);
  });
});
