/**
 * `bernoulli_(p)` with a Python float p (the draw of dropout's noise: the build's, MT19937 or
 * MKL's) and `torch.bernoulli(probs)` with a tensor of probabilities (MT19937 on every build: a
 * float uniform per element for float32 probabilities, a double one for float64).
 */
import type { NoiseSource } from '../dropout';
import type { TorchGenerator } from './generator';
import { uniformDouble01, uniformFloat01 } from './uniform';

export function bernoulliScalarFill(noise: NoiseSource, out: { length: number; [i: number]: number }, p: number): void {
  const mask = new Uint8Array(out.length);
  noise.bernoulli(p, mask);
  for (let i = 0; i < out.length; i++) out[i] = mask[i];
}

export function bernoulliTensorFill(gen: TorchGenerator, out: { length: number; [i: number]: number }, probs: ArrayLike<number>, single: boolean): void {
  for (let i = 0; i < out.length; i++) {
    const u = single ? uniformFloat01(gen) : uniformDouble01(gen);
    out[i] = u < probs[i] ? 1 : 0;
  }
}
