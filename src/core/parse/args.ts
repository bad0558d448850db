/** Argument values checked and read as PyTorch's argument parser does: dtypes, devices, sizes, numbers. */
import { K_BOOL, K_INT, K_INT_BEYOND_INT64, K_INT_HUGE, K_INT_INEXACT, K_NONE, type Scanner } from '../lexer';
import { pyStrRepr } from '../pyformat';
import type { DType } from '../tensor';
import { INT64_EXACT_NOTE, TORCH_MAX_DIMS } from './limits';
import { NUMPY_DTYPES, NUMPY_DTYPE_STRINGS, SUPPORTED_NOTE, TORCH_DTYPES, TORCH_OTHER_DTYPES } from './names';
import { type ArgValue, type Reader, isIntKind, kindName, seqName } from './types';

/** A single scalar of data (e.g. a fill value); undefined when the argument is not one. */
export function scalarOf(v: ArgValue | undefined): { kind: number; value: number } | undefined {
  if (v === undefined || v.kind !== 'data' || v.data.tags[0] >= 0) return undefined;
  return { kind: v.data.tags[0], value: v.data.vals[0] };
}

export function typeNameOf(v: ArgValue): string {
  if (v.kind === 'data') return kindName(v.data.tags[0]);
  if (v.kind === 'string') return 'str';
  if (v.kind === 'array') return 'numpy.ndarray';
  if (v.kind === 'name' && /^torch\.(\w+)$/.test(v.name)) {
    const attr = v.name.slice(6);
    if (attr in TORCH_DTYPES || TORCH_OTHER_DTYPES.has(attr)) return 'torch.dtype';
  }
  return 'object';
}

export function torchDtype(r: Reader, v: ArgValue | undefined): DType | null {
  if (v === undefined) return null;
  const sc: Scanner = r.sc;
  if (v.kind === 'data' && v.data.tags[0] === K_NONE) return null;
  if (v.kind !== 'name') sc.fail(`dtype must be a torch dtype such as torch.float64`, v.start);
  const m = /^torch\.(\w+)$/.exec(v.name);
  if (m && m[1] in TORCH_DTYPES) return TORCH_DTYPES[m[1]];
  if (m && TORCH_OTHER_DTYPES.has(m[1])) sc.fail(`dtype ${v.name} is not supported: ${SUPPORTED_NOTE}`, v.start);
  return sc.fail(`unknown dtype '${v.name}': expected one of torch.float32 (torch.float), torch.float64 (torch.double), torch.int64 (torch.long), torch.bool`, v.start);
}

export function numpyDtype(r: Reader, v: ArgValue | undefined): DType | null {
  if (v === undefined) return null;
  const sc: Scanner = r.sc;
  if (v.kind === 'data' && v.data.tags[0] === K_NONE) return null;
  if (v.kind === 'string') {
    if (v.value in NUMPY_DTYPE_STRINGS) return NUMPY_DTYPE_STRINGS[v.value];
    sc.fail(`dtype ${pyStrRepr(v.value)} is not supported: ${SUPPORTED_NOTE}`, v.start);
  }
  if (v.kind === 'name') {
    if (v.name === 'float') return 'float64';
    if (v.name === 'int') return 'int64';
    if (v.name === 'bool') return 'bool';
    const m = /^(?:np|numpy)\.(\w+)$/.exec(v.name);
    if (m && m[1] in NUMPY_DTYPES) return NUMPY_DTYPES[m[1]];
    if (m) sc.fail(`dtype ${v.name} is not supported: ${SUPPORTED_NOTE}`, v.start);
  }
  return sc.fail('dtype must be a NumPy dtype such as np.float32, np.float64, np.int64, np.bool_ or float/int/bool', v.start);
}

export function boolArg(r: Reader, fn: string, name: string, v: ArgValue | undefined): boolean {
  if (v === undefined) return false;
  const s = scalarOf(v);
  if (s === undefined || s.kind !== K_BOOL) {
    r.sc.fail(`${fn}(): argument '${name}' must be bool, not ${typeNameOf(v)}`, v.start, 'TypeError');
  }
  return s.value === 1;
}

export function checkGrad(r: Reader, requiresGrad: boolean, dtype: DType, at: number): void {
  if (requiresGrad && dtype !== 'float32' && dtype !== 'float64') {
    r.sc.fail('Only Tensors of floating point and complex dtype can require gradients', at, 'RuntimeError');
  }
}

/** PyTorch allows any rank for sizes; the views that print and draw tensors take what nested lists can hold. */
export function checkRank(r: Reader, shape: readonly number[], at: number): void {
  if (shape.length > TORCH_MAX_DIMS) r.sc.fail(`a tensor of ${shape.length} dimensions: Dropout Lens handles up to ${TORCH_MAX_DIMS}`, at);
}

export function checkNumel(r: Reader, n: number, at: number): void {
  if (n > r.maxElements) r.sc.fail(`the tensor would have ${n} elements, more than the limit of ${r.maxElements} (option maxElements)`, at);
}

