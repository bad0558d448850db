/**
 * Finds the tensor expression around the cursor, bracket-aware: anywhere inside
 * `torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)` gives the whole call; inside a bare
 * nested list, the outermost list.
 */
import { matchingBracket, tokenize, isOp, type Token } from './tokens';

const CONSTRUCTORS = new Set([
  'tensor', 'Tensor', 'FloatTensor', 'DoubleTensor', 'array',
  'ones', 'zeros', 'full', 'arange', 'linspace', 'eye',
]);
const QUALIFIERS = new Set(['torch', 'th', 'np', 'numpy']);
const METHODS = new Set(['reshape', 'view', 'float', 'double']);

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** The widest tensor expression containing `offset`, or undefined. */
export function tensorExpressionAt(text: string, offset: number): Range | undefined {
  const tokens = tokenize(text);
  let best: Range | undefined;
  for (const r of constructorCalls(text, tokens)) {
    if (r.start <= offset && offset <= r.end && (!best || r.end - r.start > best.end - best.start)) best = r;
  }
  return best ?? outermostList(text, tokens, offset);
}

function constructorCalls(text: string, tokens: readonly Token[]): Range[] {
  const found: Range[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].type !== 'name' || isOp(text, tokens[k - 1], '.')) continue;
    let last = k;
    while (isOp(text, tokens[last + 1], '.') && tokens[last + 2]?.type === 'name') last += 2;
    const chain = text.slice(tokens[k].start, tokens[last].end).replace(/\s+/g, '');
    const dot = chain.lastIndexOf('.');
    const qualifier = dot < 0 ? '' : chain.slice(0, dot);
    const name = chain.slice(dot + 1);
    // A bare `tensor(...)` is PyTorch's printed form, copied from a console.
    const known = CONSTRUCTORS.has(name) && (QUALIFIERS.has(qualifier) || (qualifier === '' && name === 'tensor'));
    if (!known || !isOp(text, tokens[last + 1], '(')) continue;
    let close = matchingBracket(text, tokens, last + 1);
    if (close < 0) continue;
    // Trailing `.reshape(2, 3)`, `.float()` ... belong to the expression.
    while (
      isOp(text, tokens[close + 1], '.') &&
      tokens[close + 2]?.type === 'name' &&
      METHODS.has(text.slice(tokens[close + 2].start, tokens[close + 2].end)) &&
      isOp(text, tokens[close + 3], '(')
    ) {
      const next = matchingBracket(text, tokens, close + 3);
      if (next < 0) break;
      close = next;
    }
    found.push({ start: tokens[k].start, end: tokens[close].end });
  }
  return found;
}

/** The outermost list display (not a subscript like `x[0]`) that contains `offset`. */
function outermostList(text: string, tokens: readonly Token[], offset: number): Range | undefined {
  for (let k = 0; k < tokens.length && tokens[k].start <= offset; k++) {
    const list = tokens[k].type === 'list';
    if (!list && !isOp(text, tokens[k], '[')) continue;
    const prev = tokens[k - 1];
    const subscript = prev !== undefined && (prev.type === 'name' || prev.type === 'string' || isOp(text, prev, ')') || isOp(text, prev, ']'));
    if (subscript && !isKeyword(text, prev)) continue;
    // A long list of numbers is one token, brackets included.
    const close = list ? k : matchingBracket(text, tokens, k);
    if (close < 0) continue;
    if (tokens[close].end >= offset) return { start: tokens[k].start, end: tokens[close].end };
    k = close;
  }
  return undefined;
}

const KEYWORDS = new Set(['return', 'in', 'yield', 'else', 'and', 'or', 'not', 'if', 'lambda']);

function isKeyword(text: string, t: Token): boolean {
  return t.type === 'name' && KEYWORDS.has(text.slice(t.start, t.end));
}
