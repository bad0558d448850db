/**
 * Python's `str` and `repr` of the values replay holds: floats by CPython's shortest repr,
 * tensors by the core's port of torch/_tensor_str.py, modules as nn.Module.__repr__ builds them.
 */
import { pyFloatRepr, pyIntStr, pyStrRepr } from '../core/pyformat';
import { repr as tensorRepr } from '../core/repr';
import { isParameter } from './ops/autograd';
import { stop } from './stop';
import type { ModuleValue, Value } from './values';

export function pyStr(v: Value): string {
  return v.t === 'str' ? v.v : pyRepr(v);
}

export function pyRepr(v: Value): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'int':
      return pyIntStr(v.v);
    case 'float':
      return pyFloatRepr(v.v);
    case 'str':
      return pyStrRepr(v.v);
    case 'tuple':
      return v.items.length === 1 ? `(${pyRepr(v.items[0])},)` : `(${v.items.map(pyRepr).join(', ')})`;
    case 'list':
      return `[${v.items.map(pyRepr).join(', ')}]`;
    case 'size':
      return `torch.Size([${v.dims.join(', ')}])`;
    case 'range':
      return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    case 'tensor':
      return isParameter(v.tensor) ? `Parameter containing:\n${tensorRepr(v.tensor)}` : tensorRepr(v.tensor);
    case 'dtype':
      return `torch.${v.dtype}`;
    case 'module':
      return moduleRepr(v);
    default:
      return stop('printing this value', `replay does not print a ${v.t}`);
  }
}

/** nn.Module.__repr__: the extra_repr line, then each child module indented by two spaces. */
function moduleRepr(m: ModuleValue): string {
  const extra = typeof m.config.extraRepr === 'string' ? m.config.extraRepr : '';
  const extraLines = extra ? extra.split('\n') : [];
  const childLines: string[] = [];
  for (const [key, child] of m.attrs) {
    if (child.t === 'module') childLines.push(`(${key}): ${moduleRepr(child).split('\n').join('\n  ')}`);
  }
  const name = m.cls ? m.cls.name : m.kind;
  const lines = [...extraLines, ...childLines];
  if (!lines.length) return `${name}()`;
  if (extraLines.length === 1 && !childLines.length) return `${name}(${extraLines[0]})`;
  return `${name}(\n  ${lines.join('\n  ')}\n)`;
}
