/** The literal forms that take data: torch.tensor/as_tensor/from_numpy, the legacy typed constructors, a printed repr. */
import type { Scanner } from '../lexer';
import { allocate, type DType } from '../tensor';
import { boolArg, checkGrad, deviceArg, scalarOf, sizeArg, torchDtype, typeNameOf } from './args';
import { bind, dataArg, evalNumpy } from './calls';
import { evalConstructor } from './constructors';
import { castBuilt, torchFromData } from './convert';
import { LEGACY } from './names';
import { type Call, type LiteralForm, type Reader, type Value, isIntKind } from './types';

export function evalCall(r: Reader, call: Call): { value: Value; form: LiteralForm } {
  const name = call.name;
  if (name === 'tensor') return { value: evalRepr(r, call), form: 'repr' };
  if (name === 'torch.tensor' || name === 'torch.as_tensor') {
    const fn = name.slice(6);
    const a = bind(r, fn, call, fn === 'tensor' ? ['data', '*dtype', '*device', '*requires_grad'] : ['data', '*dtype', '*device']);
    deviceArg(r, a.get('*device'));
    const dtype = torchDtype(r, a.get('*dtype'));
    const dataV = a.get('data');
    const built =
      dataV?.kind === 'array' ? castBuilt(r.sc, dataV.built, dtype ?? dataV.built.dtype, dataV.start) : torchFromData(r.sc, dataArg(r, fn, dataV, call), dtype);
    const rg = boolArg(r, fn, 'requires_grad', a.get('*requires_grad'));
    checkGrad(r, rg, built.dtype, call.start);
    return { value: { tensor: built, requiresGrad: rg, numpy: false }, form: name };
  }
  if (name === 'torch.from_numpy') {
    const a = bind(r, 'from_numpy', call, ['ndarray']);
    const v = a.get('ndarray');
    if (v === undefined) r.sc.fail('from_numpy() needs an array', call.start, 'TypeError');
    if (v.kind !== 'array') r.sc.fail(`expected np.ndarray (got ${typeNameOf(v)})`, v.start, 'TypeError');
    return { value: { tensor: v.built, requiresGrad: false, numpy: false }, form: name };
  }
  if (name in LEGACY) return { value: evalLegacy(r, call, LEGACY[name]), form: name as LiteralForm };
  if (name === 'np.array' || name === 'numpy.array') return { value: { tensor: evalNumpy(r, call), requiresGrad: false, numpy: true }, form: name };
  return { value: evalConstructor(r, call), form: name as LiteralForm };
}

/** A tensor printed by PyTorch: tensor(data, dtype=..., size=..., requires_grad=True, grad_fn=<...>). */
function evalRepr(r: Reader, call: Call): Value {
  const sc: Scanner = r.sc;
  const a = bind(r, 'tensor', call, ['data', '*dtype', '*size', '*device', '*requires_grad', '*grad_fn']);
  deviceArg(r, a.get('*device'));
  const data = dataArg(r, 'tensor', a.get('data'), call);
  const built = torchFromData(sc, data, torchDtype(r, a.get('*dtype')));
  const sizeV = a.get('*size');
  if (sizeV !== undefined) {
    const size = sizeArg(r, 'tensor', 'size', [sizeV], true);
    if (size.some((s) => s < 0)) sc.fail('size=(...) has a negative dimension', sizeV.start);
    if (built.data.length !== 0 || size.reduce((x, y) => x * y, 1) !== 0) {
      sc.fail('size=(...) appears in a printed tensor only when it is empty; this one is not', sizeV.start);
    }
    built.shape = size;
  }
  let rg = boolArg(r, 'tensor', 'requires_grad', a.get('*requires_grad'));
  const g = a.get('*grad_fn');
  let gradFn: string | undefined;
  if (g !== undefined) {
    if (g.kind !== 'gradfn') sc.fail('expected grad_fn=<Name> as PyTorch prints it', g.start);
    gradFn = g.name;
    rg = true;
  }
  checkGrad(r, rg, built.dtype, call.start);
  return { tensor: built, requiresGrad: rg, gradFn, numpy: false };
}

/** torch.Tensor / FloatTensor / ...: data of a fixed type; sizes would allocate uninitialised memory. */
function evalLegacy(r: Reader, call: Call, dtype: DType): Value {
  const sc: Scanner = r.sc;
  const fn = call.name;
  for (const a of call.args) {
    if (a.key !== undefined) sc.fail(`${fn}() does not take the keyword argument '${a.key}' here; use torch.tensor(..., ${a.key}=...)`, a.value.start);
  }
  if (call.args.length === 0) return { tensor: { shape: [0], dtype, data: allocate(dtype, 0) }, requiresGrad: false, numpy: false };
  const first = call.args[0].value;
  if (first.kind === 'data' && first.data.tags[0] >= 0 && call.args.length === 1) {
    return { tensor: torchFromData(sc, first.data, dtype), requiresGrad: false, numpy: false };
  }
  const s = scalarOf(first);
  if (s !== undefined && isIntKind(s.kind)) {
    sc.fail(`${fn}(${sc.text.slice(call.args[0].value.start, call.end - 1)}) allocates uninitialised memory: its values are arbitrary, so there is nothing to reproduce; use torch.zeros or torch.tensor`, call.start);
  }
  if (call.args.length === 1) sc.fail(`new(): data must be a sequence (got ${typeNameOf(first)})`, first.start, 'TypeError');
  return sc.fail(`${fn}() takes one sequence of data here`, call.args[1].value.start);
}
