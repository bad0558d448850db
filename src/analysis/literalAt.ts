/**
 * Finds the tensor expression around the cursor: anywhere inside
 * `torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64).reshape(4)` gives the whole call with
 * its methods; inside a bare nested list, the outermost list.
 */
import type { SyntaxNode } from '@lezer/common';
import { TENSOR_MAKERS, TENSOR_METHODS } from '../core/parse/names';
import { dottedName, nodesAround, readPython, type PythonSource } from './python/reader';

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** The widest tensor expression containing `offset`, or undefined. */
export function tensorExpressionAt(text: string, offset: number): Range | undefined {
  const source = readPython(text);
  const around = nodesAround(source, offset);
  let best: SyntaxNode | undefined;
  for (const node of around) {
    if (node.name !== 'CallExpression') continue;
    const root = chainRoot(node);
    if (!isTensorCall(source, root)) continue;
    const whole = withMethods(source, root);
    if (!best || whole.to - whole.from > best.to - best.from) best = whole;
  }
  // `around` runs from the innermost node outwards: the last list is the outermost.
  best ??= around.filter((n) => n.name === 'ArrayExpression').pop();
  return best && { start: best.from, end: best.to };
}

function isTensorCall(source: PythonSource, call: SyntaxNode): boolean {
  const callee = call.firstChild;
  const name = callee ? dottedName(source, callee) : undefined;
  return name !== undefined && TENSOR_MAKERS.has(name);
}

/** The first call of a method chain (`torch.ones(4).reshape(2, 2)` for the call of `reshape`). */
function chainRoot(call: SyntaxNode): SyntaxNode {
  let node = call;
  for (;;) {
    const callee = node.firstChild;
    const object = callee?.name === 'MemberExpression' ? callee.firstChild : null;
    if (object?.name !== 'CallExpression') return node;
    node = object;
  }
}

/** The call with the chain of tensor methods that follows it (`.reshape(2, 3).float()`). */
function withMethods(source: PythonSource, call: SyntaxNode): SyntaxNode {
  let node = call;
  for (;;) {
    const member = node.parent;
    const outer = member?.parent;
    const property = member?.lastChild;
    if (member?.name !== 'MemberExpression' || member.firstChild?.from !== node.from || outer?.name !== 'CallExpression' || property?.name !== 'PropertyName') return node;
    if (!TENSOR_METHODS.has(source.text.slice(property.from, property.to))) return node;
    node = outer;
  }
}
