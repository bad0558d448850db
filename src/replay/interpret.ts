/** Statements: imports, assignments, if/for/with, def and class, in the order Python runs them. */
import type { SyntaxNode } from '@lezer/common';
import type { Args } from './args';
import type { Engine } from './engine';
import { applyBinary, evaluate, parts, short, truth, type Scope } from './expressions';
import { Break, Continue, forStatement, whileStatement } from './loops';
import { PyRaise, stop } from './stop';
import { writeBack } from './tensormethods';
import { int, NONE, typeName, type ClassValue, type FunctionValue, type ModuleValue, type Value } from './values';

/** Modules an import may name, and what the bound name then refers to. */
const IMPORTABLE = new Set(['torch', 'torch.nn', 'torch.nn.functional', 'numpy', 'random', 'math', 'numpy.random']);

class Return {
  constructor(readonly value: Value) {}
}

export function runBody(e: Engine, scope: Scope, body: SyntaxNode): void {
  for (let c = body.firstChild; c; c = c.nextSibling) {
    if (c.name === ':' || c.name === 'Comment' || !/^[A-Z]/.test(c.name)) continue;
    runStatement(e, scope, c);
  }
}

function runStatement(e: Engine, scope: Scope, node: SyntaxNode): void {
  e.frames[e.frames.length - 1].node = node;
  if (Date.now() > e.deadline) stop('the rest of the script', `the editor gives replay ${e.budgetMs} ms and it ran out here`, node);
  switch (node.name) {
    case 'ImportStatement':
      return importStatement(e, scope, node);
    case 'AssignStatement':
      return assign(e, scope, node);
    case 'UpdateStatement': {
      const [target, value] = parts(node);
      const op = e.text(node.getChild('UpdateOp') ?? node).slice(0, -1);
      const current = evaluate(e, scope, target);
      const result = applyBinary(e, op, current, evaluate(e, scope, value), node);
      // `x += y` on a tensor is in place: every name bound to it sees the change.
      if (current.t === 'tensor' && result.t === 'tensor') {
        writeBack(current.tensor, result);
        return;
      }
      return bind(e, scope, target, result);
    }
    case 'ExpressionStatement':
      evaluate(e, scope, parts(node)[0]);
      return;
    case 'PassStatement':
      return;
    case 'IfStatement':
      return ifStatement(e, scope, node);
    case 'ForStatement':
      return forStatement(e, scope, node);
    case 'WhileStatement':
      return whileStatement(e, scope, node);
    case 'BreakStatement':
      throw new Break();
    case 'ContinueStatement':
      throw new Continue();
    case 'WithStatement':
      return withStatement(e, scope, node);
    case 'FunctionDefinition': {
      const f = defineFunction(e, scope, node);
      scope.set(f.name, f);
      return;
    }
    case 'ClassDefinition':
      return defineClass(e, scope, node);
    case 'ReturnStatement': {
      const value = parts(node)[0];
      throw new Return(value ? evaluate(e, scope, value) : NONE);
    }
    case 'AssertStatement': {
      const [cond] = parts(node);
      if (!truth(evaluate(e, scope, cond), node)) stop('a failing assert', 'AssertionError messages are not replayed', node);
      return;
    }
    default:
      return stop(`the statement \`${short(e.text(node))}\``, `${node.name} is not in the subset replay follows`, node);
  }
}

function importStatement(e: Engine, scope: Scope, node: SyntaxNode): void {
  const text = e.text(node).replace(/\s+/g, ' ').trim();
  const from = /^from ([\w.]+) import (.+)$/.exec(text);
  const names = (from ? from[2] : text.slice('import '.length)).replace(/[()]/g, '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of names) {
    const [name, alias] = item.split(/ as /).map((s) => s.trim());
    const full = from ? `${from[1]}.${name}` : name;
    const canonical = full.replace(/^numpy\b/, 'numpy');
    if (from) {
      if (!IMPORTABLE.has(from[1])) return stop(`the import of ${from[1]}`, 'replay knows torch, numpy, random and math', node);
      scope.set(alias ?? name, IMPORTABLE.has(canonical) ? { t: 'ns', path: canonical } : { t: 'builtin', name: canonical });
    } else {
      if (!IMPORTABLE.has(canonical)) return stop(`the import of ${name}`, 'replay knows torch, numpy, random and math', node);
      // `import torch.nn` binds `torch`; `import torch.nn as nn` binds the submodule.
      scope.set(alias ?? name.split('.')[0], { t: 'ns', path: alias ? canonical : name.split('.')[0] });
    }
  }
}

