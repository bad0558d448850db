/**
 * Property tests of the literal parser and writer. PROPERTY_RUNS sets the number of inputs per
 * property: the default keeps `npm test` to a few seconds; the nightly run uses
 * PROPERTY_RUNS=100000.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { LiteralError } from '../../src/core/errors';
import { toLiteral } from '../../src/core/literal';
import { parseTensorLiteral } from '../../src/core/parse';
import { DType, Tensor, makeTensor, numel } from '../../src/core/tensor';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const dtypeArb = fc.constantFrom<DType>('float32', 'float64', 'int64', 'bool');
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });

function valueArb(dtype: DType): fc.Arbitrary<number> {
  switch (dtype) {
    case 'float32':
      return fc.float();
    case 'float64':
      return fc.double();
    case 'int64':
      return fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 }));
    case 'bool':
      return fc.boolean().map(Number);
  }
}

const tensorArb: fc.Arbitrary<Tensor> = fc
  .tuple(dtypeArb, shapeArb, fc.boolean())
  .chain(([dtype, shape, grad]) =>
    fc.array(valueArb(dtype), { minLength: numel(shape), maxLength: numel(shape) }).map((data) =>
      makeTensor({ shape, dtype, data, requiresGrad: grad && (dtype === 'float32' || dtype === 'float64') }),
    ),
  );

/** Bit-for-bit equality; NaN payloads are not modelled (the parser writes the canonical NaN). */
function sameTensor(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.requiresGrad !== b.requiresGrad || a.shape.join() !== b.shape.join() || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    if (!(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)))) return false;
  }
  return true;
}

/** Parses, accepting only a result or a LiteralError; anything else fails the property. */
function parsesOrRefuses(text: string): boolean {
  try {
    const r = parseTensorLiteral(text, { maxElements: 100000 });
    return r.tensor.data.length === numel(r.tensor.shape) && r.start <= r.end && r.end <= text.length;
  } catch (e) {
    if (e instanceof LiteralError) return Number.isInteger(e.offset) && e.line >= 1 && e.column >= 1;
    throw e;
  }
}

const fixtureLiterals: string[] = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', 'literals.json'), 'utf8')).cases as { literal: string }[]
)
  .map((c) => c.literal)
  .filter((s) => s.length < 400);

/** Characters that matter to the grammar, plus a few that do not belong anywhere. */
const PIECES = [
  '[', ']', '(', ')', ',', ' ', '\n', '#', '\\', '.', '...', '-', '+', '*', '_', 'e', 'E', 'j', 'x', '0', '1', '9', '=', '<', '>', "'", '"',
  'True', 'False', 'None', 'nan', 'inf', 'float(', 'torch.', 'np.', 'tensor(', 'dtype=torch.float64', 'requires_grad=True', '.reshape(',
  '.view(-1)', '.float()', '0x', '1e308', '1e-400', '9223372036854775808', '\u00a0', '\u{1F600}', '\0',
];

const mutatedArb = fc
  .tuple(
    fc.constantFrom(...fixtureLiterals),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...PIECES), fc.nat({ max: 20 })), { minLength: 1, maxLength: 6 }),
  )
  .map(([base, edits]) => {
    let s = base;
    for (const [at, op, piece, len] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (op === 0) s = s.slice(0, i) + piece + s.slice(i);
      else if (op === 1) s = s.slice(0, i) + s.slice(i + len);
      else if (op === 2) s = s.slice(0, i) + piece + s.slice(i + piece.length);
      else s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
    }
    return s;
  });

describe(`parser properties (${RUNS} runs each; PROPERTY_RUNS=100000 nightly)`, () => {
  it('parse(toLiteral(t)) is t, bit for bit', () => {
    fc.assert(
      fc.property(tensorArb, (t) => sameTensor(parseTensorLiteral(toLiteral(t)).tensor, t)),
      { numRuns: RUNS },
    );
  });

  it('throws nothing but LiteralError on random text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 40 }), parsesOrRefuses), { numRuns: RUNS });
    fc.assert(fc.property(fc.string({ maxLength: 60 }), parsesOrRefuses), { numRuns: RUNS });
  });

  it('throws nothing but LiteralError on mutated PyTorch literals', () => {
    fc.assert(fc.property(mutatedArb, parsesOrRefuses), { numRuns: RUNS });
  });

  it('throws nothing but LiteralError on mutated written literals', () => {
    const arb = fc
      .tuple(tensorArb, fc.nat(), fc.constantFrom(...PIECES), fc.boolean())
      .map(([t, at, piece, del]) => {
        const s = toLiteral(t);
        const i = at % (s.length + 1);
        return del ? s.slice(0, i) + s.slice(i + piece.length) : s.slice(0, i) + piece + s.slice(i);
      });
    fc.assert(fc.property(arb, parsesOrRefuses), { numRuns: RUNS });
  });

  it('refuses or reads deep and unbalanced nesting without a stack overflow', () => {
    const arb = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.constantFrom('[', '(', '[(', '-(', 'np.array(', 'torch.tensor(')).map(
      ([open, close, unit]) => unit.repeat(open) + '1' + ']'.repeat(close),
    );
    fc.assert(fc.property(arb, parsesOrRefuses), { numRuns: Math.min(RUNS, 200) });
    assert.ok(parsesOrRefuses('['.repeat(100000) + ']'.repeat(100000)));
  });
});
