/**
 * MT19937 jump-ahead (Haramoto, Matsumoto, Nishimura, Panneton, L'Ecuyer, "Efficient jump ahead
 * for F2-linear random number generators", 2008): advancing the generator by J outputs is
 * applying g(A) to its state, where A is one step of the recurrence and g(x) = x^J mod P(x), P
 * being the characteristic polynomial of A. This file computes g; rng.ts applies it to a state.
 * Polynomials are bit arrays: coefficient i is bit (i & 31) of word i >> 5.
 */

/** Degree of P: the state has 19937 bits (the top bit of one word and 623 whole words). */
export const MT_DEGREE = 19937;
/** Words of a polynomial of degree below MT_DEGREE. */
const POLY_WORDS = (MT_DEGREE + 31) >> 5;

/**
 * The exponents of P's terms below x^19937 (it has 135 terms in all). Made by
 * scripts/mt19937-charpoly.ts (Berlekamp-Massey on the generator's output bits); the unit tests
 * check that P annihilates the output sequence, which pins it down as P is irreducible.
 */
export const CHAR_POLY_LOW_TERMS: readonly number[] = [
  0, 1189, 1416, 1585, 1643, 1870, 2493, 2773, 3000, 3227, 3454, 3681, 3908, 4135, 4362, 4753, 5661, 6337, 6569, 7129,
  7477, 7525, 7583, 7752, 7979, 8206, 9505, 9901, 9969, 10128, 10693, 10761, 10920, 11089, 11147, 11157, 11215, 11321,
  11374, 11384, 11485, 11611, 11712, 11717, 11838, 11881, 11944, 11997, 12277, 12335, 12393, 12504, 12509, 12620, 12673,
  12731, 12736, 12789, 12905, 12958, 12963, 13137, 13185, 13190, 13243, 13301, 13412, 13528, 13533, 13639, 13697, 13760,
  13813, 13866, 14093, 14151, 14209, 14320, 14325, 14436, 14547, 14552, 14605, 14721, 14774, 14779, 14953, 15001, 15006,
  15059, 15117, 15228, 15344, 15349, 15455, 15513, 15576, 15629, 15682, 15909, 15967, 16025, 16136, 16141, 16252, 16363,
  16368, 16421, 16537, 16590, 16595, 16817, 16822, 16875, 16933, 17044, 17160, 17271, 17329, 17445, 17498, 17725, 17783,
  17841, 17952, 18068, 18179, 18237, 18406, 18633, 18691, 18860, 19087, 19314,
];

/** The word that holds x^MT_DEGREE's bit, and that bit. */
const TOP_WORD = MT_DEGREE >> 5;
const TOP_BIT = MT_DEGREE & 31;

/**
 * spread()[b]: the 8 bits of b moved to the even bits of 16 (squaring over GF(2) doubles every
 * exponent). Built on the first jump, not at import: the extension host loads this module at
 * activation, and most sessions never jump.
 */
let spreadTable: Uint16Array | undefined;
function spread(): Uint16Array {
  if (spreadTable) return spreadTable;
  spreadTable = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let v = 0;
    for (let i = 0; i < 8; i++) v |= ((b >> i) & 1) << (2 * i);
    spreadTable[b] = v;
  }
  return spreadTable;
}

/** a ^= v * x^offset, where v is a 32-bit word and offset >= 0. */
function xorAt(a: Int32Array, v: number, offset: number): void {
  const w = offset >> 5;
  const shift = offset & 31;
  a[w] ^= v << shift;
  if (shift !== 0) a[w + 1] ^= v >>> (32 - shift);
}

/**
 * Reduces `wide` (degree < 2 * MT_DEGREE) modulo P in place, using x^19937 = sum of the low
 * terms. Words are folded from the top down; P's low terms all lie more than a word below its
 * degree, so a folded word only ever lands in words below it.
 */
function reduce(wide: Int32Array): void {
  const terms = CHAR_POLY_LOW_TERMS;
  for (let w = wide.length - 1; w > TOP_WORD; w--) {
    const v = wide[w];
    if (v === 0) continue;
    wide[w] = 0;
    const base = 32 * w - MT_DEGREE;
    for (let k = 0; k < terms.length; k++) xorAt(wide, v, base + terms[k]);
  }
  const v = wide[TOP_WORD] >>> TOP_BIT;
  if (v === 0) return;
  wide[TOP_WORD] &= (1 << TOP_BIT) - 1;
  for (let k = 0; k < terms.length; k++) xorAt(wide, v, terms[k]);
}

/** a^2 mod P, for a of degree below MT_DEGREE. */
function squareMod(a: Int32Array): Int32Array {
  const wide = new Int32Array(2 * POLY_WORDS);
  const table = spread();
  for (let w = 0; w < POLY_WORDS; w++) {
    const v = a[w];
    if (v === 0) continue;
    wide[2 * w] = table[v & 0xff] | (table[(v >>> 8) & 0xff] << 16);
    wide[2 * w + 1] = table[(v >>> 16) & 0xff] | (table[v >>> 24] << 16);
  }
  reduce(wide);
  return wide.subarray(0, POLY_WORDS);
}

/** a * x mod P, in place. */
function timesX(a: Int32Array): void {
  let carry = 0;
  for (let w = 0; w < POLY_WORDS; w++) {
    const v = a[w];
    a[w] = (v << 1) | carry;
    carry = v >>> 31;
  }
  if ((a[TOP_WORD] >>> TOP_BIT) & 1) {
    a[TOP_WORD] ^= 1 << TOP_BIT;
    for (const t of CHAR_POLY_LOW_TERMS) a[t >> 5] ^= 1 << (t & 31);
  }
}

/** x^distance mod P(x), as POLY_WORDS words: the jump polynomial for `distance` steps. */
export function jumpPolynomial(distance: bigint): Int32Array {
  if (distance < 0n) throw new RangeError(`distance must be >= 0 (got ${distance})`);
  // Start from x^e for the longest leading part e of the exponent that needs no reduction,
  // then square-and-multiply over the remaining bits.
  const bits = distance.toString(2);
  let used = 0;
  let e = 0;
  while (used < bits.length && 2 * e + Number(bits[used]) < MT_DEGREE) e = 2 * e + Number(bits[used++]);
  let g: Int32Array = new Int32Array(POLY_WORDS);
  g[e >> 5] = 1 << (e & 31);
  for (; used < bits.length; used++) {
    g = squareMod(g);
    if (bits[used] === '1') timesX(g);
  }
  return g;
}