function assign(e: Engine, scope: Scope, node: SyntaxNode): void {
  const kids = parts(node).filter((c) => c.name !== 'TypeDef');
  // `a = b = v`, `a, b = v`: targets before the last AssignOp, the value after it.
  const ops = node.getChildren('AssignOp');
  const lastOp = ops[ops.length - 1];
  if (!lastOp) return stop('this annotation', 'a bare annotation is not replayed', node);
  const valueNodes = kids.filter((c) => c.from >= lastOp.to);
  const value = valueNodes.length === 1 ? evaluate(e, scope, valueNodes[0]) : { t: 'tuple' as const, items: valueNodes.map((v) => evaluate(e, scope, v)) };
  const groups: SyntaxNode[][] = ops.map(() => []);
  for (const c of kids) {
    const k = ops.findIndex((op) => c.to <= op.from);
    if (k >= 0) groups[k].push(c);
  }
  for (const targets of groups) bindTargets(e, scope, targets, value, node);
}

/** `a = v` for one target, `a, b = v` for several. */
export function bindTargets(e: Engine, scope: Scope, targets: readonly SyntaxNode[], value: Value, node: SyntaxNode): void {
  if (targets.length === 1) bind(e, scope, targets[0], value);
  else unpack(e, scope, targets, value, node);
}

function unpack(e: Engine, scope: Scope, targets: readonly SyntaxNode[], value: Value, node: SyntaxNode): void {
  const items = value.t === 'tuple' || value.t === 'list' ? value.items : value.t === 'size' ? value.dims.map(int) : undefined;
  if (!items) return stop(`unpacking a ${typeName(value)}`, 'not replayed', node);
  if (items.length !== targets.length) {
    throw new PyRaise('ValueError', items.length > targets.length ? `too many values to unpack (expected ${targets.length})` : `not enough values to unpack (expected ${targets.length}, got ${items.length})`);
  }
  targets.forEach((t, i) => bind(e, scope, t, items[i]));
}

function bind(e: Engine, scope: Scope, target: SyntaxNode, value: Value): void {
  if (target.name === 'VariableName') {
    scope.set(e.text(target), value);
    return;
  }
  if (target.name === 'TupleExpression' || target.name === 'ArrayExpression' || target.name === 'ParenthesizedExpression') {
    return unpack(e, scope, parts(target), value, target);
  }
  if (target.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName') {
    const obj = evaluate(e, scope, target.firstChild ?? target);
    if (obj.t === 'module') {
      const name = e.text(target.lastChild);
      if (name === 'training') obj.training = value.t === 'bool' ? value.v : stop('training = <non-bool>', 'not replayed', target);
      else obj.attrs.set(name, value);
      return;
    }
  }
  return stop(`the assignment to \`${short(e.text(target))}\``, 'only names, tuples of names and attributes of modules are assigned', target);
}

function ifStatement(e: Engine, scope: Scope, node: SyntaxNode): void {
  let cond: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'if' || c.name === 'elif') {
      cond = c.nextSibling;
    } else if (c.name === 'else') {
      cond = null;
    } else if (c.name === 'Body') {
      if (cond === null || truth(evaluate(e, scope, cond), cond)) return runBody(e, scope, c);
    }
  }
}

function withStatement(e: Engine, scope: Scope, node: SyntaxNode): void {
  const ctx = parts(node).filter((c) => c.name !== 'Body');
  const body = node.getChild('Body');
  if (ctx.length !== 1 || !body) return stop('this with statement', 'only `with torch.no_grad():` is replayed', node);
  const v = evaluate(e, scope, ctx[0]);
  if (v.t !== 'nograd') return stop(`with ${short(e.text(ctx[0]))}`, 'only `with torch.no_grad():` is replayed', node);
  const before = e.gradEnabled;
  e.gradEnabled = false;
  try {
    runBody(e, scope, body);
  } finally {
    e.gradEnabled = before;
  }
}

