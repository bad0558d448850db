/**
 * Where the panel's "Insert below" writes a new statement (`y = torch.tensor([...])`): on a line
 * of its own after the statement that holds the expression, at that statement's indentation.
 */
import type { SyntaxNode } from '@lezer/common';
import { readPython } from './python/reader';

export interface NewLine {
  /** Offset to insert at: the start of the line after the statement (or of a compound statement's first line). */
  readonly at: number;
  /** The statement's indentation, repeated on the new line. */
  readonly indent: string;
  /** What goes around the new line: a line break after it, or before it at the end of a text without a final one. */
  readonly before: string;
  readonly after: string;
}

function isStatement(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent !== null && (parent.name === 'Script' || parent.name === 'Body');
}

/**
 * Where a new statement goes next to the one holding `offset` of `text`. It is written at the
 * start of a line, never at the end of the statement's own: an editor's selection that ends
 * there would grow to take it in.
 */
export function newLineNear(text: string, offset: number): NewLine {
  let node: SyntaxNode | null = readPython(text).tree.resolveInner(offset, 1);
  while (node && !isStatement(node)) node = node.parent;
  const from = node ? node.from : offset;
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, from))?.[0] ?? '';
  // In the header of an `if`/`for`/`with`/`def` the block follows: the new line goes before it.
  if (node?.getChild('Body')) return { at: lineStart, indent, before: '', after: '\n' };
  let end = node ? node.to : offset;
  while (end > from && /\s/.test(text[end - 1])) end--;
  const lineEnd = text.indexOf('\n', end);
  return lineEnd < 0 ? { at: text.length, indent, before: '\n', after: '' } : { at: lineEnd + 1, indent, before: '', after: '\n' };
}
