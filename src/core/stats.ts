/**
 * Statistics the panel and the hover show: what one call did, what many calls do on average
 * (Monte-Carlo over the same seeded stream), and the exact Binomial law of the dropped count.
 * Sums and means are computed in double; they describe the tensors, they are not PyTorch output.
 */

import { applyNoise, executeDropout, planDropout, type DropoutResult } from './dropout';
import { MT19937 } from './rng';
import { parseSeed, freshSeed, type RunOptions } from './run';
import type { Tensor } from './tensor';

export interface CallSummary {
  readonly elements: number;
  /** Elements whose noise was 1 (all of them for `identity`, none for `zeros`). */
  readonly keptElements: number;
  readonly droppedElements: number;
  /** Noise elements drawn (channels for the feature variants) and how many of them were 1. */
  readonly units: number;
  readonly keptUnits: number;
  /** Fraction of output elements equal to zero (either sign); NaN for an empty tensor. */
  readonly zeroFraction: number;
  readonly inputMean: number;
  readonly outputMean: number;
}

/** Mean in double; NaN for no elements, as `torch.mean` of an empty tensor. */
export function mean(data: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  return sum / data.length;
}

/**
 * Summary of one call. `inputBefore` holds the input's values before the call: for an in-place
 * call `result.input` holds the output already, so the caller keeps a copy.
 */
export function summarize(result: DropoutResult, inputBefore: ArrayLike<number> = result.input.data): CallSummary {
  const out = result.output.data;
  const n = out.length;
  const { mode, units, block } = result.plan;
  const keptElements = mode === 'identity' ? n : mode === 'zeros' ? 0 : result.kept * block;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (out[i] === 0) zeros++;
  return {
    elements: n,
    keptElements,
    droppedElements: n - keptElements,
    units,
    keptUnits: result.kept,
    zeroFraction: zeros / n,
    inputMean: mean(inputBefore),
    outputMean: mean(out),
  };
}

export interface MonteCarloOptions extends RunOptions {
  /** Number of calls simulated: calls 1..draws after the seed (draw i is exactly `call: i`). */
  draws: number;
}

export interface MonteCarloResult {
  readonly draws: number;
  readonly seed: string;
  /**
   * What the histogram counts: noise elements (channels for feature variants) when noise is
   * drawn, else tensor elements (all kept for `identity`, all dropped for `zeros`).
   */
  readonly units: number;
  /** histogram[k] = number of draws that dropped exactly k units; length units + 1. */
  readonly droppedHistogram: Float64Array;
  /** Per element, the mean of the output over the draws. */
  readonly meanOutput: Float64Array;
  /** Kept units over all draws / (draws * units). */
  readonly keepRate: number;
}

/**
 * Simulates `draws` successive calls with one generator, without building their outputs: it
 * counts, per noise element, how often it was kept, and derives the means from the two values
 * each element can take. Cost: one Bernoulli draw and one add per noise element and draw.
 */
export function monteCarlo(input: Tensor, options: MonteCarloOptions): MonteCarloResult {
  const draws = options.draws;
  if (!Number.isSafeInteger(draws) || draws < 1) throw new RangeError(`draws must be an integer >= 1 (got ${draws})`);
  const seedValue = parseSeed(options.seed ?? freshSeed());
  // The simulated calls never write the input; in-place only changes where PyTorch stores the result.
  const plan = planDropout(options.variant ?? 'dropout', input, { ...options, inplace: false });
  const n = input.data.length;
  const rng = new MT19937(seedValue);
  const seed = seedValue.toString();

  if (plan.mode !== 'random') {
    const once = executeDropout(plan, input, rng).output.data;
    const histogram = new Float64Array(n + 1);
    const keptAll = plan.mode === 'identity';
    histogram[keptAll ? 0 : n] = draws;
    return { draws, seed, units: n, droppedHistogram: histogram, meanOutput: Float64Array.from(once), keepRate: keptAll ? 1 : 0 };
  }

  const units = plan.units;
  const mask = new Uint8Array(units);
  const keptCount = new Uint32Array(units);
  const histogram = new Float64Array(units + 1);
  const q = 1 - plan.p;
  let keptTotal = 0;
  for (let d = 0; d < draws; d++) {
    const kept = rng.bernoulli(q, mask);
    keptTotal += kept;
    histogram[units - kept]++;
    for (let u = 0; u < units; u++) keptCount[u] += mask[u];
  }

  // The value of every element when kept and when dropped, by the call's own arithmetic.
  const whenKept = new (input.dtype === 'float32' ? Float32Array : Float64Array)(n);
  const whenDropped = new (input.dtype === 'float32' ? Float32Array : Float64Array)(n);
  applyNoise(plan, input.data, mask.fill(1), whenKept);
  applyNoise(plan, input.data, mask.fill(0), whenDropped);
  const meanOutput = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = keptCount[Math.floor(i / plan.block)];
    // Terms with a zero count are left out, so that an infinite value never drawn adds no nan.
    const keptPart = k === 0 ? 0 : k * whenKept[i];
    const droppedPart = k === draws ? 0 : (draws - k) * whenDropped[i];
    meanOutput[i] = (keptPart + droppedPart) / draws;
  }
  return { draws, seed, units, droppedHistogram: histogram, meanOutput, keepRate: keptTotal / (draws * units) };
}

