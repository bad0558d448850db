/** Expressions: the syntax tree's nodes to values, calls handed to calls.ts. */
import type { SyntaxNode } from '@lezer/common';
import { binary, isTensor, map, type BinOp, type Operand } from './ops/elementwise';
import { tracked } from './ops/autograd';
import { product } from './ops/matmul';
import { index, type Index } from './ops/shape';
import { callValue, getAttribute } from './calls';
import { listComprehension } from './loops';
import type { Engine } from './engine';
import { pyFormat } from './format';
import { pyRepr } from './pyprint';
import { numberLiteral, stringLiteral, stringParts, unescape } from './literals';
import { PyRaise, stop } from './stop';
import { asNumber, bool, float, int, NONE, str, tensorValue, truthy, typeName, type Value } from './values';

export type Scope = Map<string, Value>;

/** Children that carry meaning (punctuation and keywords left out). */
export function parts(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (/^[A-Z]/.test(c.name) && !['ArithOp', 'CompareOp', 'AssignOp', 'UpdateOp', 'LogicOp', 'BitOp', 'Comment'].includes(c.name)) out.push(c);
  }
  return out;
}

export function lookup(e: Engine, scope: Scope, name: string): Value {
  const v = scope.get(name) ?? e.globals.get(name);
  if (v) return v;
  if (BUILTINS.has(name)) return { t: 'builtin', name };
  throw new PyRaise('NameError', `name '${name}' is not defined`);
}

const BUILTINS = new Set(['print', 'range', 'len', 'float', 'int', 'str', 'abs', 'round', 'bool', 'super', 'list', 'tuple', 'min', 'max', 'repr', 'format', 'zip', 'enumerate']);

export function evaluate(e: Engine, scope: Scope, node: SyntaxNode): Value {
  switch (node.name) {
    case 'Number':
      return numberLiteral(e.text(node));
    case 'String':
      return stringLiteral(e.text(node));
    case 'ContinuedString':
      return str(parts(node).map((p) => { const v = evaluate(e, scope, p); return v.t === 'str' ? v.v : ''; }).join(''));
    case 'FormatString':
      return formatString(e, scope, node);
    case 'Boolean':
      return bool(e.text(node) === 'True');
    case 'None':
      return NONE;
    case 'VariableName':
      return lookup(e, scope, e.text(node));
    case 'ParenthesizedExpression':
      return evaluate(e, scope, parts(node)[0]);
    case 'TupleExpression':
      return { t: 'tuple', items: parts(node).map((p) => evaluate(e, scope, p)) };
    case 'ArrayExpression':
      return { t: 'list', items: parts(node).map((p) => evaluate(e, scope, p)) };
    case 'ArrayComprehensionExpression':
      return listComprehension(e, scope, node);
    case 'MemberExpression':
      return member(e, scope, node);
    case 'CallExpression':
      return callValue(e, scope, node);
    case 'UnaryExpression':
      return unary(e, scope, node);
    case 'BinaryExpression':
      return binaryExpression(e, scope, node);
    case 'ConditionalExpression': {
      const [a, cond, b] = parts(node);
      return truth(evaluate(e, scope, cond), cond) ? evaluate(e, scope, a) : evaluate(e, scope, b);
    }
    default:
      return stop(`the expression \`${short(e.text(node))}\``, `${node.name} is not in the subset replay follows`, node);
  }
}

export function short(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '...' : one;
}

export function truth(v: Value, node: SyntaxNode): boolean {
  const t = truthy(v);
  if (t === undefined) {
    if (v.t === 'tensor') throw new PyRaise('RuntimeError', 'Boolean value of Tensor with more than one value is ambiguous');
    return stop('this condition', `the truth of a ${v.t} is not known`, node);
  }
  return t;
}

