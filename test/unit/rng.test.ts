import * as assert from 'assert';
import { MT19937, seedLow32 } from '../../src/core/rng';

const bits = (m: Uint8Array): string => Array.from(m).join('');

describe('MT19937 (PyTorch CPU generator)', () => {
  it('matches the reference mt19937 sequence (C++ std::mt19937, seed 5489)', () => {
    const g = new MT19937(5489);
    assert.deepStrictEqual([g.nextU32(), g.nextU32(), g.nextU32(), g.nextU32(), g.nextU32()], [3499211612, 581869302, 3890346734, 3586334585, 545404204]);
    g.reseed(5489);
    g.skip(9999);
    // The C++ standard requires the 10000th output of a default-constructed mt19937 to be this.
    assert.strictEqual(g.nextU32(), 4123659995);
  });

  it('keeps the low 32 bits of the seed, as torch.manual_seed', () => {
    assert.strictEqual(seedLow32(2n ** 32n + 7n), 7);
    assert.strictEqual(seedLow32(2n ** 64n - 1n), 4294967295);
    assert.strictEqual(seedLow32(-1), 4294967295);
    assert.strictEqual(seedLow32(-1n), 4294967295);
    assert.strictEqual(seedLow32(2 ** 40 + 5), 5);
    assert.throws(() => seedLow32(1.5), RangeError);
    const a = new Uint8Array(100);
    const b = new Uint8Array(100);
    new MT19937(7).bernoulli(0.5, a);
    new MT19937(2n ** 32n + 7n).bernoulli(0.5, b);
    assert.strictEqual(bits(a), bits(b));
  });

  // Expected: `torch.manual_seed(s); torch.empty(64, dtype=torch.float64).bernoulli_(q)` in PyTorch 1.13.
  it('draws bernoulli_ as PyTorch', () => {
    const m = new Uint8Array(64);
    new MT19937(0).bernoulli(0.5, m);
    assert.strictEqual(bits(m), '0010001101111011110010101000010011100101110101010001100100100110');
    new MT19937(2n ** 64n - 1n).bernoulli(0.9, m);
    assert.strictEqual(bits(m), '0101111111110111111110101011110111111111111111111111111111110111');
  });

  it('is the same stream whatever the chunking, across block boundaries and odd offsets', () => {
    const whole = new Uint8Array(2000);
    const ref = new MT19937(123);
    ref.nextU32(); // odd offset: every pair straddles differently
    ref.bernoulli(0.37, whole);
    const g = new MT19937(123);
    g.nextU32();
    const parts = new Uint8Array(2000);
    let at = 0;
    for (const len of [1, 311, 312, 313, 1, 700, 362]) {
      g.bernoulli(0.37, parts, len, at);
      at += len;
    }
    assert.strictEqual(bits(parts), bits(whole));
    // And by hand from raw outputs: 53 low bits of (hi << 32 | lo) over 2^53 < q.
    const raw = new MT19937(123);
    raw.nextU32();
    for (let i = 0; i < 2000; i++) {
      const hi = raw.nextU32();
      const lo = raw.nextU32();
      const u = ((hi % 2 ** 21) * 2 ** 32 + lo) / 2 ** 53;
      assert.strictEqual(whole[i], u < 0.37 ? 1 : 0, `element ${i}`);
    }
  });

  it('keeps exactly at the boundary of the threshold', () => {
    // q * 2^53 not an integer: bits < ceil(q 2^53) <=> bits / 2^53 < q.
    for (const q of [Number.MIN_VALUE, 1e-300, 0.1, 1 / 3, 0.5 + 2 ** -40, 1 - 2 ** -53]) {
      const m = new Uint8Array(5000);
      const raw = new MT19937(9);
      new MT19937(9).bernoulli(q, m);
      for (let i = 0; i < m.length; i++) {
        const hi = raw.nextU32();
        const lo = raw.nextU32();
        assert.strictEqual(m[i], ((hi % 2 ** 21) * 2 ** 32 + lo) / 2 ** 53 < q ? 1 : 0);
      }
    }
  });
});
