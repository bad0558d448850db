/**
 * `normal_` / `torch.randn` (aten/src/ATen/native/cpu/DistributionTemplates.h, normal_kernel):
 * - 16 or more contiguous elements: every uniform is drawn first (in the dtype, as `rand`), then
 *   Box-Muller runs on blocks of 16 (u1 = 1 - data[j], u2 = data[j + 8]); when n is not a
 *   multiple of 16 the last 16 uniforms are drawn again and the last block is redone.
 * - fewer: `normal_distribution<double>` per element, two double uniforms per pair of values,
 *   the second value cached on the generator for the next element (or the next call).
 */
import type { TorchGenerator } from './generator';
import { uniformDouble01, uniformFloat01 } from './uniform';
import { log32, sincos32 } from './vecmath32';

const TWO_PI = 2 * Math.PI;

/**
 * Fills `out` with normal_(mean, std). Returns true when the values are exact: float32 always
 * (boxMuller16f, and the serial path rounds its double to float32); float64 values go through
 * V8's log/sin/cos, which differ from glibc's in the last bit now and then.
 */
export function normalFill(gen: TorchGenerator, out: Float32Array | Float64Array, mean = 0, std = 1): boolean {
  const n = out.length;
  const single = out instanceof Float32Array;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = serialNormal(gen, mean, std);
    return single;
  }
  const draw = single ? (): number => uniformFloat01(gen) : (): number => uniformDouble01(gen);
  for (let i = 0; i < n; i++) out[i] = draw();
  const block = single ? boxMuller16f : boxMuller16;
  for (let i = 0; i + 16 <= n; i += 16) block(out, i, mean, std);
  if (n % 16 !== 0) {
    const start = n - 16;
    for (let i = 0; i < 16; i++) out[start + i] = draw();
    block(out, start, mean, std);
  }
  return single;
}

function serialNormal(gen: TorchGenerator, mean: number, std: number): number {
  if (gen.normalCache !== undefined) {
    const v = gen.normalCache * std + mean;
    gen.normalCache = undefined;
    return v;
  }
  const u1 = uniformDouble01(gen);
  const u2 = uniformDouble01(gen);
  const r = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = TWO_PI * u1;
  gen.normalCache = r * Math.sin(theta);
  return r * Math.cos(theta) * std + mean;
}

function boxMuller16(data: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const u1 = 1 - data[j];
    const u2 = data[j + 8];
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    data[j] = radius * Math.cos(theta) * std + mean;
    data[j + 8] = radius * Math.sin(theta) * std + mean;
  }
}

const TWO_PI_F = Math.fround(TWO_PI);

/**
 * The float32 block of the x86-64 AVX2 kernel (normal_fill_16_AVX2): float32 arithmetic with the
 * kernel's log and sin/cos approximations, and `n * std + mean` as one fused multiply-add.
 */
function boxMuller16f(data: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  const f = Math.fround;
  for (let j = at; j < at + 8; j++) {
    const u1 = f(1 - data[j]);
    const radius = f(Math.sqrt(f(-2 * log32(u1))));
    const [sin, cos] = sincos32(f(TWO_PI_F * data[j + 8]));
    // The fma rounds once; with std 1 and mean 0 (randn) it is exact either way.
    data[j] = f(f(radius * cos) * f(std) + f(mean));
    data[j + 8] = f(f(radius * sin) * f(std) + f(mean));
  }
}
