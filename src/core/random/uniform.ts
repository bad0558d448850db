/**
 * `uniform_` / `torch.rand`: one draw per element in row-major order (TransformationHelper.h's
 * uniform_real): float32 takes the low 24 bits of one output, float64 the low 53 of two, then
 * `x * (to - from) + from` in the dtype.
 */
import type { TorchGenerator } from './generator';

const TWO_M24 = 2 ** -24;
const TWO_M53 = 2 ** -53;

/** A uniform float32 in [0, 1): what `uniform_real_distribution<float>(0, 1)` returns. */
export function uniformFloat01(gen: TorchGenerator): number {
  return (gen.random() & 0xffffff) * TWO_M24;
}

/** A uniform double in [0, 1). */
export function uniformDouble01(gen: TorchGenerator): number {
  return gen.random53() * TWO_M53;
}

/** Fills `out` with uniform_(from, to) in `out`'s precision (Float32Array: float32 arithmetic). */
export function uniformFill(gen: TorchGenerator, out: Float32Array | Float64Array, from = 0, to = 1): void {
  if (out instanceof Float32Array) {
    const f = Math.fround(from);
    const range = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < out.length; i++) {
      const v = Math.fround(Math.fround(uniformFloat01(gen) * range) + f);
      // PyTorch clamps a result that rounded up to `to` back to `from`, keeping [from, to).
      out[i] = v === Math.fround(to) ? f : v;
    }
  } else {
    const range = to - from;
    for (let i = 0; i < out.length; i++) {
      const v = uniformDouble01(gen) * range + from;
      out[i] = v === to ? from : v;
    }
  }
}
