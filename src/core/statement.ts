/**
 * What Python's tokenizer and grammar refuse around a literal before any of it is evaluated:
 * NUL bytes and lone surrogates anywhere, a backslash not ending a line, a continuation into the
 * end of the text, a line break outside brackets followed by more code (the statement ended
 * there), and a keyword as the assigned name or in its annotation. Messages, lines and columns
 * are CPython 3.11's (test/fixtures/pytorch/syntax.json holds its verdicts).
 */
import { LiteralError } from './errors';
import { isNameChar, isNameStart, Scanner } from './lexer';

/** Python's keywords (keyword.kwlist); soft keywords (match, case, type, _) are names. */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);
/** Keywords no statement starts with: Python's error points at the keyword itself. */
const NEVER_FIRST = new Set(['and', 'as', 'elif', 'else', 'except', 'finally', 'in', 'is', 'or']);
/** Keywords that begin an expression, so an annotation reading one fails at the token after it. */
const EXPRESSION_PREFIX = new Set(['lambda', 'not', 'await']);
const VALUES = new Set(['True', 'False', 'None']);
/** The characters the layout scan stops at once the statement has started. */
const SPECIAL = /[#\\'"()[\]{}\n\r]/g;

function errorAt(text: string, message: string, offset: number): LiteralError {
  const { line, column } = new Scanner(text).lineCol(offset);
  return new LiteralError(message, offset, line, column);
}

function fail(text: string, message: string, offset: number): never {
  throw errorAt(text, message, offset);
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** Refuses a NUL or a lone surrogate (the first one), which Python refuses before reading any token. */
function checkCharacters(text: string): void {
  const nul = text.indexOf('\0');
  // A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
  // (Any surrogate first: the pairing check costs more per character on long text.)
  const m = /[\uD800-\uDFFF]/.test(text) ? /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text) : null;
  const sur = m ? m.index : -1;
  if (nul >= 0 && (sur < 0 || nul < sur)) fail(text, 'source code string cannot contain null bytes', nul);
  if (sur >= 0) {
    const code = text.charCodeAt(sur).toString(16).toUpperCase();
    fail(text, `character U+${code} is a lone surrogate, not Unicode text: Python cannot read it ('utf-8' codec can't encode it: surrogates not allowed)`, sur);
  }
}

/** Where a string quoted with ' or " may end, or needs a look: its quote, a backslash, a line break. */
const STRING_STOPS: Record<number, RegExp> = { 39: /['\\\n\r]/g, 34: /["\\\n\r]/g };

/** Past the string starting at p (its quote): escapes skipped, ending at its quote or, for a one-line string, the line's end. */
function skipString(text: string, p: number): number {
  const q = text.charCodeAt(p);
  const triple = text.charCodeAt(p + 1) === q && text.charCodeAt(p + 2) === q;
  const stops = STRING_STOPS[q];
  p += triple ? 3 : 1;
  for (;;) {
    stops.lastIndex = p;
    const m = stops.exec(text);
    if (!m) return text.length;
    p = m.index;
    const c = text.charCodeAt(p);
    if (c === 92) {
      p += 2;
    } else if (c === q) {
      if (!triple) return p + 1;
      if (text.charCodeAt(p + 1) === q && text.charCodeAt(p + 2) === q) return p + 3;
      p++;
    } else if (!triple) {
      return p;
    } else {
      p++;
    }
  }
}

/** Past a line break at p (\n, \r\n or \r). */
function skipLineBreak(text: string, p: number): number {
  return text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
}

/** Where the statement's first logical line ends, and the first token after it, if code follows. */
export interface StatementEnd {
  /** Offset of the line break ending the statement. */
  lineEnd: number;
  /** Where Python's NEWLINE token is: the comment before the line break, if any, else the break. */
  newline: number;
  /** Offset of the next token. */
  next: number;
}

/**
 * Checks the text as Python's tokenizer would, and finds where the first statement ends when
 * more code follows it (undefined when only blank lines and comments do).
 */
function scanStatement(text: string): StatementEnd | undefined {
  checkCharacters(text);
  const n = text.length;
  let depth = 0;
  let started = false;
  let lineEnd = -1;
  let newline = -1;
  let comment = -1;
  for (let p = 0; p < n; ) {
    const c = text.charCodeAt(p);
    if (c === 35) {
      comment = p;
      while (p < n && !isLineBreak(text.charCodeAt(p))) p++;
    } else if (c === 92) {
      const after = p + 1;
      if (after >= n) fail(text, 'unexpected EOF while parsing', after);
      if (!isLineBreak(text.charCodeAt(after))) fail(text, 'unexpected character after line continuation character', after);
      const q = skipLineBreak(text, after);
      // A continuation must continue into something; CPython lets a final \r\n pass, not \n or \r.
      if (q >= n && q - after === 1) fail(text, 'unexpected EOF while parsing', after);
      p = q;
    } else if (isLineBreak(c)) {
      if (depth <= 0 && started && lineEnd < 0) {
        lineEnd = p;
        newline = comment >= 0 ? comment : p;
      }
      comment = -1;
      p = skipLineBreak(text, p);
    } else if (c === 32 || c === 9 || c === 12) {
      p++;
    } else {
      if (lineEnd >= 0) return { lineEnd, newline, next: p };
      started = true;
      if (c === 39 || c === 34) {
        p = skipString(text, p);
        continue;
      }
      if (c === 40 || c === 91 || c === 123) {
        depth++;
        p++;
      } else if (c === 41 || c === 93 || c === 125) {
        depth--;
        p++;
      } else {
        // Numbers, names, commas and spaces matter to none of the checks: jump past them.
        SPECIAL.lastIndex = p + 1;
        p = SPECIAL.exec(text)?.index ?? n;
      }
    }
  }
  return undefined;
}

/** Python's error for code after the statement's line break that cannot start a statement of its own. */
function nextLineError(text: string, end: StatementEnd): LiteralError | undefined {
  const { next } = end;
  const prev = text.charCodeAt(next - 1);
  // CPython reports an indent at its last character.
  if (prev === 32 || prev === 9 || prev === 12) return errorAt(text, 'unexpected indent', next - 1);
  const c = text.charCodeAt(next);
  const c1 = text.charCodeAt(next + 1);
  const startsNumberOrEllipsis = (c1 >= 48 && c1 <= 57) || (c1 === 46 && text.charCodeAt(next + 2) === 46);
  if ((c === 46 && !startsNumberOrEllipsis) || c === 61) return errorAt(text, 'invalid syntax', next);
  if (c === 41 || c === 93 || c === 125) return errorAt(text, `unmatched '${text[next]}'`, next);
  return undefined;
}

/**
 * Refuses what Python refuses in the statement's layout (see the top of the file). When code
 * follows the statement's line break, `parseFirst` reads the first statement alone: code it
 * still expected at the break is Python's "invalid syntax" there; a complete literal followed by
 * a second statement (which Python accepts) is refused as not one literal.
 */
export function checkStatement(text: string, parseFirst: (firstStatement: string) => void): void {
  const end = scanStatement(text);
  if (!end) return;
  const e = nextLineError(text, end);
  if (e) throw e;
  // A line ending in an operator or `:` still expects an operand: CPython stops at the NEWLINE.
  let last = end.newline - 1;
  while (last > 0 && (text.charCodeAt(last) === 32 || text.charCodeAt(last) === 9 || text.charCodeAt(last) === 12)) last--;
  const operator = ':=,+-*/%@&|^~<>'.includes(text[last]) || (text[last] === '.' && !/[0-9]/.test(text[last - 1] ?? ''));
  if (operator) fail(text, 'invalid syntax', end.newline);
  try {
    parseFirst(text.slice(0, end.lineEnd));
  } catch (err) {
    if (err instanceof LiteralError && err.offset >= end.newline) throw errorAt(text, 'invalid syntax', end.newline);
    throw err;
  }
  const line = errorAt(text, '', end.lineEnd).line;
  fail(text, `the statement ends with the line break on line ${line}, and another one starts here: put the literal in parentheses to continue it on the next line`, end.next);
}

/**
 * A keyword where the statement names its target: `for = ...`, `in: T = ...`. `start` is the
 * name's offset, `op` the offset of the `=` or `:` after it.
 */
export function checkTarget(text: string, name: string, start: number, op: number): void {
  if (!KEYWORDS.has(name)) return;
  const assign = text.charCodeAt(op) === 61;
  if (VALUES.has(name)) fail(text, assign ? `cannot assign to ${name}` : 'illegal target for annotation', start);
  if (NEVER_FIRST.has(name)) fail(text, 'invalid syntax', start);
  if (name === 'lambda' && !assign) fail(text, 'cannot assign to lambda', start);
  if (name === 'yield' && assign) fail(text, 'assignment to yield expression not possible', start);
  if (name === 'try') {
    if (assign) fail(text, "expected ':'", op);
    let end = op;
    while (end < text.length && !isLineBreak(text.charCodeAt(end))) end++;
    fail(text, "expected 'except' or 'finally' block", end);
  }
  fail(text, 'invalid syntax', op);
}

/** A keyword among the parts of an annotation `a.b.c` read from `start` to `end`. */
export function checkAnnotation(text: string, start: number, end: number): void {
  let first = true;
  for (let p = start; p < end; ) {
    if (!isNameStart(text.charCodeAt(p))) {
      p++;
      continue;
    }
    const s = p;
    while (p < end && isNameChar(text.charCodeAt(p))) p++;
    const part = text.slice(s, p);
    if (KEYWORDS.has(part) && !(first && VALUES.has(part))) {
      if (!(first && EXPRESSION_PREFIX.has(part))) fail(text, 'invalid syntax', s);
      while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
      fail(text, 'invalid syntax', p);
    }
    first = false;
  }
}
