/**
 * The float32 log and sin/cos PyTorch's x86-64 `randn` uses for 16+ elements (AVX2 kernel,
 * aten/src/ATen/native/cpu/avx_mathfun.h: Cephes polynomials after Julien Pommier's
 * sse_mathfun, zlib licence), one lane at a time: every step rounded to float32 as the vector
 * instructions round it, with the fused multiply-adds the compiler made, so the values match
 * PyTorch 1.13 and 2.13 on x86-64 bit for bit.
 */

const f = Math.fround;

/**
 * A float32 fused multiply-add: the product of two float32 values is exact in a double, so only
 * the sum rounds (twice, double then float32, which differs from one rounding only on exact
 * double-rounding ties). GCC contracts some of the kernel's multiply-then-add pairs into FMA
 * instructions; which ones was settled against both oracles (every other choice mismatches).
 */
function fma(a: number, b: number, c: number): number {
  return f(a * b + c);
}
const buf = new ArrayBuffer(4);
const asFloat = new Float32Array(buf);
const asInt = new Int32Array(buf);

const SQRTHF = f(0.7071067811865476);
const LOG_P = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(f);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);
const MIN_NORM = 1.1754943508222875e-38;

/** Natural log of a positive float32 (PyTorch only calls it on 1 - u, in (0, 1]). */
export function log32(v: number): number {
  asFloat[0] = Math.max(v, MIN_NORM);
  const bits = asInt[0];
  let e = f(((bits >>> 23) - 0x7f) + 1);
  // The mantissa with the exponent of 0.5: x in [0.5, 1).
  asInt[0] = (bits & ~0x7f800000) | 0x3f000000;
  let x = asFloat[0];
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = f(x - 1);
  e = f(e - (small ? 1 : 0));
  x = f(x + tmp);
  const z = f(x * x);
  let y = LOG_P[0];
  for (let i = 1; i < LOG_P.length; i++) y = fma(y, x, LOG_P[i]);
  y = f(y * x);
  y = fma(y, z, f(e * LOG_Q1));
  y = f(y - f(z * 0.5));
  x = f(x + y);
  return f(x + f(e * LOG_Q2));
}

const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.774894977445941e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const FOPI = f(1.27323954473516);

/** [sin, cos] of a float32 angle (PyTorch's angles are 2*pi*u, in [0, 2*pi)). */
export function sincos32(v: number): [number, number] {
  let x = Math.abs(v);
  const signSin = v < 0 || Object.is(v, -0);
  // The octant, rounded up to even, as Cephes does.
  let j = Math.trunc(f(x * FOPI));
  j = (j + 1) & ~1;
  const y0 = f(j);
  x = f(x + f(y0 * DP1));
  x = f(x + f(y0 * DP2));
  x = f(x + f(y0 * DP3));
  const flipSin = signSin !== ((j & 4) !== 0);
  const flipCos = ((j - 2) & 4) === 0;
  const usePolyCos = (j & 2) === 0;
  const z = f(x * x);
  let c = COS_P[0];
  c = f(f(c * z) + COS_P[1]);
  c = fma(c, z, COS_P[2]);
  c = f(c * z);
  c = fma(c, z, -f(z * 0.5));
  c = f(c + 1);
  let s = SIN_P[0];
  s = f(f(s * z) + SIN_P[1]);
  s = fma(s, z, SIN_P[2]);
  s = f(s * z);
  s = fma(s, x, x);
  // Both polynomials are computed; the octant picks which one is the sine. Adding +0 (the other
  // lane of the select) turns -0 into +0, as the kernel's add does.
  const sinV = (usePolyCos ? s : c) + 0;
  const cosV = (usePolyCos ? c : s) + 0;
  return [flipSin ? -sinV : sinV, flipCos ? -cosV : cosV];
}
