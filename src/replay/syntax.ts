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
  const open = unclosedBracket(py.text);
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
  if (open >= 0) at = open;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const indent = lineText.length - lineText.trimStart().length;
  const line = text.slice(0, at).split('\n').length;
  const column = at - lineStart - indent;
  return { line, caret: `    ${lineText.trim()}\n    ${' '.repeat(Math.max(0, column))}^\n`, message: open >= 0 ? `'${text[open]}' was never closed` : 'invalid syntax' };
}

/** The first bracket never closed (CPython's tokenizer reports it before any other error), or -1. */
function unclosedBracket(text: string): number {
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let j = i + q.length;
      while (j < text.length && !text.startsWith(q, j)) j += text[j] === '\\' ? 2 : 1;
      i = j + q.length - 1;
    } else if ('([{'.includes(c)) {
      stack.push(i);
    } else if (')]}'.includes(c)) {
      if (!stack.length) return -1;
      stack.pop();
    }
  }
  return stack.length ? stack[0] : -1;
}
