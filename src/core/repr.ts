/**
 * `repr(tensor)` exactly as PyTorch 1.13 prints it with the default print options.
 * A port of `torch/_tensor_str.py` (the `_Formatter`, `_vector_str`, `_tensor_str_with_formatter`,
 * `get_summarized_data`, `_add_suffixes` and the strided/dense branch of `_str_intern`).
 */

import { pyFormatExp, pyFormatFixed, pyIntStr } from './pyformat';
import { numel, stridesOf, type Tensor, type TensorData } from './tensor';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGEITEMS = 3;
const LINEWIDTH = 80;
const PREFIX = 'tensor(';

/** Python's `repr(t)` for a CPU, strided, unnamed tensor under the default print options. */
export function repr(t: Tensor): string {
  const indent = PREFIX.length;
  const suffixes: string[] = [];
  let body: string;
  if (numel(t.shape) === 0) {
    // NumPy style: the shape is spelled out unless it is (0,); the dtype too, since nothing shows it.
    if (t.shape.length !== 1) suffixes.push(`size=${pyTuple(t.shape)}`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    // float32 (the default dtype), int64 and bool are the "default" dtypes that print no suffix.
    if (t.dtype === 'float64') suffixes.push('dtype=torch.float64');
    body = tensorStr(t, indent);
  }
  if (t.gradFn !== undefined) suffixes.push(`grad_fn=<${t.gradFn}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(PREFIX + body, suffixes, indent);
}

/** `str(tuple(shape))`. */
function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function addSuffixes(tensorStr: string, suffixes: readonly string[], indent: number): string {
  const parts = [tensorStr];
  // PyTorch's own arithmetic, off by one from the real line length: kept for identical wrapping.
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > LINEWIDTH) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** PyTorch's `_Formatter`: one mode and one width for every element printed. */
interface Formatter {
  readonly kind: 'float' | 'int' | 'bool';
  readonly intMode: boolean;
  readonly sciMode: boolean;
  readonly maxWidth: number;
}

function tensorStr(t: Tensor, indent: number): string {
  const summarize = numel(t.shape) > THRESHOLD;
  const fmt = makeFormatter(t.dtype === 'float32' || t.dtype === 'float64' ? 'float' : t.dtype === 'bool' ? 'bool' : 'int',
    summarize ? summarizedData(t) : t.data);
  const strides = stridesOf(t.shape);
  const rec = (offset: number, depth: number, ind: number): string => {
    const dim = t.shape.length - depth;
    if (dim === 0) return formatValue(fmt, t.data[offset]);
    if (dim === 1) return vectorStr(t.data, offset, t.shape[depth], ind, summarize, fmt);
    const size = t.shape[depth];
    const stride = strides[depth];
    const slices: string[] = [];
    if (summarize && size > 2 * EDGEITEMS) {
      for (let i = 0; i < EDGEITEMS; i++) slices.push(rec(offset + i * stride, depth + 1, ind + 1));
      slices.push('...');
      for (let i = size - EDGEITEMS; i < size; i++) slices.push(rec(offset + i * stride, depth + 1, ind + 1));
    } else {
      for (let i = 0; i < size; i++) slices.push(rec(offset + i * stride, depth + 1, ind + 1));
    }
    return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(ind + 1)) + ']';
  };
  return rec(0, 0, indent);
}

function vectorStr(data: TensorData, offset: number, size: number, indent: number, summarize: boolean, fmt: Formatter): string {
  const elementLength = fmt.maxWidth + 2;
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / elementLength));
  const items: string[] = [];
  if (summarize && size > 2 * EDGEITEMS) {
    for (let i = 0; i < EDGEITEMS; i++) items.push(formatValue(fmt, data[offset + i]));
    items.push(' ...');
    for (let i = size - EDGEITEMS; i < size; i++) items.push(formatValue(fmt, data[offset + i]));
  } else {
    for (let i = 0; i < size; i++) items.push(formatValue(fmt, data[offset + i]));
  }
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

/**
 * `get_summarized_data`, flattened: the edge items of every dimension longer than 2 * edgeitems.
 * It is this subset, not the whole tensor, that decides the formatter's mode and width.
 */
function summarizedData(t: Tensor): TensorData {
  const { shape, data } = t;
  if (shape.every((d) => d <= 2 * EDGEITEMS)) return data;
  const kept = shape.map((d) => (d > 2 * EDGEITEMS ? 2 * EDGEITEMS : d));
  const out = new Float64Array(numel(kept)); // every dtype's values are exact as doubles
  const strides = stridesOf(shape);
  let k = 0;
  const visit = (offset: number, depth: number): void => {
    if (depth === shape.length) {
      out[k++] = data[offset];
      return;
    }
    const size = shape[depth];
    for (let j = 0; j < kept[depth]; j++) {
      // Past the first edgeitems of a summarised dimension come its last edgeitems.
      const i = size > 2 * EDGEITEMS && j >= EDGEITEMS ? size - 2 * EDGEITEMS + j : j;
      visit(offset + i * strides[depth], depth + 1);
    }
  };
  visit(0, 0);
  return out;
}

function makeFormatter(kind: Formatter['kind'], values: TensorData): Formatter {
  const n = values.length;
  if (kind === 'bool') {
    let anyFalse = false;
    for (let i = 0; i < n; i++) {
      if (values[i] === 0) {
        anyFalse = true;
        break;
      }
    }
    return { kind, intMode: true, sciMode: false, maxWidth: anyFalse ? 5 : 4 };
  }
  if (kind === 'int') {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // str(int) grows with |v| on each side of zero, so the extremes give the widest strings.
    return { kind, intMode: true, sciMode: false, maxWidth: Math.max(pyIntStr(lo).length, pyIntStr(hi).length) };
  }
  // Extremes of the non-zero finite values, by sign: the width of every mode's output grows
  // with |v| on each side of zero, except the 3-digit exponent of sci mode, which tiny and huge
  // magnitudes share, so the smallest magnitudes count too.
  let posMin = Infinity;
  let posMax = 0;
  let negMin = Infinity;
  let negMax = 0;
  let intMode = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v > 0) {
      if (v === Infinity) continue;
      if (v < posMin) posMin = v;
      if (v > posMax) posMax = v;
      if (intMode && Math.ceil(v) !== v) intMode = false;
    } else if (v < 0) {
      if (v === -Infinity) continue;
      const a = -v;
      if (a < negMin) negMin = a;
      if (a > negMax) negMax = a;
      if (intMode && Math.ceil(v) !== v) intMode = false;
    }
  }
  const absMin = Math.min(posMin, negMin);
  const absMax = Math.max(posMax, negMax);
  // No non-zero finite value: PyTorch keeps its initial state (int mode, width 1).
  if (absMax === 0) return { kind, intMode: true, sciMode: false, maxWidth: 1 };
  const sciMode = absMax / absMin > 1000 || absMax > 1e8 || (!intMode && absMin < 1e-4);
  const widthOf = (v: number): number =>
    sciMode ? pyFormatExp(v, PRECISION).length : intMode ? pyFormatFixed(v, 0).length + 1 : pyFormatFixed(v, PRECISION).length;
  let maxWidth = 1;
  if (posMax > 0) maxWidth = Math.max(maxWidth, widthOf(posMin), widthOf(posMax));
  if (negMax > 0) maxWidth = Math.max(maxWidth, widthOf(-negMin), widthOf(-negMax));
  return { kind, intMode, sciMode, maxWidth };
}

function formatValue(fmt: Formatter, v: number): string {
  let s: string;
  if (fmt.kind === 'bool') s = v !== 0 ? 'True' : 'False';
  else if (fmt.kind === 'int') s = pyIntStr(v);
  else if (fmt.sciMode) s = pyFormatExp(v, PRECISION);
  else if (fmt.intMode) s = Number.isFinite(v) ? pyFormatFixed(v, 0) + '.' : pyFormatFixed(v, 0);
  else s = pyFormatFixed(v, PRECISION);
  // Python's `n * ' '` is empty for n < 0: a nan in int mode may be wider than the common width.
  return s.length < fmt.maxWidth ? ' '.repeat(fmt.maxWidth - s.length) + s : s;
}
