/**
 * Following a range of a document through its edits, as VS Code reports them
 * (`TextDocumentChangeEvent.contentChanges`, applied one after the other). Positions are lines
 * and characters, not offsets: they stay right when the document switches between CRLF and LF.
 * vscode-free (the shapes of vscode.Position and Range), so it is unit-tested under Node.
 */

interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

interface TextChange {
  /** The replaced range, in the document as it was before this change. */
  readonly range: TextRange;
  readonly text: string;
}

const before = (a: TextPosition, b: TextPosition): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
const atOrBefore = (a: TextPosition, b: TextPosition): boolean => !before(b, a);

/** Where the text `text` ends when written at `from`. */
export function endOfText(from: TextPosition, text: string): TextPosition {
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1].length;
  return lines.length === 1 ? { line: from.line, character: from.character + last } : { line: from.line + lines.length - 1, character: last };
}

/**
 * `range` after `change`: moved when the change is wholly before it (an insertion at its start
 * counts as before), unchanged when wholly after it; `undefined` when the change touches the
 * range itself (its text is no longer the one tracked).
 */
export function rangeAfter(range: TextRange, change: TextChange): TextRange | undefined {
  const { start: cs, end: ce } = change.range;
  if (!atOrBefore(ce, range.start)) return atOrBefore(range.end, cs) ? range : undefined;
  const newEnd = endOfText(cs, change.text);
  const shift = (p: TextPosition): TextPosition =>
    p.line === ce.line ? { line: newEnd.line, character: newEnd.character + p.character - ce.character } : { line: p.line + newEnd.line - ce.line, character: p.character };
  return { start: shift(range.start), end: shift(range.end) };
}
