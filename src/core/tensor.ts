/**
 * The tensor model shared by every part of Dropout Lens: a shape, a dtype and row-major data.
 * Pure TypeScript (no `vscode`), so the extension host, the webview and the CLI all use it.
 */

export type DType = 'float32' | 'float64' | 'int64' | 'bool';

/**
 * float32 -> Float32Array, float64 -> Float64Array, bool -> Uint8Array (0/1).
 * int64 -> Float64Array holding integers: exact up to 2^53, which the parser enforces, and
 * dropout rejects integer tensors anyway, so BigInt's cost buys nothing here.
 */
export type TensorData = Float32Array | Float64Array | Uint8Array;

export interface Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Row-major, `numel(shape)` long. */
  readonly data: TensorData;
  readonly requiresGrad: boolean;
  /** Autograd node name PyTorch prints as `grad_fn=<...>` (e.g. `MulBackward0`); results only. */
  readonly gradFn?: string;
}

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'bool'];

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function allocate(dtype: DType, length: number): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
    case 'int64':
      return new Float64Array(length);
    case 'bool':
      return new Uint8Array(length);
  }
}

interface TensorInit {
  shape: readonly number[];
  dtype: DType;
  data?: TensorData | ArrayLike<number>;
  requiresGrad?: boolean;
  gradFn?: string;
}

/** Builds a tensor, converting `data` to the dtype's array type (copying when it is another type). */
export function makeTensor(init: TensorInit): Tensor {
  const n = numel(init.shape);
  for (const d of init.shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid dimension ${d} in shape [${init.shape.join(', ')}]`);
  }
  let data: TensorData;
  if (init.data === undefined) {
    data = allocate(init.dtype, n);
  } else if (init.data instanceof arrayTypeOf(init.dtype)) {
    data = init.data as TensorData;
  } else {
    data = allocate(init.dtype, n);
    data.set(init.data);
  }
  if (data.length !== n) {
    throw new RangeError(`data has ${data.length} elements but shape [${init.shape.join(', ')}] needs ${n}`);
  }
  const t: { -readonly [K in keyof Tensor]: Tensor[K] } = {
    shape: [...init.shape],
    dtype: init.dtype,
    data,
    requiresGrad: init.requiresGrad ?? false,
  };
  if (init.gradFn !== undefined) t.gradFn = init.gradFn;
  return t;
}

function arrayTypeOf(dtype: DType): typeof Float32Array | typeof Float64Array | typeof Uint8Array {
  switch (dtype) {
    case 'float32':
      return Float32Array;
    case 'float64':
    case 'int64':
      return Float64Array;
    case 'bool':
      return Uint8Array;
  }
}

/** Row-major strides, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
