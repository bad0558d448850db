import * as assert from 'assert';
import { pyFloatRepr } from '../../src/core/pyformat';

// Expected strings are what CPython 3.11's repr() prints for the same doubles.
const CASES: [number, string][] = [
  [1.5, '1.5'], [1, '1.0'], [-2, '-2.0'], [0, '0.0'], [-0, '-0.0'], [0.1, '0.1'],
  [1e-5, '1e-05'], [0.0001, '0.0001'], [1e16, '1e+16'], [1e15, '1000000000000000.0'],
  [1.2345678901234568e17, '1.2345678901234568e+17'], [1.5e-7, '1.5e-07'], [2.5e300, '2.5e+300'],
  [NaN, 'nan'], [Infinity, 'inf'], [-Infinity, '-inf'], [0.30000000000000004, '0.30000000000000004'],
  [100.25, '100.25'], [5e-324, '5e-324'],
];

describe('pyFloatRepr', () => {
  for (const [x, s] of CASES) {
    it(`repr(${s})`, () => assert.strictEqual(pyFloatRepr(x), s));
  }
});
