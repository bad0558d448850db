/** What the parser's stages hand each other: scanned data, built tensors, call arguments. */
import { K_BOOL, K_FLOAT, K_INT, K_INT_BEYOND_INT64, K_INT_HUGE, K_INT_INEXACT, K_NONE, type Scanner } from '../lexer';
import type { DType, TensorData } from '../tensor';

export type LiteralForm =
  | 'torch.tensor'
  | 'torch.as_tensor'
  | 'torch.from_numpy'
  | 'torch.Tensor'
  | 'torch.FloatTensor'
  | 'torch.DoubleTensor'
  | 'torch.LongTensor'
  | 'torch.BoolTensor'
  | 'np.array'
  | 'numpy.array'
  | 'torch.ones'
  | 'torch.zeros'
  | 'torch.full'
  | 'torch.arange'
  | 'torch.linspace'
  | 'torch.eye'
  | 'repr'
  | 'list'
  | 'tuple'
  | 'scalar';

/**
 * Nested data in preorder: tags[i] < 0 is a scalar of kind tags[i] (K_*) whose value is the
 * next entry of vals; tags[i] >= 0 is a sequence, (count << 1) | (1 if tuple).
 */
export interface Data {
  tags: Int32Array;
  offs: Int32Array;
  ntags: number;
  vals: Float64Array;
  nvals: number;
  nFloat: number;
  nInt: number;
  nBool: number;
  nNone: number;
  /** Empty sequences: PyTorch infers the default dtype (float32) for each. */
  nEmpty: number;
  /** Pairs (value index, text offset) of floats read approximately; see resolveApprox. */
  approx: number[];
  start: number;
  end: number;
}

const SEQ_NAMES = ['list', 'tuple'];

export function seqName(tag: number): string {
  return SEQ_NAMES[tag & 1];
}

export function kindName(tag: number): string {
  if (tag >= 0) return seqName(tag);
  if (tag === K_FLOAT) return 'float';
  if (tag === K_BOOL) return 'bool';
  if (tag === K_NONE) return 'NoneType';
  return 'int';
}

export function isIntKind(k: number): boolean {
  return k === K_INT || k === K_INT_INEXACT || k === K_INT_BEYOND_INT64 || k === K_INT_HUGE;
}

export interface Built {
  shape: number[];
  dtype: DType;
  data: TensorData;
}

export type ArgValue =
  | { kind: 'data'; data: Data; start: number; end: number }
  | { kind: 'name'; name: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'gradfn'; name: string; start: number; end: number }
  | { kind: 'array'; built: Built; start: number; end: number };

export interface Arg {
  key?: string;
  value: ArgValue;
}

export interface Call {
  name: string;
  start: number;
  args: Arg[];
  end: number;
}

export interface Value {
  tensor: Built;
  requiresGrad: boolean;
  gradFn?: string;
  numpy: boolean;
}

/** The state the readers of one literal share. */
export interface Reader {
  readonly sc: Scanner;
  readonly maxElements: number;
  /** Whether the first data of the literal, the one sized for the whole text, has been read. */
  mainRead: boolean;
}
