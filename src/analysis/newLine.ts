/**
 * Where the panel's "Insert below" writes a new statement (`y = torch.tensor([...])`): on a line
 * of its own after the statement that holds the expression, at that statement's indentation.
 */
import type { SyntaxNode } from '@lezer/common';
import { readPython } from './python/reader';

export interface NewLine {
  /** Offset to insert at: the end of the statement's last line (or the start of a compound statement's first). */
  readonly at: number;
  /** The statement's indentation, repeated on the new line. */
  readonly indent: string;
  /** The new line comes after the statement (else before it: the expression is in a block's header). */
  readonly after: boolean;
}

function isStatement(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent !== null && (parent.name === 'Script' || parent.name === 'Body');
}

/** Where a new statement goes next to the one holding `offset` of `text`. */
export function newLineNear(text: string, offset: number): NewLine {
  let node: SyntaxNode | null = readPython(text).tree.resolveInner(offset, 1);
  while (node && !isStatement(node)) node = node.parent;
  const from = node ? node.from : offset;
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, from))?.[0] ?? '';
  // In the header of an `if`/`for`/`with`/`def` the block follows: the new line goes before it.
  if (node?.getChild('Body')) return { at: lineStart, indent, after: false };
  let end = node ? node.to : offset;
  while (end > from && /\s/.test(text[end - 1])) end--;
  const lineEnd = text.indexOf('\n', end);
  // A CRLF line ends before its \r.
  const at = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { at, indent, after: true };
}
