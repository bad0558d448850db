/** PyTorch's and NumPy's rules over scanned data: shapes, dtypes, and the values converted to them. */
import { K_BOOL, K_FLOAT, K_INT, K_INT_BEYOND_INT64, K_INT_HUGE, K_INT_INEXACT, K_NONE, Scanner, TWO_63 } from '../lexer';
import { pyFloatRepr } from '../pyformat';
import { allocate, type DType, type TensorData } from '../tensor';
import { INT64_EXACT_NOTE, NUMPY_MAX_DIMS, TORCH_MAX_DIMS } from './limits';
import { type Built, type Data, seqName } from './types';

/**
 * Makes the approximately read floats exact. Each is within 8 units in the last place of the
 * correctly rounded double (a few roundings while accumulating up to 19 digits, one division).
 * For a float32 result only float32 rounding matters: when everything within twice that
 * distance rounds to the same float32, so does the exact double. Otherwise the number is read
 * again with the full scanner (Number() of its digits, correctly rounded).
 */
export function resolveApprox(sc: Scanner, d: { vals: Float64Array; approx: number[] }, float32Target: boolean): void {
  const { vals, approx } = d;
  if (approx.length === 0) return;
  const save = sc.pos;
  for (let i = 0; i < approx.length; i += 2) {
    const v = vals[approx[i]];
    const margin = Math.abs(v) * 4e-15;
    if (float32Target && Math.fround(v - margin) === Math.fround(v + margin)) continue;
    let at = approx[i + 1];
    const neg = sc.text.charCodeAt(at) === 45;
    if (neg) at++;
    sc.pos = at;
    const exact = sc.scanNumber(neg);
    vals[approx[i]] = neg ? -exact : exact;
  }
  approx.length = 0;
  sc.pos = save;
}

function firstTagOf(d: Data, kind: number): number {
  for (let i = 0; i < d.ntags; i++) if (d.tags[i] === kind) return i;
  return 0;
}

/** The message PyTorch gives when a sequence sits where a scalar of `dtype` is stored. */
function torchStoreTypeError(dtype: DType, what: string): string {
  return dtype === 'float32' || dtype === 'float64' ? `must be real number, not ${what}` : `'${what}' object cannot be interpreted as an integer`;
}

/**
 * `torch.tensor(data, dtype=...)` and the fixed-type constructors (torch.Tensor, ..., which pass
 * their dtype and so skip inference): PyTorch's internal_new_from_data, in its order — infer the
 * scalar type over everything, take the sizes from the first elements, then store element by
 * element.
 */
export function torchFromData(sc: Scanner, d: Data, dtype: DType | null): Built {
  const { tags, offs } = d;
  if (dtype === null) {
    if (d.nNone > 0) sc.fail('Could not infer dtype of NoneType', offs[firstTagOf(d, K_NONE)], 'RuntimeError');
    dtype = d.nFloat > 0 || d.nEmpty > 0 ? 'float32' : d.nInt > 0 ? 'int64' : d.nBool > 0 ? 'bool' : 'float32';
  }
  resolveApprox(sc, d, dtype === 'float32');
  const sizes: number[] = [];
  for (let k = 0; tags[k] >= 0; k++) {
    const n = tags[k] >> 1;
    sizes.push(n);
    if (sizes.length > TORCH_MAX_DIMS) sc.fail(`too many dimensions '${seqName(tags[k])}'`, offs[k], 'ValueError');
    if (n === 0) break;
  }
  const ndim = sizes.length;
  let numel = 1;
  for (const s of sizes) numel *= s;
  // PyTorch stores nothing into an empty tensor, so nothing below the first empty list is checked.
  if (numel === 0) return { shape: sizes, dtype, data: allocate(dtype, 0) };
  const rem = new Int32Array(ndim + 1);
  const isInt = dtype === 'int64';
  const isFloat = dtype === 'float32' || dtype === 'float64';
  let dim = 0;
  let vi = 0;
  const vals = d.vals;
  for (let k = 0; k < d.ntags; k++) {
    const tag = tags[k];
    if (dim < ndim) {
      if (tag < 0) sc.fail('not a sequence', offs[k], 'TypeError');
      const n = tag >> 1;
      if (n !== sizes[dim]) sc.fail(`expected sequence of length ${sizes[dim]} at dim ${dim} (got ${n})`, offs[k], 'ValueError');
      rem[dim++] = n;
      continue;
    }
    if (tag >= 0) sc.fail(torchStoreTypeError(dtype, seqName(tag)), offs[k], 'TypeError');
    if (tag !== K_INT && tag !== K_BOOL) {
      const v = vals[vi];
      if (tag === K_NONE) sc.fail(torchStoreTypeError(dtype, 'NoneType'), offs[k], 'TypeError');
      if (isFloat) {
        if (tag === K_INT_HUGE) sc.fail('int too large to convert to float (OverflowError)', offs[k]);
      } else if (isInt) {
        if (tag === K_FLOAT) {
          if (!(v > -TWO_63 - 1 && v < TWO_63)) sc.fail('value cannot be converted to type int64 without overflow', offs[k], 'RuntimeError');
        } else if (tag === K_INT_BEYOND_INT64 || tag === K_INT_HUGE) {
          sc.fail('Overflow when unpacking long', offs[k], 'RuntimeError');
        } else if (tag === K_INT_INEXACT) {
          sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, offs[k]);
        }
      }
    }
    vi++;
    let e = dim;
    while (e > 0 && --rem[e - 1] === 0) e--;
    dim = e;
  }
  return { shape: sizes, dtype, data: convertValues(vals, numel, dtype, d.nFloat === 0) };
}

