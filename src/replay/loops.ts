/** Loops and list comprehensions: `for`, `while` (with `break`, `continue`, `else`), `[e for x in xs if c]`. */
import type { SyntaxNode } from '@lezer/common';
import type { Engine } from './engine';
import { evaluate, parts, short, truth, type Scope } from './expressions';
import { bindTargets, runBody } from './interpret';
import { stop } from './stop';
import { int, typeName, type Value } from './values';

/** Thrown by `break` and `continue`, caught by the innermost loop. */
export class Break {}
export class Continue {}

/**
 * A `while` whose condition stays true this many times is taken as one that never ends (Python
 * would hang): replay stops there instead, so that a keystroke never freezes the editor.
 */
export const MAX_WHILE_ITERATIONS = 100_000;

/** The items a `for` or a comprehension goes through: ranges, lists, tuples, sizes and strings. */
export function iterate(v: Value, node: SyntaxNode): Value[] {
  switch (v.t) {
    case 'range': {
      const items: Value[] = [];
      for (let i = v.start; v.step > 0 ? i < v.stop : i > v.stop; i += v.step) items.push(int(i));
      return items;
    }
    case 'list':
    case 'tuple':
      // A copy, which is what Python's iterator sees as long as the loop leaves the list alone (unchanged() checks that).
      return [...v.items];
    case 'size':
      return v.dims.map(int);
    case 'iter': {
      const items = v.items;
      v.items = [];
      return [...items];
    }
    default:
      return stop(`a loop over a ${typeName(v)}`, 'replay loops over range(), lists, tuples, sizes, zip() and enumerate()', node);
  }
}

/**
 * Stops where a loop changed the length of the list it goes through: Python's iterator would see
 * the change (an append makes it go on), replay's copy would not.
 */
function unchanged(iterable: Value, length: number, node: SyntaxNode): void {
  if (iterable.t === 'list' && iterable.items.length !== length) stop('a loop over a list that the loop changes', 'its items are taken once, before the loop', node);
}

/** Runs one pass of a loop body; true when it ended with `break`. */
function runPass(e: Engine, scope: Scope, body: SyntaxNode): boolean {
  try {
    runBody(e, scope, body);
  } catch (err) {
    if (err instanceof Break) return true;
    if (!(err instanceof Continue)) throw err;
  }
  return false;
}

/** The `else:` body of a loop, if any. */
function elseBody(node: SyntaxNode): SyntaxNode | null {
  const elseKw = node.getChild('else');
  return elseKw?.nextSibling?.name === 'Body' ? elseKw.nextSibling : null;
}

export function forStatement(e: Engine, scope: Scope, node: SyntaxNode): void {
  const inNode = node.getChild('in');
  const body = node.getChild('Body');
  if (!inNode || !body) return stop('this for loop', 'incomplete', node);
  const targets = parts(node).filter((c) => c.to <= inNode.from);
  const iterNode = parts(node).find((c) => c.from >= inNode.to && c.name !== 'Body');
  if (!iterNode) return stop('this for loop', 'no iterable', node);
  const iterable = evaluate(e, scope, iterNode);
  const items = iterate(iterable, node);
  for (const item of items) {
    bindTargets(e, scope, targets, item, node);
    const broke = runPass(e, scope, body);
    unchanged(iterable, items.length, node);
    if (broke) return;
  }
  const orElse = elseBody(node);
  if (orElse) runBody(e, scope, orElse);
}

export function whileStatement(e: Engine, scope: Scope, node: SyntaxNode): void {
  const cond = node.getChild('while')?.nextSibling;
  const body = node.getChild('Body');
  if (!cond || !body) return stop('this while loop', 'incomplete', node);
  for (let n = 0; truth(evaluate(e, scope, cond), cond); n++) {
    if (n === MAX_WHILE_ITERATIONS) return stop('this while loop', `its condition still holds after ${MAX_WHILE_ITERATIONS} iterations`, node);
    if (runPass(e, scope, body)) return;
  }
  const orElse = elseBody(node);
  if (orElse) runBody(e, scope, orElse);
}

interface Clause {
  readonly kind: 'for' | 'if';
  readonly targets: SyntaxNode[];
  readonly expr: SyntaxNode;
}

/** `[element for ... in ... if ...]`: the clauses in order, each `for` with its targets and iterable. */
function clauses(e: Engine, node: SyntaxNode): { element: SyntaxNode; clauses: Clause[] } {
  let element: SyntaxNode | undefined;
  const out: Clause[] = [];
  let current: { kind: 'for' | 'if'; targets: SyntaxNode[]; afterIn: boolean } | undefined;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'for' || c.name === 'if') current = { kind: c.name, targets: [], afterIn: c.name === 'if' };
    else if (c.name === 'in' && current) current.afterIn = true;
    else if (c.name === 'async') return stop('this comprehension', 'async comprehensions are not replayed', node);
    else if (!/^[A-Z]/.test(c.name) || c.name === 'Comment') continue;
    else if (!current) element ??= c;
    else if (!current.afterIn) current.targets.push(c);
    else {
      out.push({ kind: current.kind, targets: current.targets, expr: c });
      current = undefined;
    }
  }
  if (!element || !out.length) return stop(`the comprehension \`${short(e.text(node))}\``, 'incomplete', node);
  return { element, clauses: out };
}

/**
 * A list comprehension, with Python's scoping: its loop variables live in a scope of their own
 * (they do not leak), which still sees the enclosing function's names and the globals.
 */
export function listComprehension(e: Engine, scope: Scope, node: SyntaxNode): Value {
  const { element, clauses: cs } = clauses(e, node);
  const items: Value[] = [];
  // Python evaluates the first iterable in the enclosing scope, before the comprehension's own.
  const first = evaluate(e, scope, cs[0].expr);
  const inner: Scope = new Map(scope);
  const run = (k: number, iterable?: Value): void => {
    if (k === cs.length) {
      items.push(evaluate(e, inner, element));
      return;
    }
    const c = cs[k];
    if (c.kind === 'if') {
      if (truth(evaluate(e, inner, c.expr), c.expr)) run(k + 1);
      return;
    }
    const source = iterable ?? evaluate(e, inner, c.expr);
    const values = iterate(source, c.expr);
    for (const item of values) {
      bindTargets(e, inner, c.targets, item, c.expr);
      run(k + 1);
      unchanged(source, values.length, node);
    }
  };
  run(0, first);
  return { t: 'list', items };
}
