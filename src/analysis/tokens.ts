/**
 * A small Python tokenizer: just enough to find calls, their arguments and bracketed
 * expressions without being fooled by strings and comments. It never executes anything
 * and never fails: text it cannot classify becomes an `op` token.
 */

/**
 * `list`: a bracketed list of numbers only (nested lists included) of at least LIST_MIN
 * characters, as one token. A 10^6-element literal would otherwise be two million tokens, an
 * object each (~0.5 s to analyse a file holding one); nothing looks inside such a list anyway.
 */
export type TokenType = 'name' | 'number' | 'string' | 'op' | 'newline' | 'list';

export interface Token {
  readonly type: TokenType;
  /** Offset of the first character, relative to the start of the scanned text. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

/** Shorter lists are tokenized as usual (a subscript like `x[0]` stays `[`, number, `]`). */
export const LIST_MIN = 1000;
/** Deeper lists are no tensor literal (PyTorch allows 64 dimensions); it also bounds the rescans of a list that fails. */
const LIST_MAX_DEPTH = 64;

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Apos = 39,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === Ch.Underscore || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= Ch.Zero && c <= Ch.Nine);
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

/** String prefixes Python allows before a quote (r, b, f, u and their pairs), lower-cased. */
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Space || c === Ch.Tab || c === Ch.CR) {
      i++;
    } else if (c === Ch.LF) {
      tokens.push({ type: 'newline', start: i, end: i + 1 });
      i++;
    } else if (c === Ch.Hash) {
      while (i < n && text.charCodeAt(i) !== Ch.LF) i++;
    } else if (c === Ch.Backslash && text.charCodeAt(i + 1) === Ch.LF) {
      i += 2; // explicit line joining
    } else if (c === Ch.Quote || c === Ch.Apos) {
      const end = scanString(text, i);
      tokens.push({ type: 'string', start: i, end });
      i = end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if ((q === Ch.Quote || q === Ch.Apos) && STRING_PREFIXES.has(text.slice(i, j).toLowerCase())) {
        const end = scanString(text, j);
        tokens.push({ type: 'string', start: i, end });
        i = end;
      } else {
        tokens.push({ type: 'name', start: i, end: j });
        i = j;
      }
    } else if (isDigit(c) || (c === Ch.Dot && isDigit(text.charCodeAt(i + 1)))) {
      const end = scanNumber(text, i);
      tokens.push({ type: 'number', start: i, end });
      i = end;
    } else {
      const listEnd = c === Ch.LBracket ? numberListEnd(text, i) : -1;
      if (listEnd - i >= LIST_MIN) {
        tokens.push({ type: 'list', start: i, end: listEnd });
        i = listEnd;
      } else {
        tokens.push({ type: 'op', start: i, end: i + 1 });
        i++;
      }
    }
  }
  return tokens;
}

/**
 * End of the list display opened at `i` when it holds only numbers (digits, `.`, an exponent,
 * `_` between digits, signs), commas, white space and nested lists; else -1.
 */
function numberListEnd(text: string, i: number): number {
  const n = text.length;
  let depth = 0;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === Ch.LBracket) {
      if (++depth > LIST_MAX_DEPTH) return -1;
    } else if (c === Ch.RBracket) {
      if (--depth === 0) return j + 1;
    } else if ((c | 32) === 101 || c === Ch.Underscore) {
      // An exponent or a digit separator follows a digit (`1e-3`, `1.e5`, `1_000`); anything else with these letters is a name.
      const before = text.charCodeAt(j - 1);
      if (!isDigit(before) && !(before === Ch.Dot && (c | 32) === 101)) return -1;
    } else if (!(isDigit(c) || c === Ch.Dot || c === Ch.Comma || c === Ch.Plus || c === Ch.Minus || c === Ch.Space || c === Ch.Tab || c === Ch.CR || c === Ch.LF)) {
      return -1;
    }
  }
  return -1;
}

/** End of the string literal whose opening quote is at `i` (unterminated: end of line or text). */
function scanString(text: string, i: number): number {
  const q = text.charCodeAt(i);
  const n = text.length;
  const triple = text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q;
  let j = i + (triple ? 3 : 1);
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === Ch.Backslash) {
      j += 2;
    } else if (c === q) {
      if (!triple) return j + 1;
      if (text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) return j + 3;
      j++;
    } else if (c === Ch.LF && !triple) {
      return j;
    } else {
      j++;
    }
  }
  return n;
}

/** End of a Python number starting at `i`: digits, `_`, one `.`, an exponent, a `j` suffix, hex/bin/oct. */
function scanNumber(text: string, i: number): number {
  const n = text.length;
  let j = i;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isIdentPart(c) || c === Ch.Dot) {
      j++;
    } else if ((c === 43 || c === 45) && (text.charCodeAt(j - 1) | 32) === 101 && !/^0[xX]/.test(text.slice(i, j))) {
      j++; // the sign of an exponent: 1e-3
    } else {
      break;
    }
  }
  return j;
}

/** Index of the token that closes the bracket opened at `open`, or -1 when the text ends first. */
export function matchingBracket(text: string, tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'op') continue;
    const c = text.charCodeAt(t.start);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

export function tokenText(text: string, t: Token): string {
  return text.slice(t.start, t.end);
}

export function isOp(text: string, t: Token | undefined, op: string): boolean {
  return t !== undefined && t.type === 'op' && text[t.start] === op;
}