/**
 * Row-major values (doubles) to the dtype's array, as PyTorch's casts do it. `integral`: no
 * float was written, so int64 needs no truncation.
 */
function convertValues(vals: Float64Array, n: number, dtype: DType, integral: boolean): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(vals.subarray(0, n));
    case 'float64':
      return vals.slice(0, n);
    case 'int64': {
      if (integral) return vals.slice(0, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.trunc(vals[i]) + 0;
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = vals[i] !== 0 ? 1 : 0;
      return out;
    }
  }
}

function pyTupleRepr(dims: readonly number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/**
 * `np.array(data, dtype=...)` as `torch.as_tensor` sees it: NumPy's shape discovery (ported
 * from array_coercion.c, including its ragged-array messages), NumPy's dtype rules.
 */
export function numpyFromData(sc: Scanner, d: Data, dtype: DType | null): Built {
  return numpyValues(sc, d, dtype, numpyShape(sc, d));
}

/** NumPy's shape discovery (array_coercion.c), with its ragged-array messages. */
function numpyShape(sc: Scanner, d: Data): number[] {
  const { tags } = d;
  let maxDims = NUMPY_MAX_DIMS;
  const shape = new Array<number>(NUMPY_MAX_DIMS).fill(0);
  let reached = false;
  let ragged = false;
  const updateShape = (curr: number, newNdim: number, newDim: number, sequence: boolean): boolean => {
    let ok = true;
    const wasReached = reached;
    if (curr + newNdim > maxDims) {
      ok = false;
      newNdim = maxDims - curr;
    } else if (!sequence && maxDims !== curr + newNdim) {
      maxDims = curr + newNdim;
      if (wasReached) ok = false;
    }
    for (let i = 0; i < newNdim; i++) {
      if (!wasReached) {
        shape[curr + i] = newDim;
      } else if (newDim !== shape[curr + i]) {
        ok = false;
        if (!sequence) maxDims -= newNdim - i;
        else maxDims = curr;
        break;
      }
    }
    if (!sequence) reached = true;
    return ok;
  };
  // Preorder walk; nodes below `skipFrom` are not visited by NumPy (it returned early there).
  const rem: number[] = [];
  let skipFrom = Infinity;
  for (let k = 0; k < d.ntags; k++) {
    const curr = rem.length;
    const tag = tags[k];
    if (curr <= skipFrom) {
      skipFrom = Infinity;
      if (tag < 0 || curr === maxDims) {
        if (!updateShape(curr, 0, 0, false)) ragged = true;
        if (tag >= 0) {
          ragged = true;
          skipFrom = curr;
        }
      } else {
        const size = tag >> 1;
        if (!updateShape(curr, 1, size, true)) {
          ragged = true;
          skipFrom = curr;
        } else if (size === 0) {
          reached = true;
          maxDims = curr + 1;
        }
      }
    }
    if (tag >= 0 && tag >> 1 > 0) {
      rem.push(tag >> 1);
      continue;
    }
    while (rem.length > 0 && --rem[rem.length - 1] === 0) rem.pop();
  }
  if (ragged) {
    const msg =
      maxDims === NUMPY_MAX_DIMS
        ? `setting an array element with a sequence. The requested array would exceed the maximum number of dimension of ${NUMPY_MAX_DIMS}.`
        : `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${maxDims} dimensions. ` +
          `The detected shape was ${pyTupleRepr(shape.slice(0, maxDims))} + inhomogeneous part.`;
    sc.fail(msg, d.start, 'ValueError');
  }
  return shape.slice(0, maxDims);
}

/** numpyFromData's conversion, after the shape: NumPy's dtype rules, then the values. */
function numpyValues(sc: Scanner, d: Data, dtype: DType | null, dims: number[]): Built {
  const { tags, offs } = d;
  const objectMsg =
    "can't convert np.ndarray of type numpy.object_. The only supported types are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool.";
  if (dtype === null) {
    if (d.nNone > 0) sc.fail(objectMsg, offs[firstTagOf(d, K_NONE)], 'TypeError');
    dtype = d.nFloat > 0 ? 'float64' : d.nInt > 0 ? 'int64' : d.nBool > 0 ? 'bool' : 'float64';
  }
  resolveApprox(sc, d, dtype === 'float32');
  let n = 1;
  for (const s of dims) n *= s;
  let vi = 0;
  for (let k = 0; k < d.ntags; k++) {
    const tag = tags[k];
    if (tag >= 0) continue;
    const v = d.vals[vi++];
    if (tag === K_NONE) sc.fail(`None is not a number (NumPy would make an object array)`, offs[k]);
    if (tag === K_INT_HUGE && dtype !== 'bool') sc.fail('int too large to convert to float (OverflowError)', offs[k]);
    if (dtype === 'int64') {
      if (tag === K_FLOAT && !(v > -TWO_63 - 1 && v < TWO_63)) {
        sc.fail(`NumPy turns ${pyFloatRepr(v)} into an arbitrary integer (the cast is undefined), so there is no value to show`, offs[k]);
      }
      if (tag === K_INT_BEYOND_INT64) {
        sc.fail('an integer outside int64 makes NumPy choose a uint64, object or float64 array; not supported', offs[k]);
      }
      if (tag === K_INT_INEXACT) sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, offs[k]);
    } else if (dtype === 'float32' && (tag === K_INT_INEXACT || tag === K_INT_BEYOND_INT64)) {
      // NumPy rounds such an integer to float32 once, PyTorch via float64; refuse rather than pick one.
      sc.fail('an integer beyond 2^53 in a float32 NumPy array is not supported', offs[k]);
    }
  }
  return { shape: dims, dtype, data: convertValues(d.vals, n, dtype, d.nFloat === 0) };
}

/**
 * A tensor converted to another dtype as PyTorch's (and NumPy's) casts do it. A float outside
 * int64 (or nan) has no defined int64 value (C++ leaves it to the machine), so it is refused.
 */
export function castBuilt(sc: Scanner, t: Built, to: DType, at: number): Built {
  if (to === t.dtype) return t;
  const src = t.data;
  const data = allocate(to, src.length);
  for (let i = 0; i < src.length; i++) {
    const x = src[i];
    if (to === 'int64') {
      if (!(x > -TWO_63 - 1 && x < TWO_63)) {
        sc.fail(`converting ${pyFloatRepr(x)} to int64 is undefined (the C++ cast leaves the result to the machine), so there is no value to show`, at);
      }
      data[i] = Math.trunc(x) + 0;
    } else if (to === 'bool') {
      data[i] = x !== 0 ? 1 : 0;
    } else {
      data[i] = x;
    }
  }
  return { shape: t.shape, dtype: to, data };
}