function defineFunction(e: Engine, scope: Scope, node: SyntaxNode): FunctionValue {
  const nameNode = node.getChild('VariableName');
  const paramList = node.getChild('ParamList');
  if (!nameNode || !paramList) return stop('this def', 'incomplete', node);
  const params: { name: string; default?: Value }[] = [];
  for (let c = paramList.firstChild; c; c = c.nextSibling) {
    if (c.name === '*' || c.name === '**') return stop(`def ${e.text(nameNode)}`, '*args and **kwargs are not replayed', node);
    if (c.name === 'VariableName') params.push({ name: e.text(c) });
    else if (c.name === 'AssignOp' && c.nextSibling) {
      params[params.length - 1].default = evaluate(e, scope, c.nextSibling);
      c = c.nextSibling;
    }
  }
  if (node.prevSibling?.name === 'Decorator') stop(`def ${e.text(nameNode)}`, 'decorators are not replayed', node);
  return { t: 'func', name: e.text(nameNode), node, params };
}

function defineClass(e: Engine, scope: Scope, node: SyntaxNode): void {
  const name = e.text(node.getChild('VariableName') ?? node);
  const bases = node.getChild('ArgList');
  const base = bases ? parts(bases).map((b) => evaluate(e, scope, b)) : [];
  if (base.length !== 1 || base[0].t !== 'builtin' || base[0].name !== 'torch.nn.Module') {
    return stop(`class ${name}`, 'replay follows classes derived from nn.Module only', node);
  }
  const methods = new Map<string, FunctionValue>();
  const body = node.getChild('Body');
  for (let c = body?.firstChild ?? null; c; c = c.nextSibling) {
    if (c.name === 'FunctionDefinition') {
      const f = defineFunction(e, scope, c);
      methods.set(f.name, f);
    } else if (/^[A-Z]/.test(c.name) && c.name !== 'PassStatement' && c.name !== 'Comment' && c.name !== 'ExpressionStatement') {
      return stop(`class ${name}`, 'only methods are replayed in a class body', c);
    }
  }
  scope.set(name, { t: 'class', name, methods });
}

export function instantiate(e: Engine, cls: ClassValue, a: Args): Value {
  const m: ModuleValue = { t: 'module', kind: 'user', cls, attrs: new Map(), training: true, config: {} };
  const init = cls.methods.get('__init__');
  if (init) callFunction(e, { ...init, self: m }, a);
  return m;
}

export function callFunction(e: Engine, f: FunctionValue, a: Args): Value {
  const vars = new Map<string, Value>();
  const params = f.self ? f.params.slice(1) : f.params;
  if (f.self) vars.set(f.params[0]?.name ?? 'self', f.self);
  if (a.pos.length > params.length) throw new PyRaise('TypeError', `${f.name}() takes ${params.length + (f.self ? 1 : 0)} positional arguments but ${a.pos.length + (f.self ? 1 : 0)} were given`);
  params.forEach((p, i) => {
    const v = i < a.pos.length ? a.pos[i] : a.kw.get(p.name) ?? p.default;
    if (v === undefined) throw new PyRaise('TypeError', `${f.name}() missing 1 required positional argument: '${p.name}'`);
    vars.set(p.name, v);
  });
  for (const k of a.kw.keys()) if (!params.some((p) => p.name === k)) throw new PyRaise('TypeError', `${f.name}() got an unexpected keyword argument '${k}'`);
  e.frames.push({ name: f.name, vars });
  try {
    const body = f.node.getChild('Body');
    if (body) runBody(e, vars, body);
    return NONE;
  } catch (err) {
    if (err instanceof Return) return err.value;
    // The innermost frame sees the exception first: the traceback is the stack at that moment.
    if (err instanceof PyRaise && !err.trace) err.trace = e.frames.map((fr) => ({ name: fr.name, node: fr.node }));
    throw err;
  } finally {
    e.frames.pop();
  }
}
