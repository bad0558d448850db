/**
 * Python's SyntaxError, best effort from the parser's error nodes: the line, a caret under the
 * first unreadable character, and "invalid syntax" (CPython's own, more specific messages such
 * as "'(' was never closed" are not reproduced).
 */
import type { PythonSource } from '../analysis/python/reader';

export interface SyntaxProblem {
  readonly line: number;
  readonly caret: string;
  readonly message: string;
}

export function syntaxError(py: PythonSource): SyntaxProblem | undefined {
  let at = -1;
  py.tree.iterate({
    enter: (n) => {
      if (at >= 0) return false;
      if (n.type.isError) at = n.from;
      return undefined;
    },
  });
  if (at < 0) return undefined;
  const text = py.text;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const indent = lineText.length - lineText.trimStart().length;
  const line = text.slice(0, at).split('\n').length;
  const column = at - lineStart - indent;
  return { line, caret: `    ${lineText.trim()}\n    ${' '.repeat(Math.max(0, column))}^\n`, message: 'invalid syntax' };
}