export interface BinomialLaw {
  /** probs[j] = P(X = start + j); outside the window every probability is below 1e-320. */
  readonly start: number;
  readonly probs: Float64Array;
}

/**
 * The Binomial(n, p) probabilities, stable for any n: log-ratios of successive terms are summed
 * outward from the mode (where the relative weight is 1), so nothing overflows and no lgamma
 * approximation enters; the weights are then normalised. The window stops where the weights
 * underflow, about 38 standard deviations from the mode, so it costs O(sqrt(n p (1-p))).
 */
export function binomial(n: number, p: number): BinomialLaw {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0 (got ${n})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1] (got ${p})`);
  if (p === 0 || p === 1 || n === 0) return { start: p === 1 ? n : 0, probs: Float64Array.of(1) };
  const LOG_TINY = -745; // exp() below this is 0 in double
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logOdds = Math.log(p) - Math.log1p(-p);
  const up: number[] = [];
  for (let k = mode + 1, w = 0; k <= n; k++) {
    w += Math.log((n - k + 1) / k) + logOdds;
    if (w < LOG_TINY) break;
    up.push(w);
  }
  const down: number[] = [];
  for (let k = mode - 1, w = 0; k >= 0; k--) {
    w += Math.log((k + 1) / (n - k)) - logOdds;
    if (w < LOG_TINY) break;
    down.push(w);
  }
  const start = mode - down.length;
  const probs = new Float64Array(down.length + 1 + up.length);
  for (let j = 0; j < down.length; j++) probs[down.length - 1 - j] = Math.exp(down[j]);
  probs[down.length] = 1;
  for (let j = 0; j < up.length; j++) probs[down.length + 1 + j] = Math.exp(up[j]);
  // Each side from its tail toward the mode: smallest weights first, so the tails are not lost.
  let total = 0;
  for (let j = 0; j <= down.length; j++) total += probs[j];
  for (let j = probs.length - 1; j > down.length; j--) total += probs[j];
  for (let j = 0; j < probs.length; j++) probs[j] /= total;
  return { start, probs };
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(n: number, p: number, k: number): number {
  const { start, probs } = binomial(n, p);
  return k >= start && k < start + probs.length ? probs[k - start] : 0;
}

/**
 * The central interval [low, high] holding at least `level` of Binomial(n, p): `low` is the
 * (1-level)/2 quantile and `high` the (1+level)/2 quantile (smallest k whose CDF reaches it, as
 * scipy's `binom.ppf`). The upper tail is summed from the right, so it keeps its precision.
 * E.g. n = 100, p = 0.2: 95% of runs drop between 12 and 28 elements.
 */
export function binomialInterval(n: number, p: number, level = 0.95): { low: number; high: number } {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`);
  const { start, probs } = binomial(n, p);
  const tail = (1 - level) / 2;
  let low = start;
  for (let j = 0, cdf = 0; j < probs.length; j++) {
    cdf += probs[j];
    if (cdf >= tail) {
      low = start + j;
      break;
    }
  }
  // high = smallest k with P(X > k) <= tail.
  let high = start + probs.length - 1;
  for (let j = probs.length - 1, above = 0; j > 0; j--) {
    above += probs[j];
    if (above > tail) break;
    high = start + j - 1;
  }
  return { low, high };
}
