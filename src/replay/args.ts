/** A call's arguments, evaluated, with the helpers every callee uses to read them. */
import type { SyntaxNode } from '@lezer/common';
import type { DType } from '../core/tensor';
import { PyRaise, stop } from './stop';
import { asNumber, typeName, type Value } from './values';

export interface Args {
  readonly pos: readonly Value[];
  readonly kw: ReadonlyMap<string, Value>;
  /** Source text of each positional argument (dropout's message prints `2` for an int p). */
  readonly node: SyntaxNode;
  readonly callee: string;
}

/** The position of an argument that can only be given by keyword (`bias=`, `requires_grad=`). */
export const KEYWORD_ONLY = -1;

export function arg(a: Args, i: number, name: string): Value | undefined {
  return a.kw.get(name) ?? a.pos[i];
}

export function numberArg(a: Args, i: number, name: string, fallback?: number): number {
  const v = arg(a, i, name);
  if (v === undefined) {
    if (fallback === undefined) throw new PyRaise('TypeError', `${a.callee}() missing required argument: '${name}'`);
    return fallback;
  }
  const n = asNumber(v);
  if (n === undefined) return stop(`${a.callee}(${name}=<${typeName(v)}>)`, 'expected a number', a.node);
  return n;
}

export function boolArg(a: Args, i: number, name: string, fallback: boolean): boolean {
  const v = arg(a, i, name);
  if (v === undefined) return fallback;
  if (v.t === 'bool') return v.v;
  const n = asNumber(v);
  if (n === undefined) return stop(`${a.callee}(${name}=<${typeName(v)}>)`, 'expected a bool', a.node);
  return n !== 0;
}

export function dtypeArg(a: Args, fallback: DType): DType {
  const v = a.kw.get('dtype');
  if (v === undefined || v.t === 'none') return fallback;
  if (v.t !== 'dtype') return stop(`${a.callee}(dtype=...)`, 'expected a torch dtype', a.node);
  return v.dtype;
}

/** A size given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(x.shape)`, from position `from` on. */
export function sizeArgs(a: Args, from = 0): number[] {
  let items: readonly Value[] = a.pos.slice(from);
  const kwSize = a.kw.get('size');
  if (kwSize) items = [kwSize];
  if (items.length === 1) {
    const only = items[0];
    if (only.t === 'size') return [...only.dims];
    if (only.t === 'tuple' || only.t === 'list') items = only.items;
  }
  return items.map((v) => {
    if (v.t !== 'int' && v.t !== 'bool') {
      if (v.t === 'float') throw new PyRaise('TypeError', `${a.callee}(): argument 'size' must be tuple of ints, but found element of type float at pos 0`);
      return stop(`${a.callee} with a size of type ${typeName(v)}`, 'expected integers', a.node);
    }
    return Number(v.v);
  });
}
