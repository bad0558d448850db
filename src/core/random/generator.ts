/**
 * PyTorch's CPU generator state as random ops see it: the MT19937 stream plus the cached second
 * value of the serial normal path (CPUGeneratorImpl's next_double_normal_sample), which
 * `manual_seed` clears and which survives from one `normal_` call to the next.
 */
import { MT19937 } from '../rng';

const TWO_32 = 4294967296;

export class TorchGenerator {
  readonly mt: MT19937;
  normalCache: number | undefined;

  constructor(seed: number | bigint) {
    this.mt = new MT19937(seed);
  }

  manualSeed(seed: number | bigint): void {
    this.mt.reseed(seed);
    this.normalCache = undefined;
  }

  /** `random()`: one 32-bit output. */
  random(): number {
    return this.mt.nextU32();
  }

  /** `random64()` as a double holding its low 53 bits: the two outputs, the first as the high word. */
  random53(): number {
    const hi = this.mt.nextU32();
    const lo = this.mt.nextU32();
    return (hi & 0x1fffff) * TWO_32 + lo;
  }
}
