/**
 * `bernoulli_` of PyTorch's x86-64 builds with MKL (official wheels and conda packages up to 2.6):
 * each call takes one 32-bit output of the generator as the seed of Intel MKL's MCG31m1 stream and
 * keeps element i when the stream's i-th number, as a float32 uniform, is below `fl(1 - p)`.
 * The facts and how they were checked: docs/builds.md.
 */

import { MT19937 } from './rng';

/** MCG31m1: x' = A·x mod M, the uniform x / M. */
const M = 0x7fffffff;
const A = 1132489760n;
const MB = BigInt(M);

/** `base^exp mod M`, by squaring: the stream's skip-ahead is O(log exp). */
export function mcgPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % MB;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % MB;
    b = (b * b) % MB;
  }
  return result;
}

/** The stream's state `steps` numbers after `x`. */
export function mcgSkip(x: number, steps: number | bigint): number {
  return Number((BigInt(x) * mcgPow(A, BigInt(steps))) % MB);
}

/** x0 of `vslNewStream(VSL_BRNG_MCG31, seed)`: the seed mod M, with 0 taken as 1. */
export function mcgStart(seed32: number): number {
  return seed32 % M || 1;
}

/**
 * The smallest x with `fl(x / M) >= fl(keepProb)`: MKL keeps element i exactly when x_i is below
 * it (the float32 rounding of x / M is monotonic), so the hot loop compares integers.
 */
export function keepBound(keepProb: number): number {
  const q = Math.fround(keepProb);
  let lo = 0;
  let hi = M + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (Math.fround(mid / M) >= q) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Eight interleaved lanes, each stepping by A^8: the serial dependency of one MCG step is what
 * limits speed, and eight independent chains fill the processor's pipelines.
 */
const LANES = 8;

/**
 * A^8·x mod M as the sum of two table entries, for the low 16 and the high 15 bits of x. The
 * second table holds `M - entry`, so that a step is one int32 subtraction and `+ M` when it is
 * negative: no intermediate leaves int32, which keeps V8 on integer registers. Built on first use.
 */
let tables: { low: Int32Array; high: Int32Array } | undefined;

function laneTables(): { low: Int32Array; high: Int32Array } {
  if (tables) return tables;
  const a8 = mcgPow(A, BigInt(LANES));
  const fill = (size: number, shift: number, negate: boolean): Int32Array => {
    const unit = Number((a8 << BigInt(shift)) % MB);
    const t = new Int32Array(size);
    let v = 0;
    for (let j = 0; j < size; j++) {
      t[j] = negate ? M - v : v;
      v += unit;
      if (v >= M) v -= M;
    }
    return t;
  };
  tables = { low: fill(1 << 16, 0, false), high: fill(1 << 15, 16, true) };
  return tables;
}

/** Whether a Uint32 store puts its low byte first in memory (every engine this runs on, but not s390x). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** A word's four bytes in the opposite order. */
const swapBytes = (v: number): number => ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);

/**
 * `bernoulli_(keepProb)` of MKL's stream started at `x0`, for `mask.length` elements: writes
 * 1 (kept) or 0 and returns the number kept.
 */
export function mcgBernoulli(x0: number, keepProb: number, mask: Uint8Array): number {
  const n = mask.length;
  // The loop stores four mask bytes at a time, which needs a 4-byte-aligned start.
  if (mask.byteOffset % 4 !== 0) {
    const aligned = new Uint8Array(n);
    const kept = mcgBernoulli(x0, keepProb, aligned);
    mask.set(aligned);
    return kept;
  }
  const { low, high } = laneTables();
  const bound = keepBound(keepProb);
  const words = new Uint32Array(mask.buffer, mask.byteOffset, n >> 2);
  const lanes: number[] = [x0];
  for (let r = 1; r < LANES; r++) lanes.push(mcgSkip(lanes[r - 1], 1));
  let [x1, x2, x3, x4, x5, x6, x7, x8] = lanes;
  let kept = 0;
  let i = 0;
  // (x - bound) >>> 31 is 1 exactly when x < bound (both in [0, 2^31]). Eight 0/1 bytes go out as
  // two words (a third fewer instructions than eight byte stores), and the word sum's four bytes
  // (each at most 2) add up in the top byte of one multiplication. The steps are written out
  // because V8 does not inline a helper closure here reliably (a third slower).
  for (let w = 0; i + LANES <= n; i += LANES, w += 2) {
    const first = ((x1 - bound) >>> 31) | (((x2 - bound) >>> 31) << 8) | (((x3 - bound) >>> 31) << 16) | (((x4 - bound) >>> 31) << 24);
    const second = ((x5 - bound) >>> 31) | (((x6 - bound) >>> 31) << 8) | (((x7 - bound) >>> 31) << 16) | (((x8 - bound) >>> 31) << 24);
    words[w] = first;
    words[w + 1] = second;
    kept += Math.imul(first + second, 0x01010101) >>> 24;
    let d = low[x1 & 0xffff] - high[x1 >>> 16];
    x1 = d + ((d >> 31) & M);
    d = low[x2 & 0xffff] - high[x2 >>> 16];
    x2 = d + ((d >> 31) & M);
    d = low[x3 & 0xffff] - high[x3 >>> 16];
    x3 = d + ((d >> 31) & M);
    d = low[x4 & 0xffff] - high[x4 >>> 16];
    x4 = d + ((d >> 31) & M);
    d = low[x5 & 0xffff] - high[x5 >>> 16];
    x5 = d + ((d >> 31) & M);
    d = low[x6 & 0xffff] - high[x6 >>> 16];
    x6 = d + ((d >> 31) & M);
    d = low[x7 & 0xffff] - high[x7 >>> 16];
    x7 = d + ((d >> 31) & M);
    d = low[x8 & 0xffff] - high[x8 >>> 16];
    x8 = d + ((d >> 31) & M);
  }
  if (!LITTLE_ENDIAN) for (let w = 0; w < i >> 2; w++) words[w] = swapBytes(words[w]);
  const rest = [x1, x2, x3, x4, x5, x6, x7, x8];
  for (let r = 0; i < n; i++, r++) {
    const k = (rest[r] - bound) >>> 31;
    mask[i] = k;
    kept += k;
  }
  return kept;
}

/**
 * PyTorch's CPU generator as the MKL build's `bernoulli_` draws from it: one 32-bit output per
 * call, whatever the number of elements. Passed to `executeDropout` in place of the MT19937.
 */
export class MklBernoulli {
  constructor(private readonly rng: MT19937) {}

  bernoulli(keepProb: number, mask: Uint8Array): number {
    return mcgBernoulli(mcgStart(this.rng.nextU32()), keepProb, mask);
  }
}

/**
 * The generator as the `call`-th dropout call after `torch.manual_seed(seed)` finds it: each
 * earlier call took one output, after the `drawn` other code took.
 */
export function mklForCall(seed: bigint, call: number, drawn = 0): MklBernoulli {
  const rng = new MT19937(seed);
  rng.skip(BigInt(drawn) + BigInt(call - 1));
  return new MklBernoulli(rng);
}
