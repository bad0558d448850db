/**
 * The Python values replay knows: a closed set, so that anything else is a "cannot replay" stop
 * rather than a guess.
 */
import type { SyntaxNode } from '@lezer/common';
import type { DType, Tensor } from '../core/tensor';

export type Value =
  | { readonly t: 'none' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'tuple'; readonly items: readonly Value[] }
  | { readonly t: 'list'; readonly items: Value[] }
  | { readonly t: 'size'; readonly dims: readonly number[] }
  | { readonly t: 'range'; readonly start: number; readonly stop: number; readonly step: number }
  | IteratorValue
  | TensorValue
  | { readonly t: 'dtype'; readonly dtype: DType }
  | { readonly t: 'ns'; readonly path: string }
  | { readonly t: 'builtin'; readonly name: string; readonly self?: Value }
  | FunctionValue
  | ClassValue
  | ModuleValue
  | { readonly t: 'nograd' };

/** `zip(...)`, `enumerate(...)`: its items, gone once a loop has gone through them (as Python's iterators). */
export interface IteratorValue {
  readonly t: 'iter';
  readonly name: 'zip' | 'enumerate';
  items: readonly Value[];
}

/** A tensor is mutable in place (`x.mul_`, `inplace=True`): the value holds the current one. */
export interface TensorValue {
  readonly t: 'tensor';
  tensor: Tensor;
}

export interface FunctionValue {
  readonly t: 'func';
  readonly name: string;
  readonly node: SyntaxNode;
  readonly params: readonly { readonly name: string; readonly default?: Value }[];
  /** Bound `self` for a method taken from an instance. */
  readonly self?: ModuleValue;
}

export interface ClassValue {
  readonly t: 'class';
  readonly name: string;
  readonly methods: ReadonlyMap<string, FunctionValue>;
}

/** An nn.Module instance: a built-in layer (`kind`) or a user class; attributes in definition order. */
export interface ModuleValue {
  readonly t: 'module';
  readonly kind: string;
  readonly cls?: ClassValue;
  readonly attrs: Map<string, Value>;
  training: boolean;
  /** Built-in layers' constructor arguments and parameters. */
  readonly config: Record<string, unknown>;
}

export const NONE: Value = { t: 'none' };
export const bool = (v: boolean): Value => ({ t: 'bool', v });
export const int = (v: number): Value => ({ t: 'int', v });
export const float = (v: number): Value => ({ t: 'float', v });
export const str = (v: string): Value => ({ t: 'str', v });
export const tensorValue = (tensor: Tensor): TensorValue => ({ t: 'tensor', tensor });

/** Python's type name, as error messages show it. */
export function typeName(v: Value): string {
  switch (v.t) {
    case 'none':
      return 'NoneType';
    case 'tensor':
      return 'Tensor';
    case 'size':
      return 'Size';
    case 'ns':
      return 'module';
    case 'builtin':
    case 'func':
      return 'function';
    case 'class':
      return 'type';
    case 'module':
      return v.cls ? v.cls.name : v.kind;
    case 'nograd':
      return 'no_grad';
    case 'iter':
      return v.name;
    default:
      return v.t;
  }
}

/** A Python number (bool, int or float) as a double, or undefined. */
export function asNumber(v: Value): number | undefined {
  if (v.t === 'int' || v.t === 'float') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  return undefined;
}

/** Python truthiness of the values replay can decide it for. */
export function truthy(v: Value): boolean | undefined {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
    case 'int':
    case 'float':
      return v.v !== 0 && v.v !== false;
    case 'str':
      return v.v.length > 0;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'size':
      return v.dims.length > 0;
    case 'tensor':
      return v.tensor.data.length === 1 ? v.tensor.data[0] !== 0 : undefined;
    case 'range':
      return v.step > 0 ? v.start < v.stop : v.start > v.stop;
    default:
      return true;
  }
}
