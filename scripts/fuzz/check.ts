/** Oracles shared by the parser and CLI fuzzers: what a refusal and a tensor must look like. */
import { LiteralError } from '../../src/core/errors';
import { parseTensorLiteral } from '../../src/core/parse';
import { toLiteral } from '../../src/core/literal';
import { numel, type Tensor } from '../../src/core/tensor';

const PY_TYPES = new Set(['ValueError', 'RuntimeError', 'TypeError', 'IndexError']);

/** What is wrong with a LiteralError for `text` (its position, its message), or undefined. */
export function badRefusal(e: LiteralError, text: string): string | undefined {
  if (!Number.isInteger(e.offset) || e.offset < 0 || e.offset > text.length) return `offset ${e.offset} outside the text`;
  const before = text.slice(0, e.offset);
  const line = before.split('\n').length;
  const column = e.offset - (before.lastIndexOf('\n') + 1) + 1;
  if (e.line !== line || e.column !== column) return `line ${e.line}, column ${e.column} for offset ${e.offset} (expected ${line}:${column})`;
  if (!e.message || e.message.length > 1000) return `message of ${e.message.length} characters`;
  if (e.pyType !== undefined && !PY_TYPES.has(e.pyType)) return `pyType ${String(e.pyType)}`;
  return undefined;
}

/** What is wrong with a tensor as the core's model defines it, or undefined. */
export function badTensor(t: Tensor): string | undefined {
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) return `shape [${t.shape.join(', ')}]`;
  if (t.data.length !== numel(t.shape)) return `${t.data.length} elements for shape [${t.shape.join(', ')}]`;
  const type = t.dtype === 'float32' ? Float32Array : t.dtype === 'bool' ? Uint8Array : Float64Array;
  if (!(t.data instanceof type)) return `${t.dtype} data in a ${t.data.constructor.name}`;
  for (const v of t.data) {
    if (t.dtype === 'int64' && !(Number.isInteger(v) && Math.abs(v) <= 2 ** 63)) return `int64 element ${v}`;
    if (t.dtype === 'bool' && v !== 0 && v !== 1) return `bool element ${v}`;
  }
  if (t.requiresGrad && t.dtype !== 'float32' && t.dtype !== 'float64') return `requires_grad on ${t.dtype}`;
  return undefined;
}

function sameBits(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || Object.is(a, b);
}

/** How `got` differs from `want` (shape, dtype, requires_grad and, unless `valuesToo` is false, every value), or undefined. */
export function tensorDiff(got: Tensor, want: Tensor, valuesToo = true): string | undefined {
  if (got.shape.join() !== want.shape.join() || got.shape.length !== want.shape.length) return `shape [${got.shape.join(', ')}], expected [${want.shape.join(', ')}]`;
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.requiresGrad !== want.requiresGrad) return `requires_grad ${String(got.requiresGrad)}`;
  if (!valuesToo) return undefined;
  for (let i = 0; i < want.data.length; i++) if (!sameBits(got.data[i], want.data[i])) return `element ${i}: ${got.data[i]}, expected ${want.data[i]}`;
  return undefined;
}

/** toLiteral of the tensor must read back to the identical tensor. */
export function badRoundTrip(t: Tensor): string | undefined {
  const text = toLiteral(t);
  try {
    const back = parseTensorLiteral(text).tensor;
    const d = tensorDiff(back, t);
    return d && `toLiteral round trip: ${d}`;
  } catch (e) {
    return `toLiteral round trip refused: ${e instanceof LiteralError ? e.displayText : String(e)}`;
  }
}
