/** `format(value, spec)`: the parts of Python's format mini-language f-strings mostly use. */
import { pyFormatExp, pyFormatFixed, pyIntStr } from '../core/pyformat';
import { pyStr } from './pyprint';
import { PyRaise, stop } from './stop';
import { float, int, type Value } from './values';

const SPEC = /^(?:(.)?([<>^=]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

export function pyFormat(v: Value, spec: string): string {
  if (v.t === 'tensor') {
    // Tensor.__format__: a 0-d tensor formats as its item, others as str() with an empty spec only.
    if (v.tensor.shape.length === 0) {
      const x = v.tensor.data[0];
      return pyFormat(v.tensor.dtype === 'int64' ? int(x) : v.tensor.dtype === 'bool' ? { t: 'bool', v: x !== 0 } : float(x), spec);
    }
    if (spec) throw new PyRaise('TypeError', 'unsupported format string passed to Tensor.__format__');
    return pyStr(v);
  }
  if (!spec) return pyStr(v);
  const m = SPEC.exec(spec);
  if (!m) return stop(`the format spec '${spec}'`, 'not in the subset replay formats');
  const [, fill = ' ', align, sign = '-', , zero, widthText, grouping, precText, type] = m;
  if (grouping) stop(`the format spec '${spec}'`, 'digit grouping is not replayed');
  const prec = precText === undefined ? undefined : Number(precText);
  let body: string;
  let numeric = true;
  if (v.t === 'str') {
    if (type && type !== 's') throw new PyRaise('ValueError', `Unknown format code '${type}' for object of type 'str'`);
    body = prec === undefined ? v.v : v.v.slice(0, prec);
    numeric = false;
  } else if (v.t === 'int' || v.t === 'float' || v.t === 'bool') {
    const x = v.t === 'bool' ? (v.v ? 1 : 0) : v.v;
    const isInt = v.t !== 'float';
    const t = type ?? (isInt ? 'd' : prec === undefined ? 'r' : 'g');
    if (t === 'd') {
      if (!isInt) throw new PyRaise('ValueError', "Unknown format code 'd' for object of type 'float'");
      body = pyIntStr(Math.abs(x));
    } else if (t === 'f' || t === 'F') body = pyFormatFixed(Math.abs(x), prec ?? 6);
    else if (t === 'e' || t === 'E') body = pyFormatExp(Math.abs(x), prec ?? 6);
    else if (t === '%') body = pyFormatFixed(Math.abs(x) * 100, prec ?? 6) + '%';
    else if (t === 'r' && !isInt) body = pyStr(float(Math.abs(x)));
    else return stop(`the format spec '${spec}'`, `format type '${t}' is not replayed`);
    if (t === 'E') body = body.toUpperCase();
    const negative = x < 0 || Object.is(x, -0);
    const signText = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    body = signText + body;
    if (zero && !align) return padNumber(body, signText.length, Number(widthText ?? 0));
  } else {
    return stop(`formatting a ${v.t}`, 'only numbers, strings and tensors are formatted');
  }
  const width = Number(widthText ?? 0);
  if (body.length >= width) return body;
  const pad = width - body.length;
  const a = align ?? (numeric ? '>' : '<');
  if (a === '<') return body + fill.repeat(pad);
  if (a === '>') return fill.repeat(pad) + body;
  if (a === '^') return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(pad - Math.floor(pad / 2));
  return stop(`the format spec '${spec}'`, "'=' alignment is not replayed");
}

function padNumber(body: string, signLength: number, width: number): string {
  if (body.length >= width) return body;
  return body.slice(0, signLength) + '0'.repeat(width - body.length) + body.slice(signLength);
}
