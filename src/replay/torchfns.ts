/** Functions of the torch, torch.nn.functional, random and numpy namespaces replay follows. */
import { VARIANTS, type Variant } from '../core/dropout';
import { parseSeed } from '../core/run';
import { makeTensor, numel, type DType, type Tensor } from '../core/tensor';
import { arg, boolArg, KEYWORD_ONLY, dtypeArg, numberArg, sizeArgs, type Args } from './args';
import type { Engine } from './engine';
import { tracked } from './ops/autograd';
import { map } from './ops/elementwise';
import { cat, stack } from './ops/join';
import { product } from './ops/matmul';
import { emptyTensor, fillBernoulli, fillNormal, fillRandint, fillUniform, randpermTensor } from './ops/random';
import { runDropout } from './ops/dropout';
import { PyRaise, stop } from './stop';
import { bool, NONE, tensorValue, typeName, type Value } from './values';

function tensorArg(a: Args, i: number, name: string): Tensor {
  const v = arg(a, i, name);
  if (v?.t !== 'tensor') return stop(`${a.callee} of a ${v ? typeName(v) : 'missing argument'}`, 'expected a tensor', a.node);
  return v.tensor;
}

function requiresGrad(a: Args, t: Tensor): Tensor {
  return boolArg(a, KEYWORD_ONLY, 'requires_grad', false) ? makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data, requiresGrad: true }) : t;
}

function filled(shape: readonly number[], dtype: DType, value: number): Tensor {
  const t = makeTensor({ shape, dtype });
  t.data.fill(value);
  return t;
}

/** Variant of `F.<name>` / `torch.<name>`; alpha variants default to training=False as functionals. */
const FUNCTIONAL_DROPOUT = new Map<string, Variant>(VARIANTS.map((v) => [v, v]));

/** The seeding functions and the random factories: everything here moves (or resets) the generator. */
function callRandom(e: Engine, name: string, a: Args): Value | undefined {
  const like = (): Tensor => tensorArg(a, 0, 'input');
  switch (name) {
    case 'torch.manual_seed': {
      const v = arg(a, 0, 'seed');
      if (v?.t !== 'int' && v?.t !== 'bool') return stop('torch.manual_seed with a non-integer seed', 'not replayed', a.node);
      e.manualSeed(parseSeed(BigInt(Number(v.v))));
      return NONE;
    }
    case 'random.seed':
    case 'numpy.random.seed':
      // Python's and NumPy's generators are separate from torch's: seeding them changes no torch draw.
      return NONE;
    case 'torch.rand':
    case 'torch.randn': {
      const t = requiresGrad(a, makeTensor({ shape: sizeArgs(a), dtype: dtypeArg(a, 'float32') }));
      if (name === 'torch.rand') fillUniform(e, t, 0, 1, a.node);
      else fillNormal(e, t, 0, 1, a.node);
      return tensorValue(t);
    }
    case 'torch.rand_like':
    case 'torch.randn_like': {
      const x = like();
      const t = makeTensor({ shape: x.shape, dtype: dtypeArg(a, x.dtype) });
      if (name === 'torch.rand_like') fillUniform(e, t, 0, 1, a.node);
      else fillNormal(e, t, 0, 1, a.node);
      return tensorValue(t);
    }
    case 'torch.randint': {
      const three = a.kw.has('low') || a.pos.length >= (a.kw.has('size') ? 2 : 3);
      const low = three ? numberArg(a, 0, 'low') : 0;
      const high = numberArg(a, three ? 1 : 0, 'high');
      const size = a.kw.get('size') ?? a.pos[three ? 2 : 1];
      if (!size) throw new PyRaise('TypeError', 'randint() missing 1 required positional arguments: "size"');
      const t = makeTensor({ shape: sizeArgs({ ...a, pos: [size], kw: new Map() }), dtype: dtypeArg(a, 'int64') });
      fillRandint(e, t, low, high, a.node);
      return tensorValue(t);
    }
    case 'torch.randperm':
      return tensorValue(randpermTensor(e, numberArg(a, 0, 'n')));
    case 'torch.bernoulli': {
      const probs = like();
      const out = makeTensor({ shape: probs.shape, dtype: probs.dtype });
      const p = a.kw.get('p') ?? a.pos[1];
      fillBernoulli(e, out, p ? numberArg(a, 1, 'p') : probs, a.node);
      return tensorValue(out);
    }
    case 'torch.empty':
      return tensorValue(emptyTensor(e, sizeArgs(a), dtypeArg(a, 'float32')));
    case 'torch.empty_like':
      return tensorValue(emptyTensor(e, like().shape, dtypeArg(a, like().dtype)));
    default:
      return undefined;
  }
}

