/** torch.ones, zeros, full, arange, linspace and eye with literal arguments. */
import { allocate } from '../tensor';
import { K_BOOL, K_FLOAT, K_INT, K_INT_BEYOND_INT64, K_INT_HUGE, K_INT_INEXACT, K_NONE, type Scanner, TWO_63 } from '../lexer';
import { boolArg, checkGrad, checkNumel, checkedShape, deviceArg, intArg, numberArg, scalarOf, sizeArg, torchDtype, typeNameOf } from './args';
import { bind } from './calls';
import { INT64_EXACT_NOTE } from './limits';
import type { ArgValue, Built, Call, Reader, Value } from './types';

export function evalConstructor(r: Reader, call: Call): Value {
  const sc: Scanner = r.sc;
  const fn = call.name.slice(6);
  let built: Built;
  let rgV: ArgValue | undefined;
  if (fn === 'ones' || fn === 'zeros') {
    const positional = call.args.filter((a) => a.key === undefined).map((a) => a.value);
    const kw = bind(r, fn, { args: call.args.filter((a) => a.key !== undefined), start: call.start }, ['*size', '*dtype', '*device', '*requires_grad']);
    deviceArg(r, kw.get('*device'));
    const sizeV = kw.get('*size');
    if (sizeV !== undefined && positional.length > 0) sc.fail(`${fn}() got multiple values for argument 'size'`, sizeV.start, 'TypeError');
    const sizeValues = sizeV !== undefined ? [sizeV] : positional;
    if (sizeValues.length === 0) sc.fail(`${fn}() needs a size`, call.start);
    const shape = checkedShape(r, sizeArg(r, fn, 'size', sizeValues, false, true), call.start);
    const dtype = torchDtype(r, kw.get('*dtype')) ?? 'float32';
    const n = shape.reduce((x, y) => x * y, 1);
    const data = allocate(dtype, n);
    if (fn === 'ones') data.fill(1);
    built = { shape, dtype, data };
    rgV = kw.get('*requires_grad');
  } else if (fn === 'full') {
    const a = bind(r, fn, call, ['size', 'fill_value', '*dtype', '*device', '*requires_grad']);
    deviceArg(r, a.get('*device'));
    const sizeV = a.get('size');
    const fillV = a.get('fill_value');
    if (sizeV === undefined || fillV === undefined) sc.fail('full() needs size and fill_value', call.start, 'TypeError');
    const shape = checkedShape(r, sizeArg(r, fn, 'size', [sizeV], true), call.start);
    const fill = scalarOf(fillV);
    if (fill === undefined || fill.kind === K_NONE) {
      sc.fail(`full(): argument 'fill_value' (position 2) must be Number, not ${typeNameOf(fillV)}`, fillV.start, 'TypeError');
    }
    const given = torchDtype(r, a.get('*dtype'));
    const dtype = given ?? (fill.kind === K_BOOL ? 'bool' : fill.kind === K_FLOAT ? 'float32' : 'int64');
    let v = fill.value;
    if (fill.kind === K_INT_HUGE || fill.kind === K_INT_BEYOND_INT64) {
      if (given === null || given === 'int64') sc.fail('Overflow when unpacking long', fillV.start, 'RuntimeError');
    }
    if (dtype === 'int64') {
      if (fill.kind === K_INT_INEXACT) sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, fillV.start);
      if (!(v > -TWO_63 - 1 && v < TWO_63)) sc.fail('value cannot be converted to type int64_t without overflow', fillV.start, 'RuntimeError');
      v = Math.trunc(v) + 0;
    } else if (dtype === 'bool') {
      v = v !== 0 ? 1 : 0;
    }
    const n = shape.reduce((x, y) => x * y, 1);
    const data = allocate(dtype, n);
    data.fill(dtype === 'float32' ? Math.fround(v) : v);
    built = { shape, dtype, data };
    rgV = a.get('*requires_grad');
  } else if (fn === 'arange') {
    built = arange(r, call);
    rgV = call.args.find((x) => x.key === 'requires_grad')?.value;
  } else if (fn === 'linspace') {
    const a = bind(r, fn, call, ['start', 'end', 'steps', '*dtype', '*device', '*requires_grad']);
    deviceArg(r, a.get('*device'));
    built = linspace(r, call, a);
    rgV = a.get('*requires_grad');
  } else {
    const a = bind(r, fn, call, ['n', 'm', '*dtype', '*device', '*requires_grad']);
    deviceArg(r, a.get('*device'));
    const nV = a.get('n');
    if (nV === undefined) sc.fail('eye() needs n', call.start, 'TypeError');
    const n = intArg(r, 'eye', 'n', 1, nV);
    const mV = a.get('m');
    const m = mV === undefined ? n : intArg(r, 'eye', 'm', 2, mV);
    if (n < 0) sc.fail(`n must be greater or equal to 0, got ${n}`, nV.start, 'RuntimeError');
    if (m < 0) sc.fail(`m must be greater or equal to 0, got ${m}`, mV?.start ?? call.start, 'RuntimeError');
    checkNumel(r, n * m, call.start);
    const dtype = torchDtype(r, a.get('*dtype')) ?? 'float32';
    const data = allocate(dtype, n * m);
    for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
    built = { shape: [n, m], dtype, data };
    rgV = a.get('*requires_grad');
  }
  const rg = boolArg(r, fn, 'requires_grad', rgV);
  checkGrad(r, rg, built.dtype, call.start);
  return { tensor: built, requiresGrad: rg, numpy: false };
}

