/**
 * Integer draws: `random_(from, to)` / `torch.randint` (one output per element for a range below
 * 2^32, else the 53 low bits of two, as far as a double holds them) and `torch.randperm`.
 */
import type { TorchGenerator } from './generator';

const TWO_32 = 4294967296;

/** Fills `out` with `from + draw % (to - from)`, row-major. */
export function randintFill(gen: TorchGenerator, out: Float64Array | Float32Array, from: number, to: number): void {
  const range = to - from;
  if (range >= TWO_32) throw new RangeError('randint ranges of 2^32 or more are not replayed');
  for (let i = 0; i < out.length; i++) out[i] = from + (gen.random() % range);
}

/** `randperm(n)` on the CPU: 0..n-1, then element i swapped with i + random() % (n - i). */
export function randperm(gen: TorchGenerator, n: number): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = r[i];
    r[i] = r[z + i];
    r[z + i] = t;
  }
  return r;
}
