/** Shape and reduction ops: view/reshape, basic indexing (ints and slices), sum/mean. */
import { allocate, makeTensor, numel, stridesOf, type Tensor } from '../../core/tensor';
import { PyRaise } from '../stop';

/** The shape `view`/`reshape` give, with one -1 inferred; PyTorch's errors otherwise. */
export function reshapeTo(t: Tensor, dims: readonly number[]): Tensor {
  const n = t.data.length;
  const free = dims.indexOf(-1);
  if (free >= 0 && dims.indexOf(-1, free + 1) >= 0) throw new PyRaise('RuntimeError', 'only one dimension can be inferred');
  const known = dims.reduce((acc, d) => (d === -1 ? acc : acc * d), 1);
  const shape = [...dims];
  if (free >= 0 && known !== 0 && n % known === 0) shape[free] = n / known;
  if (numel(shape) !== n || shape.some((d) => d < 0)) {
    throw new PyRaise('RuntimeError', `shape '[${dims.join(', ')}]' is invalid for input of size ${n}`);
  }
  return makeTensor({ shape, dtype: t.dtype, data: t.data });
}

export type Index = { readonly kind: 'int'; readonly i: number } | { readonly kind: 'slice'; readonly start?: number; readonly stop?: number; readonly step?: number };

/** `t[idx...]` with ints and slices: a copy of the selected elements. */
export function index(t: Tensor, idx: readonly Index[]): Tensor {
  if (idx.length > t.shape.length) {
    throw new PyRaise('IndexError', `too many indices for tensor of dimension ${t.shape.length}`);
  }
  const strides = stridesOf(t.shape);
  let offsets = [0];
  const shape: number[] = [];
  idx.forEach((ix, d) => {
    const size = t.shape[d];
    let picks: number[];
    if (ix.kind === 'int') {
      if (ix.i < -size || ix.i >= size) throw new PyRaise('IndexError', `index ${ix.i} is out of bounds for dimension ${d} with size ${size}`);
      picks = [ix.i < 0 ? ix.i + size : ix.i];
    } else {
      const step = ix.step ?? 1;
      if (step <= 0) throw new PyRaise('ValueError', 'step must be greater than zero');
      const clamp = (v: number): number => Math.min(size, Math.max(0, v < 0 ? v + size : v));
      const start = ix.start === undefined ? 0 : clamp(ix.start);
      const end = ix.stop === undefined ? size : clamp(ix.stop);
      picks = [];
      for (let i = start; i < end; i += step) picks.push(i);
      shape.push(picks.length);
    }
    offsets = offsets.flatMap((o) => picks.map((p) => o + p * strides[d]));
  });
  const inner = t.shape.slice(idx.length);
  const block = numel(inner);
  const out = allocate(t.dtype, offsets.length * block);
  offsets.forEach((o, k) => out.set(t.data.subarray(o, o + block), k * block));
  return makeTensor({ shape: [...shape, ...inner], dtype: t.dtype, data: out });
}

/** `t.sum()` over every element: int64 for integer and bool tensors. */
export function sumAll(t: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < t.data.length; i++) s += t.data[i];
  const dtype = t.dtype === 'bool' ? 'int64' : t.dtype;
  return makeTensor({ shape: [], dtype, data: [s] });
}

export function meanAll(t: Tensor): Tensor {
  if (t.dtype === 'int64' || t.dtype === 'bool') {
    throw new PyRaise(
      'RuntimeError',
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${t.dtype === 'bool' ? 'Bool' : 'Long'}`,
    );
  }
  const s = sumAll(t).data[0];
  return makeTensor({ shape: [], dtype: t.dtype, data: [s / t.data.length] });
}