export function arange(r: Reader, call: Call): Built {
  const sc: Scanner = r.sc;
  const a = bind(r, 'arange', { args: call.args.filter((x) => x.key !== undefined), start: call.start }, ['*start', '*end', '*step', '*dtype', '*device', '*requires_grad']);
  deviceArg(r, a.get('*device'));
  const positional = call.args.filter((x) => x.key === undefined).map((x) => x.value);
  if (positional.length > 3) sc.fail('arange() takes at most 3 positional arguments', positional[3].start, 'TypeError');
  let startV: ArgValue | undefined;
  let endV: ArgValue | undefined;
  let stepV: ArgValue | undefined;
  if (positional.length === 1) endV = positional[0];
  else [startV, endV, stepV] = positional;
  const pick = (key: string, cur: ArgValue | undefined): ArgValue | undefined => {
    const k = call.args.find((x) => x.key === key);
    if (k && cur) sc.fail(`arange() got multiple values for argument '${key}'`, k.value.start, 'TypeError');
    return k ? k.value : cur;
  };
  startV = pick('start', startV);
  endV = pick('end', endV);
  stepV = pick('step', stepV);
  if (endV === undefined) sc.fail('arange() needs end', call.start, 'TypeError');
  const num = (v: ArgValue | undefined, name: string, pos: number, dflt: number) =>
    v === undefined ? { kind: K_INT, value: dflt } : numberArg(r, 'arange', name, pos, v);
  const s = num(startV, 'start', 1, 0);
  const e = num(endV, 'end', positional.length === 1 ? 1 : 2, 0);
  const st = num(stepV, 'step', 3, 1);
  const anyFloat = [s, e, st].some((x) => x.kind === K_FLOAT);
  const dtype = torchDtype(r, a.get('*dtype')) ?? (anyFloat ? 'float32' : 'int64');
  if (dtype === 'bool') sc.fail(`"arange_cpu" not implemented for 'Bool'`, call.start, 'RuntimeError');
  const at = call.start;
  if (dtype === 'int64') {
    for (const x of [s, e, st]) {
      if (!(x.value > -TWO_63 - 1 && x.value < TWO_63)) sc.fail('value cannot be converted to type int64_t without overflow', at, 'RuntimeError');
    }
    const xs = Math.trunc(s.value) + 0;
    const xe = Math.trunc(e.value) + 0;
    const xst = Math.trunc(st.value) + 0;
    if (xst === 0) sc.fail('step must be nonzero', at, 'RuntimeError');
    if (!((xst > 0 && xe >= xs) || (xst < 0 && xe <= xs))) sc.fail('upper bound and larger bound inconsistent with step sign', at, 'RuntimeError');
    const sgn = xst > 0 ? 1 : -1;
    const n = Math.trunc((xe - xs + xst - sgn) / xst);
    checkNumel(r, n, at);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = xs + xst * i;
    if (n > 0 && (Math.abs(data[n - 1]) > 2 ** 53 || Math.abs(xs) > 2 ** 53)) sc.fail(`values beyond 2^53: ${INT64_EXACT_NOTE}`, at);
    return { shape: [n], dtype, data };
  }
  if (!(st.value > 0 || st.value < 0)) sc.fail('step must be nonzero', at, 'RuntimeError');
  if (!Number.isFinite(s.value) || !Number.isFinite(e.value)) sc.fail(`unsupported range: ${cppG(s.value)} -> ${cppG(e.value)}`, at, 'RuntimeError');
  if (!((st.value > 0 && e.value >= s.value) || (st.value < 0 && e.value <= s.value))) {
    sc.fail('upper bound and larger bound inconsistent with step sign', at, 'RuntimeError');
  }
  const n = Math.ceil((e.value - s.value) / st.value);
  checkNumel(r, n, at);
  const data = allocate(dtype, n);
  const fracBits = Math.max(binaryFractionBits(s.value), binaryFractionBits(st.value));
  const scale = 2 ** fracBits;
  const limit = dtype === 'float32' ? 2 ** 24 : 2 ** 53;
  if (fracBits > 60 || Math.abs(s.value * scale) + Math.abs(st.value * scale) * n > limit) {
    sc.fail(
      `torch.arange with these arguments produces rounded values that depend on PyTorch's vectorised kernel, which Dropout Lens does not reproduce; write the values out (e.g. copy print(x))`,
      at,
    );
  }
  for (let i = 0; i < n; i++) data[i] = s.value + st.value * i;
  return { shape: [n], dtype, data };
}

