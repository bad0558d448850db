/** Scalars in tensor data written as words (True, None, float('nan'), ...) and the messages for what cannot follow an element. */
import { K_BOOL, K_FLOAT, K_INT_HUGE, K_NONE, type Scanner, isDigit, isNameStart, pyFloatFromString } from '../lexer';
import { pyStrRepr } from '../pyformat';

/** The error for what follows an element at p in a sequence opened at openAt that `close` would end. */
export function unexpectedAfterElement(sc: Scanner, p: number, close: number, openAt: number): never {
  const c = sc.text.charCodeAt(p);
  const closer = String.fromCharCode(close);
  if (p >= sc.len) sc.fail(`'${sc.text[openAt]}' was never closed`, openAt);
  if (c === 93 || c === 41 || c === 125) {
    sc.fail(`closing ${sc.describe(p)} does not match opening '${sc.text[openAt]}' at column ${sc.lineCol(openAt).column}`, p);
  }
  if ('+-*/%@&|^<>=!~'.includes(sc.text[p])) {
    sc.fail(`operator ${sc.describe(p)}: only literal values are supported, write the value itself`, p);
  }
  sc.fail(`expected ',' or '${closer}', found ${sc.describe(p)}`, p);
}

/** A scalar written as a word or punctuation: True, False, None, float(...), bare nan/inf in a repr. */
export function scanWordScalar(sc: Scanner, reprMode: boolean): { kind: number; value: number } {
  const p = sc.pos;
  const c = sc.peek();
  if (c === 46 && sc.text.startsWith('...', p)) {
    sc.fail(
      "the data is incomplete: '...' marks a summarised repr (PyTorch prints only the edge items of tensors over 1000 elements); " +
        'print it with torch.set_printoptions(profile="full") and copy it again',
      p,
    );
  }
  if (c === 39 || c === 34) sc.fail('a string is not a number: tensor data must be numbers, True or False', p);
  if (!isNameStart(c)) {
    if (c === -1) sc.fail('unexpected end of input: expected a value', p);
    sc.fail(`expected a value, found ${sc.describe(p)}`, p);
  }
  const name = sc.scanDotted();
  switch (name) {
    case 'True':
    case 'False':
      return { kind: K_BOOL, value: name === 'True' ? 1 : 0 };
    case 'None':
      return { kind: K_NONE, value: 0 };
    case 'float':
      return { kind: K_FLOAT, value: scanFloatCall(sc, p) };
    case 'nan':
    case 'inf':
      if (reprMode) return { kind: K_FLOAT, value: name === 'nan' ? NaN : Infinity };
      return sc.fail(`name '${name}' is not defined: write float('${name}')`, p);
    default:
      return sc.fail(
        `name '${name}' is not supported in tensor data: only numbers, True, False and float('nan'/'inf'/'-inf') are read`,
        p,
      );
  }
}

/** The argument list of float(...) after the name: a string or a number. */
function scanFloatCall(sc: Scanner, nameAt: number): number {
  sc.skipWs();
  if (sc.peek() !== 40) sc.fail(`'float' must be called, as in float('nan')`, nameAt);
  sc.pos++;
  sc.skipWs();
  const argAt = sc.pos;
  let c = sc.peek();
  let value: number;
  if (c === 39 || c === 34) {
    const s = sc.scanString();
    const v = pyFloatFromString(s);
    if (v === undefined) sc.fail(`could not convert string to float: ${pyStrRepr(s)}`, argAt, 'ValueError');
    value = v;
  } else {
    let neg = false;
    while (c === 45 || c === 43) {
      if (c === 45) neg = !neg;
      sc.pos++;
      sc.skipWs();
      c = sc.peek();
    }
    if (isDigit(c) || (c === 46 && isDigit(sc.text.charCodeAt(sc.pos + 1)))) {
      value = sc.scanNumber(neg);
      if (sc.numKind === K_INT_HUGE) sc.fail('int too large to convert to float (OverflowError)', argAt);
    } else if (sc.text.startsWith('True', sc.pos) || sc.text.startsWith('False', sc.pos)) {
      value = sc.scanName() === 'True' ? 1 : 0;
    } else {
      sc.fail(`float() argument must be a string or a real number, found ${sc.describe()}`, sc.pos);
    }
    if (neg) value = -value;
  }
  sc.skipWs();
  if (sc.peek() === 44) {
    sc.pos++;
    sc.skipWs();
  }
  if (sc.peek() !== 41) sc.fail(`expected ')' to close float(, found ${sc.describe()}`);
  sc.pos++;
  return value;
}
