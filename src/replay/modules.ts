/**
 * The nn layers replay builds and applies: construction draws exactly what PyTorch's
 * reset_parameters draws, in the same order; forward passes are exact except where BLAS is involved.
 */
import { VARIANTS, MODULE_NAMES, type Variant } from '../core/dropout';
import { pyFloatRepr } from '../core/pyformat';
import { makeTensor, type Tensor } from '../core/tensor';
import { arg, boolArg, KEYWORD_ONLY, numberArg, type Args } from './args';
import type { Engine } from './engine';
import { markParameter, tracked } from './ops/autograd';
import { runDropout } from './ops/dropout';
import { fillNormal, fillUniform } from './ops/random';
import { index } from './ops/shape';
import { pyStr } from './pyprint';
import { relu } from './torchfns';
import { PyRaise, stop } from './stop';
import { bool, tensorValue, type ModuleValue, type Value } from './values';

const DROPOUT_KINDS = new Map<string, Variant>(VARIANTS.map((v) => [MODULE_NAMES[v].slice(3), v]));
const LINEAR_APPROXIMATE = 'nn.Linear forward: PyTorch multiplies through BLAS, replay sums in double then rounds';

function newModule(kind: string, extraRepr: string, config: Record<string, unknown> = {}): ModuleValue {
  return { t: 'module', kind, attrs: new Map(), training: true, config: { ...config, extraRepr } };
}

function parameter(t: Tensor): Value {
  return tensorValue(markParameter(makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data, requiresGrad: true })));
}

/** `kaiming_uniform_(w, a=sqrt(5))` then the bias's uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)), as reset_parameters. */
function initWeightAndBias(e: Engine, m: ModuleValue, shape: number[], fanIn: number, withBias: boolean, a: Args): void {
  const weight = makeTensor({ shape, dtype: 'float32' });
  const gain = Math.sqrt(2.0 / (1 + Math.sqrt(5) ** 2));
  const bound = Math.sqrt(3.0) * (gain / Math.sqrt(fanIn));
  fillUniform(e, weight, -bound, bound, a.node);
  m.attrs.set('weight', parameter(weight));
  if (withBias) {
    const bias = makeTensor({ shape: [shape[0]], dtype: 'float32' });
    const b = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    fillUniform(e, bias, -b, b, a.node);
    m.attrs.set('bias', parameter(bias));
  }
}

function tupleOf(v: Value | undefined, n: number, fallback: number): number[] {
  if (v === undefined) return new Array<number>(n).fill(fallback);
  if (v.t === 'int') return new Array<number>(n).fill(v.v);
  if (v.t === 'tuple' || v.t === 'list') return v.items.map((x) => (x.t === 'int' ? x.v : stop('a conv size', 'expected integers')));
  return stop('a conv size', 'expected an int or a tuple');
}

const pyTuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);