export function callTorch(e: Engine, name: string, a: Args): Value | undefined {
  const drawn = callRandom(e, name, a);
  if (drawn) return drawn;
  const like = (): Tensor => tensorArg(a, 0, 'input');
  switch (name) {
    case 'torch.zeros':
    case 'torch.ones':
      return tensorValue(requiresGrad(a, filled(sizeArgs(a), dtypeArg(a, 'float32'), name === 'torch.ones' ? 1 : 0)));
    case 'torch.zeros_like':
    case 'torch.ones_like':
      return tensorValue(filled(like().shape, dtypeArg(a, like().dtype), name === 'torch.ones_like' ? 1 : 0));
    case 'torch.full_like':
      return tensorValue(filled(like().shape, dtypeArg(a, like().dtype), numberArg(a, 1, 'fill_value')));
    case 'torch.full': {
      const size = sizeArgs({ ...a, pos: a.pos.slice(0, 1) });
      const v = arg(a, 1, 'fill_value');
      const dtype = dtypeArg(a, v?.t === 'float' ? 'float32' : v?.t === 'bool' ? 'bool' : 'int64');
      return tensorValue(filled(size, dtype, numberArg(a, 1, 'fill_value')));
    }
    case 'torch.arange': {
      const [start, end, step] = a.pos.length >= 2 ? [numberArg(a, 0, 'start'), numberArg(a, 1, 'end'), numberArg(a, 2, 'step', 1)] : [0, numberArg(a, 0, 'end'), 1];
      const anyFloat = a.pos.some((v) => v.t === 'float');
      if (anyFloat) return stop('torch.arange with float arguments', 'not replayed outside a literal', a.node);
      const n = Math.max(0, Math.ceil((end - start) / step));
      const t = makeTensor({ shape: [n], dtype: dtypeArg(a, 'int64') });
      for (let i = 0; i < n; i++) t.data[i] = start + i * step;
      return tensorValue(t);
    }
    case 'torch.tensor':
    case 'torch.as_tensor':
      return fromValue(a);
    case 'torch.equal': {
      const x = tensorArg(a, 0, 'input');
      const y = tensorArg(a, 1, 'other');
      const same = x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]) && x.data.every((v, i) => v === y.data[i]);
      return bool(same);
    }
    case 'torch.relu':
    case 'torch.nn.functional.relu':
      return tensorValue(relu(e, like(), boolArg(a, 1, 'inplace', false)));
    case 'torch.cat':
    case 'torch.stack': {
      const parts = tensorList(a);
      const dim = numberArg(a, 1, 'dim', 0);
      const joined = name === 'torch.cat' ? cat(parts, dim) : stack(parts, dim);
      return tensorValue(tracked(joined, parts, name === 'torch.cat' ? 'CatBackward0' : 'StackBackward0', e.gradEnabled));
    }
    case 'torch.matmul':
    case 'torch.mm':
      return tensorValue(product(e, tensorArg(a, 0, 'input'), tensorArg(a, 1, name === 'torch.mm' ? 'mat2' : 'other'), name === 'torch.mm', a.node));
    case 'torch.numel':
      return { t: 'int', v: numel(like().shape) };
    case 'torch.dropout':
    case 'torch.nn.functional.dropout':
      return runDropout(e, 'dropout', arg(a, 0, 'input') ?? NONE, dropoutArgs(a, name === 'torch.dropout', true), a.node);
    default: {
      const short = name.replace(/^torch\.nn\.functional\./, '').replace(/^torch\./, '');
      const variant = FUNCTIONAL_DROPOUT.get(short);
      if (!variant || short === 'dropout') return undefined;
      return runDropout(e, variant, arg(a, 0, 'input') ?? NONE, dropoutArgs(a, name.startsWith('torch.') && !name.includes('functional'), !variant.includes('alpha')), a.node);
    }
  }
}

