/** Attribute access and calls: builtins, torch functions, tensor and module methods, user code. */
import type { SyntaxNode } from '@lezer/common';
import { LiteralError } from '../core/errors';
import { parseTensorLiteral } from '../core/parse';
import { makeTensor } from '../core/tensor';
import type { Args } from './args';
import type { Engine } from './engine';
import { evaluate, short, type Scope } from './expressions';
import { callFunction, instantiate } from './interpret';
import { builtinForward, constructModule, setTraining } from './modules';
import { callBuiltin } from './builtins';
import { callTensorMethod, tensorAttribute } from './tensormethods';
import { callTorch } from './torchfns';
import { PyRaise, stop } from './stop';
import { bool, float, tensorValue, typeName, type ModuleValue, type Value } from './values';

const DTYPES: Record<string, Value> = {
  'torch.float32': { t: 'dtype', dtype: 'float32' },
  'torch.float': { t: 'dtype', dtype: 'float32' },
  'torch.float64': { t: 'dtype', dtype: 'float64' },
  'torch.double': { t: 'dtype', dtype: 'float64' },
  'torch.int64': { t: 'dtype', dtype: 'int64' },
  'torch.long': { t: 'dtype', dtype: 'int64' },
  'torch.bool': { t: 'dtype', dtype: 'bool' },
  'math.pi': float(Math.PI),
  'math.e': float(Math.E),
};
const NAMESPACES = new Set(['torch.nn', 'torch.nn.functional', 'numpy.random', 'torch.nn.init']);
/** Names the core's literal parser reads, by their canonical spelling. */
const LITERALS = new Set(['torch.tensor', 'torch.as_tensor', 'torch.Tensor', 'torch.FloatTensor', 'torch.DoubleTensor', 'torch.LongTensor', 'torch.BoolTensor',
  'numpy.array', 'torch.linspace', 'torch.eye']);

export function getAttribute(base: Value, name: string, node: SyntaxNode): Value {
  if (base.t === 'ns') {
    const path = `${base.path}.${name}`;
    if (DTYPES[path]) return DTYPES[path];
    if (NAMESPACES.has(path)) return { t: 'ns', path };
    return { t: 'builtin', name: path };
  }
  if (base.t === 'tensor') return tensorAttribute(base, name) ?? { t: 'builtin', name: `Tensor.${name}`, self: base };
  if (base.t === 'module') {
    if (name === 'training') return bool(base.training);
    const own = base.attrs.get(name);
    if (own) return own;
    const method = base.cls?.methods.get(name);
    if (method) return { ...method, self: base };
    return { t: 'builtin', name: `Module.${name}`, self: base };
  }
  if (base.t === 'list' && name === 'append') return { t: 'builtin', name: 'list.append', self: base };
  if (base.t === 'builtin' && base.name === 'super()') return { t: 'builtin', name: `Module.super.${name}`, self: base.self };
  return stop(`the attribute .${name} of a ${typeName(base)}`, 'not replayed', node);
}

function readArgs(e: Engine, scope: Scope, node: SyntaxNode, callee: string): Args {
  const list = node.getChild('ArgList');
  const pos: Value[] = [];
  const kw = new Map<string, Value>();
  if (list) {
    for (let c = list.firstChild; c; c = c.nextSibling) {
      if (c.name === '*' || c.name === '**') return stop(`the call ${short(e.text(node))}`, '*args and **kwargs are not replayed', node);
      if (!/^[A-Z]/.test(c.name)) continue;
      if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
        const valueNode = c.nextSibling.nextSibling;
        if (!valueNode) continue;
        kw.set(e.text(c), evaluate(e, scope, valueNode));
        c = valueNode;
        continue;
      }
      if (c.name === 'Comment') continue;
      pos.push(evaluate(e, scope, c));
    }
  }
  return { pos, kw, node, callee };
}

export function callValue(e: Engine, scope: Scope, node: SyntaxNode): Value {
  const calleeNode = node.firstChild;
  if (!calleeNode) return stop('this call', 'no callee', node);
  const fn = evaluate(e, scope, calleeNode);
  const name = fn.t === 'builtin' ? fn.name : short(e.text(calleeNode));
  if (fn.t === 'builtin' && LITERALS.has(fn.name)) {
    // Constant arguments: the core's literal parser, exactly; otherwise the arguments' values.
    const value = literal(e, fn.name, calleeNode, node);
    if (value) return value;
  }
  const a = readArgs(e, scope, node, name);
  e.calls.push({ node });
  try {
    return invoke(e, fn, a);
  } finally {
    e.calls.pop();
  }
}

/** The core's literal parser on the call's own text, the callee spelled canonically. */
function literal(e: Engine, name: string, calleeNode: SyntaxNode, node: SyntaxNode): Value | undefined {
  const text = name.replace(/^numpy\./, 'np.') + e.source.text.slice(calleeNode.to, node.to);
  try {
    const parsed = parseTensorLiteral(text);
    if (parsed.end < text.length) return undefined;
    const t = parsed.tensor;
    return tensorValue(t.requiresGrad ? makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data, requiresGrad: true }) : t);
  } catch (err) {
    if (err instanceof LiteralError) {
      if (err.pyType) throw new PyRaise(err.pyType, err.message);
      return undefined;
    }
    throw err;
  }
}

export function invoke(e: Engine, fn: Value, a: Args): Value {
  switch (fn.t) {
    case 'func':
      return callFunction(e, fn, a);
    case 'class':
      return instantiate(e, fn, a);
    case 'module':
      return callModule(e, fn, a);
    case 'builtin':
      return callNamed(e, fn.name, fn.self, a);
    default:
      throw new PyRaise('TypeError', `'${typeName(fn)}' object is not callable`);
  }
}

export function callModule(e: Engine, m: ModuleValue, a: Args): Value {
  const forward = m.cls?.methods.get('forward');
  if (forward) return callFunction(e, { ...forward, self: m }, a);
  if (m.cls) return stop(`calling ${m.cls.name}`, 'the class has no forward', a.node);
  return builtinForward(e, m, a.pos[0] ?? { t: 'none' }, a, (child, x) => callModule(e, child, { ...a, pos: [x], kw: new Map() }));
}

function callNamed(e: Engine, name: string, self: Value | undefined, a: Args): Value {
  if (self?.t === 'tensor' && name.startsWith('Tensor.')) {
    const r = callTensorMethod(e, self, name.slice(7), a);
    if (r) return r;
  }
  if (self?.t === 'module' && name.startsWith('Module.')) {
    const method = name.slice(7);
    if (method === 'eval' || method === 'train') {
      setTraining(self, method === 'train' ? (a.pos[0]?.t === 'bool' ? a.pos[0].v : true) : false);
      return self;
    }
    if (method === 'super.__init__') return { t: 'none' };
    if (method === 'forward') return callModule(e, self, a);
  }
  if (name.startsWith('torch.nn.') && !name.startsWith('torch.nn.functional.')) {
    const m = constructModule(e, name.slice('torch.nn.'.length), a);
    if (m) return m;
  }
  if (name === 'torch.no_grad') return { t: 'nograd' };
  if (name === 'list.append' && self?.t === 'list') {
    self.items.push(a.pos[0] ?? { t: 'none' });
    return { t: 'none' };
  }
  const r = callTorch(e, name, a) ?? callBuiltin(e, name, a);
  if (r) return r;
  return stop(`the call ${short(e.text(a.node))}`, `${name.replace(/^(Tensor|Module)\./, '.')} is not in the subset replay follows`, a.node);
}