function formatString(e: Engine, scope: Scope, node: SyntaxNode): Value {
  const text = e.text(node);
  const { prefix } = stringParts(text);
  const quoteLen = /^[a-zA-Z]*('''|"""|'|")/.exec(text)?.[1].length ?? 1;
  let pos = node.from + text.indexOf(text[prefix.length]) + quoteLen;
  const end = node.to - quoteLen;
  let out = '';
  const literal = (to: number): string => {
    const raw = e.source.text.slice(pos, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return prefix.includes('r') ? raw : unescape(raw);
  };
  for (const rep of node.getChildren('FormatReplacement')) {
    out += literal(rep.from);
    const inner = parts(rep);
    const specNode = inner.find((c) => c.name === 'FormatSpec');
    const exprNode = inner.find((c) => c.name !== 'FormatSpec' && c.name !== 'FormatConversion');
    if (!exprNode) return stop('this f-string', 'an empty replacement field', rep);
    const value = evaluate(e, scope, exprNode);
    const conv = /!([rsa])\s*(:|}$)/.exec(e.text(rep).slice(exprNode.to - rep.from));
    const spec = specNode ? e.text(specNode).slice(1) : '';
    if (specNode && /[{}]/.test(spec)) stop('this f-string', 'nested replacement fields in a format spec', rep);
    const converted = conv ? str(conv[1] === 's' ? pyFormat(value, '') : pyRepr(value)) : value;
    if (/=\s*(!|:|}$)/.test(e.text(rep).slice(exprNode.to - rep.from))) stop('this f-string', "the '=' specifier", rep);
    out += pyFormat(converted, spec);
    pos = rep.to;
  }
  out += literal(end);
  return str(out);
}

function member(e: Engine, scope: Scope, node: SyntaxNode): Value {
  const object = node.firstChild;
  if (!object) return stop('this expression', 'empty', node);
  const base = evaluate(e, scope, object);
  const property = node.lastChild;
  if (property?.name === 'PropertyName') return getAttribute(base, e.text(property), node);
  // A subscript: x[...]
  return subscript(e, scope, base, node);
}

function subscript(e: Engine, scope: Scope, base: Value, node: SyntaxNode): Value {
  // Between the brackets: groups split by ',' tokens, each an int or a slice split by ':' tokens.
  const groups: (SyntaxNode | ':')[][] = [[]];
  let inside = false;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === '[') inside = true;
    else if (!inside || c.name === ']') continue;
    else if (c.name === ',') groups.push([]);
    else groups[groups.length - 1].push(c.name === ':' ? ':' : c);
  }
  if (groups.length > 1 && !groups[groups.length - 1].length) groups.pop();
  const num = (c: SyntaxNode | ':' | undefined): number | undefined => {
    if (c === undefined || c === ':') return undefined;
    const v = evaluate(e, scope, c);
    const n = asNumber(v);
    if (n === undefined || v.t === 'float') return stop(`the index \`${short(e.text(c))}\``, 'only integer indices and slices are replayed', node);
    return n;
  };
  const idx: Index[] = groups.map((g) => {
    if (!g.includes(':')) {
      if (g.length !== 1) return stop('this index', 'not an integer or a slice', node);
      return { kind: 'int', i: num(g[0]) ?? 0 };
    }
    // Slice parts: the node before the first ':' is start, between is stop, after the second is step.
    const fields: (SyntaxNode | undefined)[] = [undefined, undefined, undefined];
    let k = 0;
    for (const c of g) {
      if (c === ':') k++;
      else fields[k] = c;
    }
    return { kind: 'slice', start: num(fields[0]), stop: num(fields[1]), step: num(fields[2]) };
  });
  if (base.t === 'tensor') {
    e.checkInitialised(base.tensor.data, node);
    return tensorValue(tracked(index(base.tensor, idx), [base.tensor], idx.every((i) => i.kind === 'int') ? 'SelectBackward0' : 'SliceBackward0', e.gradEnabled));
  }
  if (base.t === 'module' && base.kind === 'Sequential' && idx.length === 1 && idx[0].kind === 'int') {
    const children = [...base.attrs.values()];
    const i = idx[0].i < 0 ? idx[0].i + children.length : idx[0].i;
    if (i < 0 || i >= children.length) throw new PyRaise('IndexError', `index ${idx[0].i} is out of range`);
    return children[i];
  }
  if ((base.t === 'list' || base.t === 'tuple' || base.t === 'size' || base.t === 'str') && idx.length === 1 && idx[0].kind === 'int') {
    const seq: readonly Value[] = base.t === 'size' ? base.dims.map(int) : base.t === 'str' ? [...base.v].map(str) : base.items;
    const i = idx[0].i < 0 ? idx[0].i + seq.length : idx[0].i;
    if (i < 0 || i >= seq.length) throw new PyRaise('IndexError', `${base.t === 'size' ? 'tuple' : base.t} index out of range`);
    return seq[i];
  }
  return stop(`indexing a ${typeName(base)}`, 'only tensors and sequences with an integer are indexed', node);
}

function unary(e: Engine, scope: Scope, node: SyntaxNode): Value {
  const op = e.text(node.firstChild ?? node).trim();
  const v = evaluate(e, scope, parts(node)[parts(node).length - 1]);
  if (op === 'not') return bool(!truth(v, node));
  if (v.t === 'tensor') {
    if (op === '+') return v;
    if (op === '-') return tensorValue(tracked(map(v.tensor, (x) => -x), [v.tensor], 'NegBackward0', e.gradEnabled));
  }
  const n = asNumber(v);
  if (n === undefined) return stop(`unary ${op} on a ${typeName(v)}`, 'not replayed', node);
  const kind = v.t === 'float' ? float : int;
  if (op === '-') return kind(-n);
  if (op === '+') return kind(n);
  return stop(`the operator ${op}`, 'not replayed', node);
}

function binaryExpression(e: Engine, scope: Scope, node: SyntaxNode): Value {
  const [l, r] = parts(node);
  const opNode = l.nextSibling;
  const op = opNode ? e.text(opNode) : '';
  if (op === 'and' || op === 'or') {
    const a = evaluate(e, scope, l);
    const t = truth(a, l);
    return (op === 'and') === t ? evaluate(e, scope, r) : a;
  }
  const a = evaluate(e, scope, l);
  const rest = e.source.text.slice(opNode?.from ?? 0, r.from).trim();
  const b = evaluate(e, scope, r);
  return applyBinary(e, rest.replace(/\s+/g, ' '), a, b, node);
}

const NODE_NAMES: Record<string, string> = { '+': 'AddBackward0', '-': 'SubBackward0', '*': 'MulBackward0', '/': 'DivBackward0' };

export function applyBinary(e: Engine, op: string, a: Value, b: Value, node: SyntaxNode): Value {
  if (op === 'is' || op === 'is not') return bool((a === b || (a.t === 'none' && b.t === 'none')) === (op === 'is'));
  if (a.t === 'tensor' || b.t === 'tensor') {
    const operand = (v: Value): Operand => {
      if (v.t === 'tensor') {
        e.checkInitialised(v.tensor.data, node);
        return v.tensor;
      }
      const n = asNumber(v);
      if (n === undefined) return stop(`${op} between a tensor and a ${typeName(v)}`, 'not replayed', node);
      return { scalar: n, kind: v.t as 'int' | 'float' | 'bool' };
    };
    if (op === '@') {
      if (a.t !== 'tensor' || b.t !== 'tensor') return stop(`@ between a ${typeName(a)} and a ${typeName(b)}`, 'not replayed', node);
      return tensorValue(product(e, a.tensor, b.tensor, false, node));
    }
    if (!['+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!='].includes(op)) return stop(`the tensor operator ${op}`, 'not replayed', node);
    const x = operand(a);
    const y = operand(b);
    const result = binary(op as BinOp, x, y);
    const inputs = [x, y].filter(isTensor);
    return tensorValue(NODE_NAMES[op] ? tracked(result, inputs, NODE_NAMES[op], e.gradEnabled) : result);
  }
  if (a.t === 'str' && b.t === 'str') {
    if (op === '+') return str(a.v + b.v);
    if (op === '==' || op === '!=') return bool((a.v === b.v) === (op === '=='));
  }
  if ((a.t === 'list' || a.t === 'tuple') && a.t === b.t && op === '+') return a.t === 'list' ? { t: 'list', items: [...a.items, ...b.items] } : { t: 'tuple', items: [...a.items, ...b.items] };
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) {
    if (op === '==' || op === '!=') return bool((a === b) === (op === '=='));
    return stop(`${op} between a ${typeName(a)} and a ${typeName(b)}`, 'not replayed', node);
  }
  const isFloat = a.t === 'float' || b.t === 'float';
  const num = isFloat ? float : int;
  switch (op) {
    case '+':
      return num(x + y);
    case '-':
      return num(x - y);
    case '*':
      return num(x * y);
    case '/':
      if (y === 0) throw new PyRaise('ZeroDivisionError', isFloat ? 'float division by zero' : 'division by zero');
      return float(x / y);
    case '//':
      if (y === 0) throw new PyRaise('ZeroDivisionError', isFloat ? 'float divmod()' : 'integer division or modulo by zero');
      return num(Math.floor(x / y));
    case '%':
      if (y === 0) throw new PyRaise('ZeroDivisionError', isFloat ? 'float modulo' : 'integer division or modulo by zero');
      return num(x - Math.floor(x / y) * y);
    case '**':
      return !isFloat && y < 0 ? float(x ** y) : num(x ** y);
    case '<':
      return bool(x < y);
    case '<=':
      return bool(x <= y);
    case '>':
      return bool(x > y);
    case '>=':
      return bool(x >= y);
    case '==':
      return bool(x === y);
    case '!=':
      return bool(x !== y);
    default:
      return stop(`the operator ${op}`, 'not replayed', node);
  }
}
