/**
 * Writes a tensor back as Python source: a `torch.tensor([...])` literal that parseTensorLiteral
 * (and PyTorch) reads back to the identical tensor — shape, dtype, requires_grad and every bit of
 * every value (NaN as NaN).
 */
import { pyFloatRepr, pyIntStr } from './pyformat';
import { Tensor, numel } from './tensor';

const PREFIX = 'torch.tensor(';

function specialText(v: number): string | undefined {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "float('-inf')";
  return undefined;
}

/** Python's repr of the double: the shortest digits that read back to it. */
function float64Text(v: number): string {
  return specialText(v) ?? pyFloatRepr(v);
}

/**
 * The shortest decimal that reads back to this float32 value: Python (and the parser) read the
 * digits as the nearest double, and PyTorch rounds that to float32; so try 1 to 9 significant
 * digits and keep the first whose double rounds to the value. Nine always suffice for float32.
 */
function float32Text(v: number): string {
  const special = specialText(v);
  if (special !== undefined) return special;
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  for (let p = 1; p < 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return pyFloatRepr(d);
  }
  return pyFloatRepr(Number(v.toPrecision(9)));
}

function itemWriter(t: Tensor): (v: number) => string {
  switch (t.dtype) {
    case 'float32':
      return float32Text;
    case 'float64':
      return float64Text;
    case 'int64':
      return pyIntStr;
    case 'bool':
      return (v) => (v !== 0 ? 'True' : 'False');
  }
}

/**
 * `torch.tensor([[1.5, -0.0], [float('nan'), 2.0]], dtype=torch.float64)`. float32 is the
 * default dtype and every float32 item is written with a decimal point, so it needs no `dtype=`;
 * the others always name theirs. Rows of a matrix or higher go on their own lines, each under the
 * first row's opening bracket as PyTorch prints them; `column` is where the literal starts on its
 * line (4 after `x = `), so the rows line up there too. An empty tensor whose shape nested lists
 * cannot carry (anything but `(0,)`) becomes `torch.zeros((2, 0, 3), ...)`.
 */
export function toLiteral(t: Tensor, column = 0): string {
  const args: string[] = [];
  if (t.dtype !== 'float32') args.push(`dtype=torch.${t.dtype}`);
  if (t.requiresGrad) args.push('requires_grad=True');
  const tail = args.map((a) => ', ' + a).join('');
  const shape = t.shape;
  const nd = shape.length;
  const n = numel(shape);
  if (n === 0) {
    if (nd === 1) return `${PREFIX}[]${tail})`;
    return `torch.zeros((${shape.join(', ')})${tail})`;
  }
  const item = itemWriter(t);
  if (nd === 0) return `${PREFIX}${item(t.data[0])}${tail})`;
  const parts: string[] = ['['.repeat(nd)];
  const idx = new Array<number>(nd).fill(0);
  const data = t.data;
  for (let i = 0; i < n; i++) {
    parts.push(item(data[i]));
    // Advance the row-major index; `closes` lists end here.
    let d = nd - 1;
    let closes = 0;
    while (d >= 0 && ++idx[d] === shape[d]) {
      idx[d] = 0;
      d--;
      closes++;
    }
    if (d < 0) break;
    if (closes === 0) {
      parts.push(', ');
    } else {
      parts.push(']'.repeat(closes) + ',' + '\n'.repeat(closes) + ' '.repeat(column + PREFIX.length + nd - closes) + '['.repeat(closes));
    }
  }
  parts.push(']'.repeat(nd));
  return `${PREFIX}${parts.join('')}${tail})`;
}
