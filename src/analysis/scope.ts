/**
 * Python scopes by indentation: which `def`/`class` blocks enclose a line. Good enough to pick
 * "the dropout defined in the same class or function" without a full parser.
 */
import { findDropoutCalls, type DropoutCall } from './dropoutCalls';

export interface Scope {
  readonly kind: 'def' | 'class' | 'module';
  /** Offsets in the text: the header line's start to the end of the block. */
  readonly start: number;
  readonly end: number;
}

const HEADER = /^([ \t]*)(?:async[ \t]+)?(def|class)\b/;

function indentOf(line: string): number | undefined {
  const m = /^[ \t]*/.exec(line)!;
  const rest = line.slice(m[0].length);
  // Blank and comment-only lines do not open or close blocks.
  return rest === '' || rest.startsWith('#') || rest === '\r' ? undefined : m[0].replace(/\t/g, '        ').length;
}

/** Enclosing scopes of `offset`, innermost first, the module last. */
export function scopesAt(text: string, offset: number): Scope[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let acc = 0;
  for (const l of lines) {
    starts.push(acc);
    acc += l.length + 1;
  }
  let line = 0;
  while (line + 1 < lines.length && starts[line + 1] <= offset) line++;

  const scopes: Scope[] = [];
  // Walking up, each line indented less than everything below it so far encloses the line;
  // those that are `def`/`class` headers are scopes. (A header on the line itself does not.)
  let threshold = indentOf(lines[line]) ?? Infinity;
  for (let h = line - 1; h >= 0 && threshold > 0; h--) {
    const indent = indentOf(lines[h]);
    if (indent === undefined || indent >= threshold) continue;
    const m = HEADER.exec(lines[h]);
    if (m) scopes.push({ kind: m[2] as 'def' | 'class', start: starts[h], end: blockEnd(lines, starts, h, indent, text.length) });
    threshold = indent;
  }
  scopes.push({ kind: 'module', start: 0, end: text.length });
  return scopes;
}

function blockEnd(lines: readonly string[], starts: readonly number[], header: number, indent: number, textEnd: number): number {
  for (let k = header + 1; k < lines.length; k++) {
    const i = indentOf(lines[k]);
    if (i !== undefined && i <= indent) return starts[k];
  }
  return textEnd;
}

/**
 * The dropout construct that most likely applies to the code at `offset`: one that contains it
 * (`F.dropout(torch.tensor([...]), 0.2)`), else the nearest one in the innermost scope that has
 * any (the `nn.Dropout` of the same function, then of the same class, then of the module).
 */
export function nearestDropoutInScope(text: string, offset: number): DropoutCall | undefined {
  const calls = findDropoutCalls(text);
  const containing = calls.filter((c) => c.calleeStart <= offset && offset <= c.end);
  if (containing.length > 0) return containing[containing.length - 1];
  for (const scope of scopesAt(text, offset)) {
    const inScope = calls.filter((c) => c.calleeStart >= scope.start && c.end <= scope.end);
    if (inScope.length === 0) continue;
    const distance = (c: DropoutCall) => (c.end < offset ? offset - c.end : c.calleeStart - offset);
    return inScope.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  }
  return undefined;
}

/**
 * `text` with [start, end) turned into a name (`_`) and spaces, line breaks kept, so every offset
 * stays valid. Looking for calls around a literal of a million numbers costs more than all the
 * rest of a run when the literal itself is tokenized: blank it out first. The name keeps the
 * call around it readable: `F.dropout(   , 0.2)` would lose its positional arguments.
 */
export function blankOut(text: string, start: number, end: number): string {
  const blank = text.slice(start, end).replace(/[^\n]+/g, (run) => ' '.repeat(run.length));
  return text.slice(0, start) + (end > start && blank[0] === ' ' ? `_${blank.slice(1)}` : blank) + text.slice(end);
}