export function linspace(r: Reader, call: Call, a: Map<string, ArgValue>): Built {
  const sc: Scanner = r.sc;
  const at = call.start;
  const sV = a.get('start');
  const eV = a.get('end');
  const nV = a.get('steps');
  if (sV === undefined || eV === undefined) sc.fail('linspace() needs start and end', at, 'TypeError');
  if (nV === undefined) sc.fail('linspace() missing 1 required positional arguments: "steps"', at, 'TypeError');
  const s = numberArg(r, 'linspace', 'start', 1, sV).value;
  const e = numberArg(r, 'linspace', 'end', 2, eV).value;
  const steps = intArg(r, 'linspace', 'steps', 3, nV);
  const dtype = torchDtype(r, a.get('*dtype')) ?? 'float32';
  if (steps < 0) sc.fail('number of steps must be non-negative', at, 'RuntimeError');
  if (dtype === 'bool') sc.fail(`"linspace_cpu" not implemented for 'Bool'`, at, 'RuntimeError');
  checkNumel(r, steps, at);
  const data = allocate(dtype, steps);
  if (steps === 0) return { shape: [0], dtype, data };
  if (dtype === 'int64') {
    for (const x of [s, e]) {
      if (!(x > -TWO_63 - 1 && x < TWO_63)) sc.fail('value cannot be converted to type int64_t without overflow', at, 'RuntimeError');
    }
    const xs = Math.trunc(s) + 0;
    const xe = Math.trunc(e) + 0;
    if (steps === 1) {
      data[0] = xs;
      return { shape: [1], dtype, data };
    }
    const step = (xe - xs) / (steps - 1);
    if (!Number.isInteger(step)) {
      sc.fail('an int64 torch.linspace whose step is not a whole number is not reproduced exactly; write the values out', at);
    }
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) data[i] = i < half ? xs + step * i : xe - step * (steps - i - 1);
    return { shape: [steps], dtype, data };
  }
  const f = dtype === 'float32' ? Math.fround : (x: number) => x;
  const xs = f(s);
  const xe = f(e);
  if (steps === 1) {
    data[0] = xs;
    return { shape: [1], dtype, data };
  }
  // Exact when start, end and step are multiples of one 2^-bits with small enough numerators.
  const step = (xe - xs) / (steps - 1);
  const bits = Number.isFinite(step) ? Math.max(binaryFractionBits(xs), binaryFractionBits(xe), binaryFractionBits(step)) : Infinity;
  const scale = 2 ** bits;
  const limit = dtype === 'float32' ? 2 ** 24 : 2 ** 53;
  if (
    bits > 60 ||
    step * scale * (steps - 1) !== (xe - xs) * scale ||
    Math.abs(xs * scale) + Math.abs(step * scale) * steps > limit ||
    Math.abs(xe * scale) > limit
  ) {
    sc.fail(
      `torch.linspace with these arguments produces rounded values that depend on PyTorch's vectorised kernel, which Dropout Lens does not reproduce; write the values out (e.g. copy print(x))`,
      at,
    );
  }
  for (let i = 0; i < steps; i++) data[i] = xs + step * i;
  return { shape: [steps], dtype, data };
}

/** How many binary digits a double has after the point (0 for integers; up to 1074). */
function binaryFractionBits(x: number): number {
  let k = 0;
  while (!Number.isInteger(x * 2 ** k) && k < 1100) k++;
  return k;
}

/** C++ ostream's default formatting of a double (%g, 6 significant digits), as in PyTorch's messages. */
function cppG(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
