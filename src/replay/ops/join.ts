/** `torch.cat` and `torch.stack`: PyTorch's type promotion over the inputs, its checks and messages. */
import { allocate, makeTensor, numel, type Tensor } from '../../core/tensor';
import { PyRaise } from '../stop';
import { resultType } from './elementwise';

/** A dimension given as -rank..rank-1 (PyTorch's IndexError otherwise), as 0..rank-1. */
function wrapDim(dim: number, rank: number): number {
  if (dim < -rank || dim >= rank) throw new PyRaise('IndexError', `Dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${dim})`);
  return dim < 0 ? dim + rank : dim;
}

/** The inputs laid end to end along `dim` (all the same shape elsewhere), in `dtype`. */
function join(parts: readonly Tensor[], dim: number, shape: number[], dtype: Tensor['dtype']): Tensor {
  shape[dim] = parts.reduce((s, t) => s + t.shape[dim], 0);
  const outer = numel(shape.slice(0, dim));
  const out = allocate(dtype, numel(shape));
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const t of parts) {
      const block = numel(t.shape.slice(dim));
      // Typed arrays convert on copy: PyTorch's casts to the promoted dtype (bool to 0/1, int64 rounded to float32).
      out.set(t.data.subarray(o * block, (o + 1) * block), at);
      at += block;
    }
  }
  return makeTensor({ shape, dtype, data: out });
}

export function cat(tensors: readonly Tensor[], dim: number): Tensor {
  if (!tensors.length) throw new PyRaise('RuntimeError', 'torch.cat(): expected a non-empty list of Tensors');
  tensors.forEach((t, i) => {
    if (!t.shape.length) throw new PyRaise('RuntimeError', `zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  // 1-D empty tensors are skipped (a legacy rule PyTorch keeps), but still count for the dtype.
  const dtype = resultType(tensors);
  const kept = [...tensors.entries()].filter(([, t]) => !(t.shape.length === 1 && t.shape[0] === 0));
  if (!kept.length) return makeTensor({ shape: [0], dtype });
  const first = kept[0][1];
  const d = wrapDim(dim, first.shape.length);
  for (const [, t] of kept) {
    if (t.shape.length !== first.shape.length) throw new PyRaise('RuntimeError', `Tensors must have same number of dimensions: got ${first.shape.length} and ${t.shape.length}`);
  }
  for (const [i, t] of kept) {
    const bad = t.shape.findIndex((s, k) => k !== d && s !== first.shape[k]);
    if (bad >= 0) {
      throw new PyRaise('RuntimeError', `Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[bad]} but got size ${t.shape[bad]} for tensor number ${i} in the list.`);
    }
  }
  const parts = kept.map(([, t]) => t);
  return join(parts, d, [...first.shape], dtype);
}

export function stack(tensors: readonly Tensor[], dim: number): Tensor {
  if (!tensors.length) throw new PyRaise('RuntimeError', 'stack expects a non-empty TensorList');
  const first = tensors[0];
  const d = wrapDim(dim, first.shape.length + 1);
  tensors.forEach((t, i) => {
    if (t.shape.length !== first.shape.length || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new PyRaise('RuntimeError', `stack expects each tensor to be equal size, but got [${first.shape.join(', ')}] at entry 0 and [${t.shape.join(', ')}] at entry ${i}`);
    }
  });
  // Each input gains a dimension of size 1 at `dim`; then they are laid end to end along it.
  const lifted = tensors.map((t) => makeTensor({ shape: [...t.shape.slice(0, d), 1, ...t.shape.slice(d)], dtype: t.dtype, data: t.data }));
  return join(lifted, d, [...lifted[0].shape], resultType(tensors));
}
