/**
 * The one entry the CLI, the extension and the webview use: "the k-th dropout call after
 * torch.manual_seed(seed)" on a tensor, with PyTorch's outcome.
 */

import { executeDropout, planDropout, type DropoutOptions, type DropoutResult, type Variant } from './dropout';
import type { Build } from './builds';
import { TorchError } from './errors';
import { mklForCall } from './mkl';
import { pyStrRepr } from './pyformat';
import { MT19937 } from './rng';
import type { Tensor } from './tensor';

/**
 * A seed as `torch.manual_seed` takes it: an integer from -2^63 to 2^64-1 (a negative one wraps
 * to its two's complement, as PyTorch does). A number must be a safe integer; seeds beyond 2^53
 * come as a bigint or a decimal string. Results carry the seed as a canonical decimal string,
 * which survives JSON (webview messages, `--json`) exactly.
 */
export type Seed = number | bigint | string;

export interface RunOptions extends DropoutOptions {
  /** Whose masks (builds.ts); default `default`. */
  build?: Build;
  /** Default `dropout`. */
  variant?: Variant;
  /** Default: a fresh seed (see `freshSeed`), reported in the result so the run can be repeated. */
  seed?: Seed;
  /**
   * 1-based: the k-th call of the same variant and options on this input after the seed (default 1),
   * up to MAX_CALL. Calls 1..k-1 only advance the generator; for `inplace` they are taken not to
   * change the input, so call k always sees the values given. Their draws (two generator outputs
   * per noise element per call) are skipped by the generator's jump-ahead, so any k is as quick.
   */
  call?: number;
  /**
   * Generator outputs other code drew after the seed before call 1 (a `randn`, a layer's
   * initialisation: replay counts them), 0 to MAX_CALL; default 0. Skipped by the same jump-ahead.
   */
  drawn?: number;
}

export interface RunResult extends DropoutResult {
  readonly variant: Variant;
  /** Canonical decimal form of the seed used. */
  readonly seed: string;
  readonly call: number;
}

/**
 * The largest call index: the largest integer a number holds exactly (2^53 - 1), so a call index
 * survives JSON, the panel's state and `--json` unchanged. The jump-ahead makes every call from
 * 1 to it equally quick.
 */
export const MAX_CALL = Number.MAX_SAFE_INTEGER;

/** Whether `call` is a call index runDropout accepts: an integer from 1 to MAX_CALL. */
export function isCallIndex(call: unknown): call is number {
  return typeof call === 'number' && Number.isInteger(call) && call >= 1 && call <= MAX_CALL;
}

/** Whether `drawn` is a count runDropout accepts: an integer from 0 to MAX_CALL. */
export function isDrawCount(drawn: unknown): drawn is number {
  return typeof drawn === 'number' && Number.isInteger(drawn) && drawn >= 0 && drawn <= MAX_CALL;
}

const MIN_SEED = -(2n ** 63n);
const MAX_SEED = 2n ** 64n - 1n;

/**
 * The seed as the integer `int(seed)` gives; PyTorch's errors for text that is no integer
 * (`ValueError: invalid literal for int() ...`) and for integers outside its 64-bit range.
 */
export function parseSeed(seed: Seed): bigint {
  let value: bigint;
  if (typeof seed === 'bigint') {
    value = seed;
  } else if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`a number seed must be a safe integer (got ${seed}); pass a bigint or a string`);
    value = BigInt(seed);
  } else {
    // int()'s decimal syntax: surrounding whitespace, a sign, and single underscores between digits.
    const text = seed.trim();
    if (!/^[+-]?\d+(_\d+)*$/.test(text)) throw new TorchError('ValueError', `invalid literal for int() with base 10: ${pyStrRepr(seed)}`);
    value = BigInt(text.replace(/_/g, ''));
  }
  if (value < MIN_SEED || value > MAX_SEED) throw new TorchError('RuntimeError', 'Overflow when unpacking long');
  return value;
}

/**
 * A fresh seed, from the platform's cryptographic generator (Node and browsers alike). 32 bits,
 * because manual_seed uses only the low 32 bits anyway and a short seed is easier to retype.
 */
export function freshSeed(): string {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return String(word[0]);
}

/** Runs the call; throws `DropoutError` (a TorchError) with PyTorch's text where PyTorch raises. */
export function runDropout(input: Tensor, options: RunOptions = {}): RunResult {
  const variant = options.variant ?? 'dropout';
  const call = options.call ?? 1;
  if (!isCallIndex(call)) throw new RangeError(`call must be an integer from 1 to ${MAX_CALL} (got ${call})`);
  const drawn = options.drawn ?? 0;
  if (!isDrawCount(drawn)) throw new RangeError(`drawn must be an integer from 0 to ${MAX_CALL} (got ${drawn})`);
  const seed = parseSeed(options.seed ?? freshSeed());
  const plan = planDropout(variant, input, options);
  if (options.build === 'x86-mkl') return { ...executeDropout(plan, input, mklForCall(seed, call, drawn)), variant, seed: seed.toString(), call };
  const rng = new MT19937(seed);
  // Every earlier call drew the same number of noise elements, two generator outputs each; the
  // product can pass 2^53, hence a bigint.
  rng.skip(BigInt(drawn) + 2n * BigInt(plan.units) * BigInt(call - 1));
  return { ...executeDropout(plan, input, rng), variant, seed: seed.toString(), call };
}
