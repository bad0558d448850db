/** torch's random tensor factories and in-place fills, on the engine's generator. */
import type { SyntaxNode } from '@lezer/common';
import { bernoulliScalarFill, bernoulliTensorFill } from '../../core/random/bernoulli';
import { randintFill, randperm } from '../../core/random/integer';
import { normalFill } from '../../core/random/normal';
import { uniformFill } from '../../core/random/uniform';
import { allocate, isFloating, makeTensor, type DType, type Tensor } from '../../core/tensor';
import type { Engine } from '../engine';
import { PyRaise, stop } from '../stop';

export const RANDN_APPROXIMATE = 'float64 randn/normal_: glibc\'s log/sin/cos and JavaScript\'s differ in the last bit now and then';

function floatData(t: Tensor, what: string, node: SyntaxNode): Float32Array | Float64Array {
  if (!isFloating(t.dtype)) {
    throw new PyRaise('RuntimeError', `"${what}" not implemented for '${t.dtype === 'int64' ? 'Long' : 'Bool'}'`);
  }
  if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) return stop(what, 'unexpected storage', node);
  return t.data;
}

export function fillUniform(e: Engine, t: Tensor, from: number, to: number, node: SyntaxNode): void {
  uniformFill(e.gen, floatData(t, 'check_uniform_bounds', node), from, to);
  e.uninitialised.delete(t.data);
}

export function fillNormal(e: Engine, t: Tensor, mean: number, std: number, node: SyntaxNode): void {
  if (!normalFill(e.gen, floatData(t, 'normal_kernel_cpu', node), mean, std)) e.approximate(RANDN_APPROXIMATE);
  e.uninitialised.delete(t.data);
}

export function fillRandint(e: Engine, t: Tensor, low: number, high: number, node: SyntaxNode): void {
  if (high <= low) throw new PyRaise('RuntimeError', `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  if (t.dtype === 'bool' || !(t.data instanceof Float64Array || t.data instanceof Float32Array)) return stop('random integers into a bool tensor', 'not replayed', node);
  randintFill(e.gen, t.data, low, high);
  e.uninitialised.delete(t.data);
}

export function fillBernoulli(e: Engine, t: Tensor, p: number | Tensor, node: SyntaxNode): void {
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new PyRaise('RuntimeError', `bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    bernoulliScalarFill(e.noise(), t.data, p);
  } else {
    if (p.data.length !== t.data.length) return stop('bernoulli with broadcast probabilities', 'not replayed', node);
    bernoulliTensorFill(e.gen, t.data, p.data, p.dtype === 'float32');
  }
  e.uninitialised.delete(t.data);
}

export function randpermTensor(e: Engine, n: number): Tensor {
  return makeTensor({ shape: [n], dtype: 'int64', data: randperm(e.gen, n) });
}

export function emptyTensor(e: Engine, shape: readonly number[], dtype: DType): Tensor {
  const t = makeTensor({ shape, dtype, data: allocate(dtype, shape.reduce((a, b) => a * b, 1)) });
  e.uninitialised.add(t.data);
  return t;
}
