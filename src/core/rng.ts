/**
 * PyTorch's CPU generator, bit for bit: MT19937 seeded as `torch.manual_seed` does, and the
 * `bernoulli_` draw of builds without MKL's Bernoulli path (the project spec, shared/spec/pytorch-dropout.md).
 */

import { jumpPolynomial, MT_DEGREE } from './jump';

const N = 624;
const M = 397;
// Constants as signed int32 (0x80000000, 0x9908b0df, 0x9d2c5680, 0xefc60000): V8 then keeps the
// whole generator in int32 registers, about twice as fast as with the unsigned literals.
const UPPER = -2147483648;
const LOWER = 0x7fffffff;
const MATRIX_A = -1727483681;
const TEMPER_B = -1658038656;
const TEMPER_C = -272236544;
const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;
/**
 * Distance from which skip() jumps: about what the jump costs in outputs generated one by one
 * (npm run bench prints both).
 */
export const JUMP_MIN = 4_000_000n;

/** The 32 bits `mt19937(seed)` starts from: PyTorch keeps only the low 32 bits of the 64-bit seed. */
export function seedLow32(seed: number | bigint): number {
  if (typeof seed === 'bigint') return Number(BigInt.asUintN(32, seed));
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer or a bigint (got ${seed})`);
  // Two's-complement wrap, as manual_seed's conversion of a negative seed to uint64.
  return ((seed % TWO_32) + TWO_32) % TWO_32;
}

function temper(v: number): number {
  let y = v ^ (v >>> 11);
  y ^= (y << 7) & TEMPER_B;
  y ^= (y << 15) & TEMPER_C;
  return y ^ (y >>> 18);
}

export class MT19937 {
  private readonly state = new Int32Array(N);
  /** Tempered outputs of the current block, made 624 at a time so that drawing is a plain read. */
  private readonly out = new Int32Array(N);
  private index = N;
  /** Outputs drawn before out[0] since the last seeding (negative until the first block is made). */
  private blockStart = -N;

  constructor(seed: number | bigint) {
    this.reseed(seed);
  }

  /** `torch.manual_seed(seed)`: the reference init_genrand on the low 32 bits. */
  reseed(seed: number | bigint): void {
    const s = this.state;
    s[0] = seedLow32(seed);
    for (let j = 1; j < N; j++) s[j] = Math.imul(1812433253, s[j - 1] ^ (s[j - 1] >>> 30)) + j;
    this.index = N;
    this.blockStart = -N;
  }

  /** Outputs drawn (or skipped) since the last seeding: where the next draw sits in the stream. */
  get drawn(): number {
    return this.blockStart + this.index;
  }

  private refill(): void {
    const s = this.state;
    const o = this.out;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (s[k] & UPPER) | (s[k + 1] & LOWER);
      const v = s[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      s[k] = v;
      o[k] = temper(v);
    }
    for (; k < N - 1; k++) {
      const y = (s[k] & UPPER) | (s[k + 1] & LOWER);
      const v = s[k + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      s[k] = v;
      o[k] = temper(v);
    }
    const y = (s[N - 1] & UPPER) | (s[0] & LOWER);
    const v = s[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    s[N - 1] = v;
    o[N - 1] = temper(v);
    this.index = 0;
    this.blockStart += N;
  }

  /** The next 32-bit output (unsigned), as `engine_()` in PyTorch. */
  nextU32(): number {
    if (this.index >= N) this.refill();
    return this.out[this.index++] >>> 0;
  }

  /**
   * Discards `count` outputs, as the draws of earlier calls would: one block after another up to
   * JUMP_MIN, beyond it by the jump-ahead, whose cost does not grow with the distance.
   */
  skip(count: number | bigint): void {
    const total = BigInt(count);
    if (total >= JUMP_MIN) {
      this.jumpAhead(total);
      return;
    }
    let left = Number(total);
    if (left < 0) throw new RangeError(`count must be >= 0 (got ${count})`);
    while (left > 0) {
      if (this.index >= N) this.refill();
      const step = Math.min(left, N - this.index);
      this.index += step;
      left -= step;
    }
  }

  /** Discards `count` outputs by the jump-ahead, whatever the distance (skip() picks the cheaper way). */
  jumpAhead(count: bigint): void {
    if (count < 0n) throw new RangeError(`count must be >= 0 (got ${count})`);
    const rest = N - this.index;
    if (count <= rest) this.index += Number(count);
    else this.jump(count - BigInt(rest));
  }

  /**
   * Advances the state a refill starts from (this.state, once the block is used up) by `words`
   * steps of the recurrence: g(A) applied to it, with g = x^words mod P (jump.ts), by summing
   * A^i state over g's terms while stepping a copy; the next refill then makes the outputs that
   * come `words` later. The ring buffer `buf` holds A^i state from `head` on; its first word's
   * low 31 bits are unused by the recurrence, so what the sum puts there does not matter.
   */
  private jump(words: bigint): void {
    const g = jumpPolynomial(words);
    const buf = Int32Array.from(this.state);
    const acc = new Int32Array(N);
    let head = 0;
    for (let i = 0; i < MT_DEGREE; i++) {
      if ((g[i >> 5] >>> (i & 31)) & 1) {
        for (let j = head; j < N; j++) acc[j - head] ^= buf[j];
        for (let j = 0; j < head; j++) acc[N - head + j] ^= buf[j];
      }
      const next = head + 1 === N ? 0 : head + 1;
      const y = (buf[head] & UPPER) | (buf[next] & LOWER);
      buf[head] = buf[head < N - M ? head + M : head + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      head = next;
    }
    this.state.set(acc);
    this.index = N;
    this.blockStart += Number(words);
  }

  /**
   * `bernoulli_(keepProb)` over `count` elements in order: writes 1 (kept) or 0 into `mask` from
   * `offset`, and returns the number kept. Each element uses two outputs hi, lo; the 53 low bits
   * of (hi << 32 | lo) over 2^53 is PyTorch's uniform double, kept when it is < keepProb.
   */
  bernoulli(keepProb: number, mask: Uint8Array, count = mask.length, offset = 0): number {
    // u < q  <=>  bits < ceil(q * 2^53): the scaling is exact and bits is an integer. The bound is
    // split in 21 high and 32 low bits so the hot loop is integer-only and branch-free (a
    // data-dependent branch mispredicts half the time at p = 0.5 and costs more than the draw).
    const bound = Math.ceil(keepProb * TWO_53);
    const boundHi = Math.floor(bound / TWO_32);
    const boundLoSigned = (bound % TWO_32) ^ UPPER;
    const o = this.out;
    let kept = 0;
    let i = 0;
    while (i < count) {
      if (this.index >= N - 1) {
        // The pair starts a new block, or straddles two after an odd number of nextU32 calls.
        const hi = this.nextU32();
        const lo = this.nextU32();
        const keep = (hi & 0x1fffff) * TWO_32 + lo < bound ? 1 : 0;
        mask[offset + i++] = keep;
        kept += keep;
        continue;
      }
      let idx = this.index;
      const end = Math.min(count, i + ((N - idx) >> 1));
      for (; i < end; i++, idx += 2) {
        const h = o[idx] & 0x1fffff;
        let keep = (h - boundHi) >>> 31;
        // Unsigned comparison of the low words via a sign flip; equal high parts are rare.
        if (h === boundHi) keep = (o[idx + 1] ^ UPPER) < boundLoSigned ? 1 : 0;
        mask[offset + i] = keep;
        kept += keep;
      }
      this.index = idx;
    }
    return kept;
  }
}