/** `nn.<kind>(...)`, or undefined when replay does not know the layer. */
export function constructModule(e: Engine, kind: string, a: Args): ModuleValue | undefined {
  const variant = DROPOUT_KINDS.get(kind);
  if (variant) {
    const p = arg(a, 0, 'p') ?? { t: 'float', v: 0.5 };
    const pv = numberArg(a, 0, 'p', 0.5);
    if (pv < 0 || pv > 1) throw new PyRaise('ValueError', `dropout probability has to be between 0 and 1, but got ${pyStr(p)}`);
    const inplace = boolArg(a, 1, 'inplace', false);
    const m = newModule(kind, `p=${pyStr(p)}, inplace=${inplace ? 'True' : 'False'}`, { variant });
    m.attrs.set('p', p);
    m.attrs.set('inplace', bool(inplace));
    return m;
  }
  switch (kind) {
    case 'ReLU': {
      const inplace = boolArg(a, 0, 'inplace', false);
      const m = newModule(kind, inplace ? 'inplace=True' : '');
      m.attrs.set('inplace', bool(inplace));
      return m;
    }
    case 'Identity':
      return newModule(kind, '');
    case 'Linear': {
      const fin = numberArg(a, 0, 'in_features');
      const fout = numberArg(a, 1, 'out_features');
      const bias = boolArg(a, 2, 'bias', true);
      const m = newModule(kind, `in_features=${fin}, out_features=${fout}, bias=${bias ? 'True' : 'False'}`);
      initWeightAndBias(e, m, [fout, fin], fin, bias, a);
      return m;
    }
    case 'Conv1d':
    case 'Conv2d': {
      const n = kind === 'Conv1d' ? 1 : 2;
      const cin = numberArg(a, 0, 'in_channels');
      const cout = numberArg(a, 1, 'out_channels');
      const k = tupleOf(arg(a, 2, 'kernel_size'), n, 1);
      const stride = tupleOf(arg(a, 3, 'stride'), n, 1);
      const padding = tupleOf(arg(a, 4, 'padding'), n, 0);
      if (['dilation', 'groups', 'padding_mode'].some((key) => a.kw.has(key)) || a.pos.length > 5) {
        return stop(`nn.${kind} with dilation, groups or padding_mode`, 'not replayed', a.node);
      }
      const bias = boolArg(a, KEYWORD_ONLY, 'bias', true);
      let extra = `${cin}, ${cout}, kernel_size=${pyTuple(k)}, stride=${pyTuple(stride)}`;
      if (padding.some((p) => p !== 0)) extra += `, padding=${pyTuple(padding)}`;
      if (!bias) extra += ', bias=False';
      const m = newModule(kind, extra);
      initWeightAndBias(e, m, [cout, cin, ...k], cin * k.reduce((x, y) => x * y, 1), bias, a);
      return m;
    }
    case 'Embedding': {
      const num = numberArg(a, 0, 'num_embeddings');
      const dim = numberArg(a, 1, 'embedding_dim');
      if (a.pos.length > 2 || a.kw.size) return stop('nn.Embedding with options', 'only (num_embeddings, embedding_dim) is replayed', a.node);
      const m = newModule(kind, `${num}, ${dim}`);
      const w = makeTensor({ shape: [num, dim], dtype: 'float32' });
      fillNormal(e, w, 0, 1, a.node);
      m.attrs.set('weight', parameter(w));
      return m;
    }
    case 'LayerNorm': {
      const shapeArg = arg(a, 0, 'normalized_shape');
      const shape = shapeArg?.t === 'int' ? [shapeArg.v] : tupleOf(shapeArg, 0, 0);
      const eps = numberArg(a, 1, 'eps', 1e-5);
      const affine = boolArg(a, 2, 'elementwise_affine', true);
      const m = newModule(kind, `${pyTuple(shape)}, eps=${pyFloatRepr(eps)}, elementwise_affine=${affine ? 'True' : 'False'}`);
      if (affine) {
        const w = makeTensor({ shape, dtype: 'float32' });
        w.data.fill(1);
        m.attrs.set('weight', parameter(w));
        m.attrs.set('bias', parameter(makeTensor({ shape, dtype: 'float32' })));
      }
      return m;
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d': {
      const num = numberArg(a, 0, 'num_features');
      if (a.pos.length > 1 || a.kw.size) return stop(`nn.${kind} with options`, 'only (num_features) is replayed', a.node);
      const m = newModule(kind, `${num}, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True`);
      const w = makeTensor({ shape: [num], dtype: 'float32' });
      w.data.fill(1);
      m.attrs.set('weight', parameter(w));
      m.attrs.set('bias', parameter(makeTensor({ shape: [num], dtype: 'float32' })));
      return m;
    }
    case 'Sequential': {
      const m = newModule(kind, '');
      a.pos.forEach((v, i) => {
        if (v.t !== 'module') stop('nn.Sequential of a non-module', 'expected modules', a.node);
        m.attrs.set(String(i), v);
      });
      return m;
    }
    default:
      return undefined;
  }
}

