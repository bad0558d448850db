/**
 * The one reader of Python source for every feature: a real parser (Lezer's Python grammar,
 * see grammar/), which never executes anything and never fails: text it cannot read becomes
 * error nodes, and the rest of the tree stays usable.
 */
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { makeParser } from './grammar/parser';

export interface PythonSource {
  readonly text: string;
  readonly tree: Tree;
}

/**
 * Lists of numbers only (nested lists included) at least this long are read as empty lists (the parser skips their inside): a
 * 10^6-element literal would otherwise be millions of nodes, and no feature looks inside one
 * (the core's literal parser reads the text itself).
 */
export const LIST_MIN = 1000;

/**
 * The last few parses. Diagnostics parse the whole document after each edit and hovers a window
 * of it: a new text is parsed again only where it differs from the closest of these (Lezer
 * reuses the unchanged parts of the old tree), so a keystroke does not cost a whole parse.
 */
const recent: PythonSource[] = [];
const RECENT_MAX = 4;

let python: LRParser | undefined;
/** The parser, made on first use: decoding its tables would otherwise add to the extension's activation. */
function parser(): LRParser {
  return (python ??= makeParser());
}

/** Parses `text`; offsets in the tree are offsets in `text`. */
export function readPython(text: string): PythonSource {
  const same = recent.findIndex((r) => r.text === text);
  if (same >= 0) return remember(recent[same], same);
  // The parser skips the inside of long lists (it reads only the ranges between them), so they
  // cost only the one scan that finds them.
  const gaps = longListInsides(text);
  const ranges: { from: number; to: number }[] = [];
  let from = 0;
  for (const [start, end] of gaps) {
    ranges.push({ from, to: start });
    from = end;
  }
  ranges.push({ from, to: text.length });
  const base = closest(text);
  const fragments = base && TreeFragment.applyChanges(TreeFragment.addTree(base.source.tree), [base.change]);
  return remember({ text, tree: parser().parse(text, fragments, ranges) }, -1);
}

function remember(source: PythonSource, index: number): PythonSource {
  if (index >= 0) recent.splice(index, 1);
  recent.unshift(source);
  recent.length = Math.min(recent.length, RECENT_MAX);
  return source;
}

/** The recent parse sharing the most text with `text` (same start and end), and how it changed. */
function closest(text: string): { source: PythonSource; change: { fromA: number; toA: number; fromB: number; toB: number } } | undefined {
  let best: ReturnType<typeof closest>;
  let bestShared = 0;
  for (const source of recent) {
    const old = source.text;
    const limit = Math.min(old.length, text.length);
    let prefix = 0;
    while (prefix < limit && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < limit - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    // Too little in common, and reusing the old tree costs more than it saves.
    if (prefix + suffix > bestShared && prefix + suffix >= text.length / 2) {
      bestShared = prefix + suffix;
      best = { source, change: { fromA: prefix, toA: old.length - suffix, fromB: prefix, toB: text.length - suffix } };
    }
  }
  return best;
}

/** The source text a node spans. */
export function nodeText(source: PythonSource, node: { readonly from: number; readonly to: number }): string {
  return source.text.slice(node.from, node.to);
}

/**
 * The dotted name a callee or attribute chain spells (`torch.nn.Dropout`, `np.array`), spaces
 * and line breaks left out; undefined for anything else (a call's result, a subscript).
 */
export function dottedName(source: PythonSource, node: SyntaxNode): string | undefined {
  if (node.name === 'VariableName') return nodeText(source, node);
  if (node.name !== 'MemberExpression') return undefined;
  const object = node.firstChild;
  const property = node.lastChild;
  if (!object || property?.name !== 'PropertyName') return undefined;
  const head = dottedName(source, object);
  return head === undefined ? undefined : `${head}.${nodeText(source, property)}`;
}

/** The nodes around `offset`, innermost first, touching it from either side. */
export function nodesAround(source: PythonSource, offset: number): SyntaxNode[] {
  const seen = new Set<string>();
  const nodes: SyntaxNode[] = [];
  for (const side of [-1, 1] as const) {
    for (let node: SyntaxNode | null = source.tree.resolveInner(offset, side); node; node = node.parent) {
      const key = `${node.name}:${node.from}:${node.to}`;
      if (!seen.has(key)) {
        seen.add(key);
        nodes.push(node);
      }
    }
  }
  return nodes.sort((a, b) => a.to - a.from - (b.to - b.from));
}

/** Characters a list of numbers is made of (digits, signs, dots, `_`, separators); `e` goes by its neighbour. */
function isNumberListChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 44 || c === 95 ||
    c === 32 || c === 9 || c === 10 || c === 13 || c === 91 || c === 93;
}

/** An exponent's `e`: after a digit or a dot (`1e-3`, `2.E5`), not a name such as `e`. */
function isExponent(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const before = text.charCodeAt(i - 1);
  return (c === 101 || c === 69) && ((before >= 48 && before <= 57) || before === 46);
}

/**
 * The insides (brackets excluded) of the outermost lists of numbers at least LIST_MIN long, in
 * order. One pass: each open bracket remembers whether only number-list characters followed it.
 */
function longListInsides(text: string): [number, number][] {
  const open: number[] = [];
  // open[0 .. pureFrom) have seen another character; open[pureFrom ..] hold only numbers so far.
  let pureFrom = 0;
  const spans: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) {
      open.push(i);
    } else if (c === 93) {
      const start = open.pop();
      if (start === undefined) continue;
      if (open.length >= pureFrom && i - start >= LIST_MIN) {
        // An enclosing pure list that closes later covers this one.
        while (spans.length && spans[spans.length - 1][0] > start) spans.pop();
        spans.push([start + 1, i]);
      }
      pureFrom = Math.min(pureFrom, open.length);
    } else if (!isNumberListChar(c) && !isExponent(text, i)) {
      pureFrom = open.length;
    }
  }
  return spans;
}