/** `torch.cat(tensors)`'s first argument: a list or tuple of tensors. */
function tensorList(a: Args): Tensor[] {
  const v = arg(a, 0, 'tensors');
  if (v?.t !== 'list' && v?.t !== 'tuple') return stop(`${a.callee} of a ${v ? typeName(v) : 'missing argument'}`, 'expected a list or tuple of tensors', a.node);
  return v.items.map((item) => (item.t === 'tensor' ? item.tensor : stop(`${a.callee} of a ${typeName(item)} in the list`, 'expected tensors', a.node)));
}

function dropoutArgs(a: Args, torchForm: boolean, trainingDefault: boolean): { p: Value | undefined; training: boolean; inplace: boolean } {
  // torch.dropout(input, p, train) takes `train` and no inplace; F.* take training= and inplace=.
  if (torchForm) return { p: arg(a, 1, 'p'), training: boolArg(a, 2, 'train', true), inplace: false };
  return { p: arg(a, 1, 'p'), training: boolArg(a, 2, 'training', trainingDefault), inplace: boolArg(a, 3, 'inplace', false) };
}

export function relu(e: Engine, x: Tensor, inplace: boolean): Tensor {
  const r = map(x, (v) => (v > 0 || Number.isNaN(v) ? v : 0));
  if (inplace) {
    x.data.set(r.data);
    return x;
  }
  return tracked(r, [x], 'ReluBackward0', e.gradEnabled);
}

/** `torch.tensor(data)` of a value held in a variable: nested lists or tuples of Python numbers. */
function fromValue(a: Args): Value {
  const data = arg(a, 0, 'data');
  if (!data) throw new PyRaise('TypeError', "tensor() missing 1 required positional arguments: \"data\"");
  if (data.t === 'tensor') return stop('torch.tensor(<a tensor>)', 'copy construction is not replayed', a.node);
  const shape: number[] = [];
  const flat: number[] = [];
  let kind = 0; // 0 bool, 1 int, 2 float: the widest element decides the dtype.
  const walk = (v: Value, depth: number): void => {
    if (v.t === 'list' || v.t === 'tuple') {
      if (shape.length === depth) shape.push(v.items.length);
      else if (shape[depth] !== v.items.length) throw new PyRaise('ValueError', `expected sequence of length ${shape[depth]} at dim ${depth} (got ${v.items.length})`);
      for (const item of v.items) walk(item, depth + 1);
      return;
    }
    if (v.t !== 'bool' && v.t !== 'int' && v.t !== 'float') stop(`torch.tensor of a ${typeName(v)}`, 'expected numbers', a.node);
    if (depth !== shape.length) stop('this ragged torch.tensor', 'not replayed', a.node);
    kind = Math.max(kind, v.t === 'float' ? 2 : v.t === 'int' ? 1 : 0);
    flat.push(Number(v.v));
  };
  walk(data, 0);
  const dtype = dtypeArg(a, (['bool', 'int64', 'float32'] as const)[kind]);
  return tensorValue(requiresGrad(a, makeTensor({ shape, dtype, data: flat })));
}
