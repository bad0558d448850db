/** Python's number and string literals, as the parser's Number and String nodes spell them. */
import { stop } from './stop';
import { float, int, str, type Value } from './values';

export function numberLiteral(text: string): Value {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return stop(`the complex number ${text}`, 'replay has no complex numbers');
  if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[oO][0-7]+$/.test(t) || /^0[bB][01]+$/.test(t)) return int(Number(t));
  if (/^\d+$/.test(t)) {
    const v = Number(t);
    if (!Number.isSafeInteger(v)) stop(`the integer ${text}`, 'integers beyond 2^53 are not replayed');
    return int(v);
  }
  return float(Number(t));
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

/** Escapes of a non-raw string body. */
export function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.|\n)/gs, (m, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? m;
  });
}

/** Splits a string token into its prefix letters, quote and body. */
export function stringParts(text: string): { prefix: string; body: string } {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!m) return stop('this string', 'unrecognised quotes');
  const q = m[2];
  return { prefix: m[1].toLowerCase(), body: text.slice(m[0].length, text.length - q.length) };
}

export function stringLiteral(text: string): Value {
  const { prefix, body } = stringParts(text);
  if (prefix.includes('b')) stop('a bytes literal', 'replay has no bytes');
  return str(prefix.includes('r') ? body : unescape(body));
}
