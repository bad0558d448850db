// Real PyTorch outcomes of dropout calls, written by scripts/fixtures/gen_dropout.py (1.13) and
// gen_mkl.py (2.6's x86-64 MKL build); encodings documented there; read by the dropout, MKL and CLI suites.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { executeDropout, planDropout, type DropoutOptions, type DropoutResult, type NoiseSource, type Variant } from '../../src/core/dropout';
import { makeTensor, type DType, type Tensor } from '../../src/core/tensor';

/** A tensor as little-endian IEEE / int64 / bool bytes in hex. */
export interface FixtureTensor {
  shape: number[];
  dtype: DType;
  hex: string;
}

export interface DropoutCase {
  name: string;
  variant: Variant;
  p: number | 'nan' | 'inf' | '-inf';
  pIsInt: boolean;
  seed: string;
  call: number;
  training: boolean;
  inplace: boolean;
  input: FixtureTensor & { requiresGrad: boolean };
  warnings: string[];
  error?: { type: string; message: string };
  output?: FixtureTensor & { requiresGrad: boolean; gradFn: string | null };
  sameAsInput?: boolean;
  repr?: string;
  inputAfter?: FixtureTensor;
  inputAfterRepr?: string;
  mask?: { shape: number[]; bits: string } | null;
}

/** The cases of a fixture file under test/fixtures/pytorch/ written by a dropout generator. */
export function loadDropoutCases(file: string): DropoutCase[] {
  const fixture = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', file);
  return (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { cases: DropoutCase[] }).cases;
}

export const DROPOUT_CASES: DropoutCase[] = loadDropoutCases('dropout.json');

const WIDTH: Record<DType, number> = { float32: 4, float64: 8, int64: 8, bool: 1 };

/** The values of a fixture tensor, exactly. */
export function decode(t: FixtureTensor): number[] {
  const bytes = Buffer.from(t.hex, 'hex');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let o = 0; o < bytes.length; o += WIDTH[t.dtype]) {
    if (t.dtype === 'float32') out.push(view.getFloat32(o, true));
    else if (t.dtype === 'float64') out.push(view.getFloat64(o, true));
    else if (t.dtype === 'int64') out.push(Number(view.getBigInt64(o, true)));
    else out.push(view.getUint8(o));
  }
  return out;
}

export function fixtureTensor(t: FixtureTensor & { requiresGrad: boolean }): Tensor {
  return makeTensor({ shape: t.shape, dtype: t.dtype, data: decode(t), requiresGrad: t.requiresGrad });
}

/** One call of `variant` on `rng`: successive calls draw from one generator, as in Python. */
export function applyDropout(variant: Variant, input: Tensor, rng: NoiseSource, options: DropoutOptions = {}): DropoutResult {
  return executeDropout(planDropout(variant, input, options), input, rng);
}

/** Element-wise identity of values: the same bits, -0 apart from 0; any nan matches any nan. */
export function assertSameValues(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) assert.fail(`${what}[${i}]: got ${a}, PyTorch ${e}`);
  }
}