export function checkedShape(r: Reader, shape: number[], at: number): number[] {
  checkRank(r, shape, at);
  for (const s of shape) {
    if (s < 0) r.sc.fail(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`, at, 'RuntimeError');
  }
  checkNumel(r, shape.reduce((x, y) => x * y, 1), at);
  return shape;
}

/**
 * A size given as varargs ints or one tuple/list, with PyTorch's argument-parser messages.
 * `sequenceOnly`: the argument must be a sequence (torch.full's size). `overloaded`: PyTorch has
 * several signatures for `fn`, so a wrong first vararg gets its multi-line "invalid combination
 * of arguments" message, which is not reproduced.
 */
export function sizeArg(r: Reader, fn: string, argName: string, values: ArgValue[], sequenceOnly: boolean, overloaded = false): number[] {
  const sc: Scanner = r.sc;
  const elems: { kind: number; value: number; off: number; type: string }[] = [];
  const whole = values.length === 1 ? values[0] : undefined;
  if (whole !== undefined && (whole.kind !== 'data' || whole.data.tags[0] >= 0 || sequenceOnly)) {
    if (whole.kind !== 'data' || whole.data.tags[0] < 0) {
      sc.fail(`${fn}(): argument '${argName}' (position 1) must be tuple of SymInts, not ${typeNameOf(whole)}`, whole.start, 'TypeError');
    }
    const d = whole.data;
    let vi = 0;
    for (let k = 1; k < d.ntags; ) {
      const tag = d.tags[k];
      elems.push({ kind: tag, value: tag < 0 ? d.vals[vi] : NaN, off: d.offs[k], type: kindName(tag) });
      if (tag < 0) {
        vi++;
        k++;
      } else {
        // skip a nested sequence's subtree
        let open = tag >> 1;
        k++;
        while (open > 0 && k < d.ntags) {
          const tg = d.tags[k];
          open += (tg >= 0 ? tg >> 1 : 0) - 1;
          if (tg < 0) vi++;
          k++;
        }
      }
    }
    if (elems.length > 0 && !isIntKind(elems[0].kind)) {
      sc.fail(`${fn}(): argument '${argName}' (position 1) must be tuple of SymInts, not ${seqName(d.tags[0])}`, whole.start, 'TypeError');
    }
  } else {
    for (const v of values) {
      const s = scalarOf(v);
      elems.push(
        s
          ? { kind: s.kind, value: s.value, off: v.start, type: kindName(s.kind) }
          : { kind: v.kind === 'data' ? v.data.tags[0] : K_NONE, value: NaN, off: v.start, type: typeNameOf(v) },
      );
    }
    if (elems.length > 0 && !isIntKind(elems[0].kind)) {
      if (values.length === 1 || !overloaded) {
        sc.fail(`${fn}(): argument '${argName}' (position 1) must be tuple of SymInts, not ${typeNameOf(values[0])}`, values[0].start, 'TypeError');
      }
      sc.fail(`${fn}(): the ${argName} must be integers, not ${typeNameOf(values[0])}`, values[0].start);
    }
  }
  return elems.map((e, i) => {
    // After the first element PyTorch takes a bool as the int it is.
    if (e.kind === K_BOOL && i > 0) return e.value;
    if (!isIntKind(e.kind)) {
      sc.fail(`${fn}(): argument '${argName}' must be tuple of SymInts, but found element of type ${e.type} at pos ${i + 1}`, e.off, 'TypeError');
    }
    if (e.kind !== K_INT) sc.fail('Overflow when unpacking long', e.off, 'RuntimeError');
    return e.value;
  });
}

export function intArg(r: Reader, fn: string, name: string, pos: number, v: ArgValue): number {
  const s = scalarOf(v);
  // PyTorch's message for None is its multi-line "invalid combination of arguments".
  if (s?.kind === K_NONE) r.sc.fail(`${fn}(): ${name} must be an int, not None`, v.start);
  if (s === undefined || !isIntKind(s.kind)) {
    r.sc.fail(`${fn}(): argument '${name}' (position ${pos}) must be int, not ${typeNameOf(v)}`, v.start, 'TypeError');
  }
  if (s.kind !== K_INT) r.sc.fail('Overflow when unpacking long', v.start, 'RuntimeError');
  return s.value;
}

export function numberArg(r: Reader, fn: string, name: string, pos: number, v: ArgValue): { kind: number; value: number } {
  const s = scalarOf(v);
  if (s === undefined || s.kind === K_NONE) {
    r.sc.fail(`${fn}(): argument '${name}' (position ${pos}) must be Number, not ${typeNameOf(v)}`, v.start, 'TypeError');
  }
  if (s.kind === K_INT_HUGE || s.kind === K_INT_BEYOND_INT64) r.sc.fail('Overflow when unpacking long', v.start, 'RuntimeError');
  if (s.kind === K_INT_INEXACT) r.sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, v.start);
  return s;
}

/**
 * `device=`: the CPU is what is reproduced. Another device computes dropout with another
 * generator (CUDA's Philox), so the literal is refused rather than shown with a CPU mask.
 */
export function deviceArg(r: Reader, v: ArgValue | undefined): void {
  if (v === undefined || (v.kind === 'data' && v.data.tags[0] === K_NONE)) return;
  if (v.kind === 'string' && /^cpu(:0)?$/.test(v.value)) return;
  if (v.kind === 'string' && /^(cuda|mps|xpu|xla|meta|hip|ipu|hpu|ve|lazy|ort|vulkan|opengl|opencl|ideep|fpga|mkldnn|privateuseone)(:\d+)?$/.test(v.value)) {
    r.sc.fail(
      `device=${pyStrRepr(v.value)}: Dropout Lens reproduces PyTorch's CPU generator; other devices draw different masks (CUDA uses Philox)`,
      v.start,
    );
  }
  r.sc.fail(`device must be written as device='cpu' (found ${r.sc.text.slice(v.start, Math.min(v.end, v.start + 40))})`, v.start);
}
