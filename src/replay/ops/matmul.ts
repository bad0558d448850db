/**
 * Matrix products: `@`, `torch.matmul`, `torch.mm` and their methods, with PyTorch's shape rules
 * (1-D operands, broadcast batch dimensions), errors and autograd node names. Float products are
 * summed in double and rounded once; PyTorch multiplies through BLAS, whose order of summation
 * depends on the machine, so the caller marks them approximate. Integer products are exact.
 */
import type { SyntaxNode } from '@lezer/common';
import { allocate, makeTensor, numel, stridesOf, type Tensor } from '../../core/tensor';
import type { Engine, Release } from '../engine';
import { PyRaise, stop } from '../stop';
import { tracked } from './autograd';
import { broadcastShapes } from './elementwise';

const PRODUCT_APPROXIMATE = 'matrix products (@, matmul, mm): PyTorch multiplies through BLAS, replay sums in double then rounds';

/** A product as the script sees it: `torch.mm` (matrices only) or `@`/`matmul`, marked approximate for floats. */
export function product(e: Engine, a: Tensor, b: Tensor, matricesOnly: boolean, node: SyntaxNode): Tensor {
  e.checkInitialised(a.data, node);
  e.checkInitialised(b.data, node);
  const { result, gradFn } = matricesOnly ? mm(a, b, e.release) : matmul(a, b, e.release);
  if (result.dtype !== 'int64') e.approximate(PRODUCT_APPROXIMATE);
  if (gradFn === undefined && e.gradEnabled && (a.requiresGrad || b.requiresGrad)) {
    return stop('this batched matrix product', 'the autograd node PyTorch records for it differs between releases', node);
  }
  return tracked(result, [a, b], gradFn ?? '', e.gradEnabled);
}

export interface Product {
  readonly result: Tensor;
  /** The node PyTorch records when an operand requires grad, or undefined where replay does not know it. */
  readonly gradFn: string | undefined;
}

/** `torch.mm(a, b)`: both must be matrices. */
export function mm(a: Tensor, b: Tensor, release: Release): Product {
  if (a.shape.length !== 2) throw new PyRaise('RuntimeError', 'self must be a matrix');
  if (b.shape.length !== 2) throw new PyRaise('RuntimeError', 'mat2 must be a matrix');
  return matmul(a, b, release);
}

/** `a @ b`, `torch.matmul(a, b)`. */
export function matmul(a: Tensor, b: Tensor, release: Release): Product {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (!ra || !rb) throw new PyRaise('RuntimeError', `both arguments to matmul need to be at least 1D, but they are ${ra}D and ${rb}D`);
  if (a.dtype !== b.dtype) return stop(`a matrix product of ${a.dtype} and ${b.dtype}`, "PyTorch's message depends on the path and the release", undefined);
  if (a.dtype === 'bool') return stop('a matrix product of bool tensors', "PyTorch's error differs between releases", undefined);
  // A 1-D operand is a row (left) or a column (right), whose dimension is dropped from the result.
  const as = ra === 1 ? [1, a.shape[0]] : a.shape;
  const bs = rb === 1 ? [b.shape[0], 1] : b.shape;
  const [m, k] = as.slice(-2);
  const [k2, n] = bs.slice(-2);
  if (k !== k2) throw mismatch(a, b, release);
  const batchA = as.slice(0, -2);
  const batchB = bs.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(batchA, batchB);
  } catch {
    return stop('a batched matrix product whose batch dimensions do not broadcast', "PyTorch's message depends on the path", undefined);
  }
  const out = allocate(a.dtype, numel(batch) * m * n);
  const offA = batchOffsets(batchA, batch, m * k);
  const offB = batchOffsets(batchB, batch, k * n);
  for (let p = 0; p < offA.length; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a.data[offA[p] + i * k + q] * b.data[offB[p] + q * n + j];
        out[(p * m + i) * n + j] = s;
      }
    }
  }
  const shape = [...batch, ...(ra === 1 ? [] : [m]), ...(rb === 1 ? [] : [n])];
  return { result: makeTensor({ shape, dtype: a.dtype, data: out }), gradFn: gradFn(ra, rb, batchA, batch, release) };
}

/** Where each output batch entry's operand matrix starts, the operand's batch broadcast over `batch`. */
function batchOffsets(own: readonly number[], batch: readonly number[], matrixSize: number): number[] {
  const outStrides = stridesOf(batch);
  const ownStrides = stridesOf(own);
  const lead = batch.length - own.length;
  const offsets: number[] = [];
  for (let p = 0; p < numel(batch); p++) {
    let rem = p;
    let src = 0;
    for (let d = 0; d < batch.length; d++) {
      const idx = Math.floor(rem / outStrides[d]);
      rem -= idx * outStrides[d];
      if (d >= lead && own[d - lead] !== 1) src += idx * ownStrides[d - lead];
    }
    offsets.push(src * matrixSize);
  }
  return offsets;
}

/** PyTorch's error for inner dimensions that differ, by the path the operands' ranks take. */
function mismatch(a: Tensor, b: Tensor, release: Release): PyRaise {
  const [ra, rb] = [a.shape.length, b.shape.length];
  const dims = (t: Tensor): string => t.shape.join('x');
  if (ra === 1 && rb === 1) {
    const [x, y] = [a.shape[0], b.shape[0]];
    return new PyRaise('RuntimeError', `inconsistent tensor size, expected tensor [${x}] and src [${y}] to have the same number of elements, but got ${x} and ${y} elements respectively`);
  }
  if (ra === 2 && rb === 2) return new PyRaise('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${dims(a)} and ${dims(b)})`);
  if (ra === 1 && rb === 2) return new PyRaise('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (1x${a.shape[0]} and ${dims(b)})`);
  if (ra === 2 && rb === 1) {
    const [m, k] = a.shape;
    const v = b.shape[0];
    return new PyRaise('RuntimeError', release === '1.13' ? `size mismatch, got ${m}, ${m}x${k},${v}` : `size mismatch, got input (${m}), mat (${m}x${k}), vec (${v})`);
  }
  return stop('a batched matrix product of mismatched sizes', "PyTorch's message depends on the path", undefined);
}

function gradFn(ra: number, rb: number, batchA: readonly number[], batch: readonly number[], release: Release): string | undefined {
  if (ra === 1 && rb === 1) return 'DotBackward0';
  if (ra === 2 && rb === 2) return 'MmBackward0';
  if (ra === 2 && rb === 1) return 'MvBackward0';
  if (ra === 1 && rb === 2) return release === '1.13' ? 'SqueezeBackward3' : 'SqueezeBackward4';
  if (ra === 2) return 'CloneBackward0';
  // A batched left operand broadcast from one matrix: 1.13 and later releases record different nodes.
  if (ra > 2 && rb > 2 && numel(batchA) === 1 && numel(batch) > 1) return undefined;
  return 'UnsafeViewBackward0';
}
