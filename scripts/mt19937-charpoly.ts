/**
 * Prints the exponents of the terms of MT19937's characteristic polynomial P(x) below x^19937,
 * the list src/core/jump.ts embeds (CHAR_POLY_LOW_TERMS):
 *   npm run compile-tests && node out/scripts/mt19937-charpoly.js
 * Berlekamp-Massey over GF(2) on bit 0 of 2 * 19937 outputs gives the minimal polynomial of that
 * sequence, which is P: P is irreducible, so every non-zero output bit sequence has it. Takes a
 * second or two (quadratic, one bit per byte); the jump never runs it.
 */
import { MT_DEGREE } from '../src/core/jump';
import { MT19937 } from '../src/core/rng';

/** The connection polynomial C (C[0] = 1) of the shortest LFSR that generates `s`, and its length L. */
function berlekampMassey(s: Uint8Array): { c: Uint8Array; length: number } {
  const n = s.length;
  let c = new Uint8Array(n + 1);
  let b = new Uint8Array(n + 1);
  c[0] = b[0] = 1;
  let length = 0;
  let m = 1;
  for (let k = 0; k < n; k++) {
    let d = s[k];
    for (let i = 1; i <= length; i++) d ^= c[i] & s[k - i];
    if (d === 0) {
      m++;
      continue;
    }
    const before = c.slice();
    for (let i = 0; i + m <= n; i++) c[i + m] ^= b[i];
    if (2 * length <= k) {
      length = k + 1 - length;
      b = before;
      m = 1;
    } else {
      m++;
    }
  }
  c = c.subarray(0, length + 1);
  return { c, length };
}

const g = new MT19937(5489);
const bits = Uint8Array.from({ length: 2 * MT_DEGREE }, () => g.nextU32() & 1);
const { c, length } = berlekampMassey(bits);
if (length !== MT_DEGREE) throw new Error(`linear complexity ${length}, expected ${MT_DEGREE}`);
// P(x) = x^L C(1/x): C's coefficient i is P's coefficient L - i.
const low: number[] = [];
for (let i = length; i > 0; i--) if (c[i]) low.push(length - i);
console.log(JSON.stringify(low));