/** `module.train(mode)`: the flag on the module and every sub-module. */
export function setTraining(m: ModuleValue, mode: boolean): void {
  m.training = mode;
  for (const v of m.attrs.values()) if (v.t === 'module') setTraining(v, mode);
}

/** Forward of a built-in layer; user classes go through their own forward. */
export function builtinForward(e: Engine, m: ModuleValue, x: Value, a: Args, callModule: (m: ModuleValue, x: Value) => Value): Value {
  const variant = m.config.variant as Variant | undefined;
  if (variant) {
    return runDropout(e, variant, x, { p: m.attrs.get('p'), training: m.training, inplace: m.attrs.get('inplace')?.t === 'bool' && (m.attrs.get('inplace') as { v: boolean }).v }, a.node);
  }
  if (m.kind === 'Sequential') {
    let v = x;
    for (const child of m.attrs.values()) if (child.t === 'module') v = callModule(child, v);
    return v;
  }
  if (m.kind === 'Identity') return x;
  if (x.t !== 'tensor') return stop(`nn.${m.kind} on a ${x.t}`, 'expected a tensor', a.node);
  e.checkInitialised(x.tensor.data, a.node);
  switch (m.kind) {
    case 'ReLU':
      return tensorValue(relu(e, x.tensor, (m.attrs.get('inplace') as { v: boolean } | undefined)?.v ?? false));
    case 'Linear':
      return tensorValue(linear(e, m, x.tensor));
    case 'Embedding': {
      const w = (m.attrs.get('weight') as { tensor: Tensor }).tensor;
      if (x.tensor.dtype !== 'int64') throw new PyRaise('RuntimeError', "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)");
      const rows = Array.from(x.tensor.data, (i) => index(w, [{ kind: 'int', i }]));
      const out = makeTensor({ shape: [...x.tensor.shape, w.shape[1]], dtype: 'float32' });
      rows.forEach((r, k) => out.data.set(r.data, k * w.shape[1]));
      return tensorValue(tracked(out, [w], 'EmbeddingBackward0', e.gradEnabled));
    }
    default:
      return stop(`the forward pass of nn.${m.kind}`, 'not replayed yet', a.node);
  }
}

function linear(e: Engine, m: ModuleValue, x: Tensor): Tensor {
  const w = (m.attrs.get('weight') as { tensor: Tensor }).tensor;
  const b = (m.attrs.get('bias') as { tensor: Tensor } | undefined)?.tensor;
  const [fout, fin] = w.shape;
  const last = x.shape[x.shape.length - 1];
  if (x.dtype !== 'float32') return stop('nn.Linear on a non-float32 input', 'not replayed', undefined);
  if (last !== fin) {
    const rows = x.data.length / last;
    const lhs = x.shape.length === 1 ? `1x${last}` : `${rows}x${last}`;
    throw new PyRaise('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${lhs} and ${fin}x${fout})`);
  }
  e.approximate(LINEAR_APPROXIMATE);
  const rows = x.data.length / fin;
  const out = makeTensor({ shape: [...x.shape.slice(0, -1), fout], dtype: 'float32' });
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < fout; o++) {
      let s = b ? b.data[o] : 0;
      for (let i = 0; i < fin; i++) s += x.data[r * fin + i] * w.data[o * fin + i];
      out.data[r * fout + o] = s;
    }
  }
  return tracked(out, [x, w], linearGradFn(e, x.shape.length, b !== undefined), e.gradEnabled);
}

/** The node `F.linear` records, by input rank: 1.13 and later releases name the 1-D cases differently. */
function linearGradFn(e: Engine, rank: number, bias: boolean): string {
  if (rank === 2) return bias ? 'AddmmBackward0' : 'MmBackward0';
  if (rank > 2) return bias ? 'ViewBackward0' : 'UnsafeViewBackward0';
  if (e.release === '1.13') return bias ? 'AddBackward0' : 'SqueezeBackward3';
  return bias ? 'ViewBackward0' : 'SqueezeBackward4';
}
