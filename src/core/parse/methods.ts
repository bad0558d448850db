/** Methods after a literal: .reshape/.view and the dtype casts on tensors, .reshape/.astype on NumPy arrays. */
import type { CastChain } from '../casts';
import type { Scanner } from '../lexer';
import type { DType } from '../tensor';
import { checkRank, numpyDtype, scalarOf, sizeArg, typeNameOf } from './args';
import { bind } from './calls';
import { type Arg, type Built, type Reader, type Value, isIntKind } from './types';

export function applyMethod(r: Reader, v: Value, name: string, at: number, args: Arg[], casts: CastChain): Value {
  const sc: Scanner = r.sc;
  const t = v.tensor;
  if (v.numpy) {
    if (name === 'astype') {
      const a = bind(r, 'astype', { args, start: at }, ['dtype']);
      const dtypeV = a.get('dtype');
      if (dtypeV === undefined) sc.fail("astype() missing required argument 'dtype' (pos 0)", at, 'TypeError');
      return { ...v, tensor: casts.defer(t, numpyDtype(r, dtypeV) ?? 'float64', at) };
    }
    if (name !== 'reshape') sc.fail(`.${name}() on a NumPy array is not supported: only .reshape(...) and .astype(...) are`, at);
    const shape = numpyReshape(r, t, args, at);
    checkRank(r, shape, at);
    return { ...v, tensor: { ...t, shape } };
  }
  switch (name) {
    case 'reshape':
    case 'view': {
      for (const a of args) if (a.key !== undefined) sc.fail(`${name}() takes no keyword arguments here`, a.value.start);
      if (args.length === 0) sc.fail(`${name}() missing 1 required positional arguments: "${name === 'view' ? 'size' : 'shape'}"`, at, 'TypeError');
      const shape = sizeArg(r, name, name === 'view' ? 'size' : 'shape', args.map((a) => a.value), false, name === 'view');
      const res = torchInferSize(sc, shape, t.data.length, at);
      checkRank(r, res, at);
      return {
        ...v,
        tensor: { ...t, shape: res },
        gradFn: v.requiresGrad ? (name === 'view' ? 'ViewBackward0' : 'ReshapeAliasBackward0') : v.gradFn,
      };
    }
    case 'float':
    case 'double':
    case 'long':
    case 'bool': {
      if (args.length > 0) sc.fail(`.${name}() takes no arguments here`, args[0].value.start);
      const to: DType = name === 'float' ? 'float32' : name === 'double' ? 'float64' : name === 'long' ? 'int64' : 'bool';
      if (to === t.dtype) return v;
      const floating = to === 'float32' || to === 'float64';
      const rg = floating && v.requiresGrad;
      return { tensor: casts.defer(t, to, at), requiresGrad: rg, gradFn: rg ? 'ToCopyBackward0' : undefined, numpy: false };
    }
    default:
      return sc.fail(`'.${name}()' is not supported: only the methods reshape, view, float, double, long and bool are`, at);
  }
}

function numpyReshape(r: Reader, t: Built, args: Arg[], at: number): number[] {
  const sc: Scanner = r.sc;
  for (const a of args) if (a.key !== undefined) sc.fail(`reshape() argument '${a.key}' is not supported`, a.value.start);
  if (args.length === 0) sc.fail('reshape() takes exactly 1 argument (0 given)', at, 'TypeError');
  let dims: number[];
  const only = args.length === 1 ? args[0].value : undefined;
  if (only && only.kind === 'data' && only.data.tags[0] >= 0) {
    dims = sizeArg(r, 'reshape', 'shape', [only], true);
  } else {
    dims = args.map((a) => {
      const s = scalarOf(a.value);
      if (s === undefined || !isIntKind(s.kind)) sc.fail(`'${typeNameOf(a.value)}' object cannot be interpreted as an integer`, a.value.start, 'TypeError');
      return s.value;
    });
  }
  const size = t.data.length;
  const shapeText = (): string => {
    let i = 0;
    while (i < dims.length && dims[i] < 0) i++;
    if (i === dims.length) return '()';
    let s = String(dims[i++]);
    for (; i < dims.length; i++) s += dims[i] < 0 ? ',newaxis' : `,${dims[i]}`;
    return `(${s})`;
  };
  const mismatch = (): never => sc.fail(`cannot reshape array of size ${size} into shape ${shapeText()}`, at, 'ValueError');
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < dims.length; i++) {
    if (dims[i] < 0) {
      if (unknown >= 0) sc.fail('can only specify one unknown dimension', at, 'ValueError');
      unknown = i;
    } else {
      known *= dims[i];
    }
  }
  const out = dims.slice();
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) mismatch();
    out[unknown] = size / known;
  } else if (known !== size) {
    mismatch();
  }
  return out;
}

/** PyTorch's infer_size for reshape/view, with its messages. */
function torchInferSize(sc: Scanner, shape: number[], numel: number, at: number): number[] {
  let newsize = 1;
  let inferDim = -1;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === -1) {
      if (inferDim >= 0) sc.fail('only one dimension can be inferred', at, 'RuntimeError');
      inferDim = i;
    } else if (shape[i] >= 0) {
      newsize *= shape[i];
    } else {
      sc.fail(`invalid shape dimension ${shape[i]}`, at, 'RuntimeError');
    }
  }
  if (numel === newsize || (inferDim >= 0 && newsize > 0 && numel % newsize === 0)) {
    const res = shape.slice();
    if (inferDim >= 0) {
      if (newsize === 0) {
        sc.fail(
          `cannot reshape tensor of 0 elements into shape [${shape.join(', ')}] because the unspecified dimension size -1 can be any value and is ambiguous`,
          at,
          'RuntimeError',
        );
      }
      res[inferDim] = numel / newsize;
    }
    return res;
  }
  return sc.fail(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`, at, 'RuntimeError');
}
