/**
 * Statistics the panel and the hover show: what one call did, what many calls do on average
 * (Monte-Carlo over the same seeded stream), and the exact Binomial law of the dropped count.
 * Sums and means are computed in double; they describe the tensors, they are not PyTorch output.
 */

import { applyNoise, executeDropout, planDropout, type DropoutPlan, type DropoutResult, type NoiseSource } from './dropout';
import { MklBernoulli } from './mkl';
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

interface MonteCarloOptions extends RunOptions {
  /** Number of calls simulated: calls 1..draws after the seed (draw i is exactly `call: i`). */
  draws: number;
}

export interface MonteCarloResult {
  /** Calls simulated so far (all of them for `monteCarlo`). */
  readonly draws: number;
  readonly seed: string;
  /**
   * What the histogram counts: noise elements (channels for feature variants) when noise is
   * drawn, else tensor elements (all kept for `identity`, all dropped for `zeros`).
   */
  readonly units: number;
  /** histogram[k] = number of draws that dropped exactly k units; length units + 1. */
  readonly droppedHistogram: Float64Array;
  /** Per element, the mean of the output over the draws (NaN before the first one). */
  readonly meanOutput: Float64Array;
  /** Kept units over all draws / (draws * units); NaN before the first draw. */
  readonly keepRate: number;
}

/** Per-unit kept counts are 32-bit: more calls than this could wrap them. */
export const MAX_DRAWS = 0xffffffff;

/**
 * An incremental Monte-Carlo: calls 1, 2, ... after `torch.manual_seed(seed)`, simulated a few
 * at a time with one generator (so `run(a); run(b)` draws exactly what `run(a + b)` draws), with
 * its result so far available between runs. It does not build the calls' outputs: it counts,
 * per noise element, how often it was kept, and derives the means from the two values each
 * element can take. Cost: one Bernoulli draw and one add per noise element and call.
 */
export class MonteCarlo {
  readonly seed: string;
  /** What the histogram counts (see `MonteCarloResult.units`). */
  readonly units: number;
  private done = 0;
  private keptTotal = 0;
  private readonly plan: DropoutPlan;
  private readonly rng: NoiseSource;
  private readonly histogram: Float64Array;
  private readonly mask: Uint8Array;
  private readonly keptCount: Uint32Array;
  /** The value of every element when kept and when dropped, by the call's own arithmetic. */
  private readonly whenKept: Float32Array | Float64Array;
  private readonly whenDropped: Float32Array | Float64Array;

  /** Throws PyTorch's error when the call itself raises. */
  constructor(input: Tensor, options: RunOptions) {
    const seedValue = parseSeed(options.seed ?? freshSeed());
    this.seed = seedValue.toString();
    // The calls draw as the chosen build's generator does (options.build, builds.ts).
    this.rng = options.build === 'x86-mkl' ? new MklBernoulli(new MT19937(seedValue)) : new MT19937(seedValue);
    // The simulated calls never write the input; in-place only changes where PyTorch stores the result.
    const plan = planDropout(options.variant ?? 'dropout', input, { ...options, inplace: false });
    this.plan = plan;
    const n = input.data.length;
    const random = plan.mode === 'random';
    this.units = random ? plan.units : n;
    this.histogram = new Float64Array(this.units + 1);
    this.mask = new Uint8Array(random ? plan.units : 0);
    this.keptCount = new Uint32Array(this.mask.length);
    const values = (): Float32Array | Float64Array => new (input.dtype === 'float32' ? Float32Array : Float64Array)(n);
    if (random) {
      this.whenKept = values();
      this.whenDropped = values();
      applyNoise(plan, input.data, new Uint8Array(plan.units).fill(1), this.whenKept);
      applyNoise(plan, input.data, new Uint8Array(plan.units), this.whenDropped);
    } else {
      // Every call gives the same output, and draws nothing.
      this.whenKept = this.whenDropped = Float64Array.from(executeDropout(plan, input, this.rng).output.data);
    }
  }

  /** Calls simulated so far. */
  get draws(): number {
    return this.done;
  }

  /** Simulates the next `calls` calls. */
  run(calls: number): void {
    if (!Number.isSafeInteger(calls) || calls < 0 || this.done + calls > MAX_DRAWS) {
      throw new RangeError(`calls must be an integer >= 0, and ${MAX_DRAWS} calls at most in all (got ${calls} after ${this.done})`);
    }
    const { plan, histogram, mask, keptCount, units } = this;
    if (plan.mode !== 'random') {
      histogram[plan.mode === 'identity' ? 0 : units] += calls;
      this.done += calls;
      return;
    }
    const q = 1 - plan.p;
    for (let d = 0; d < calls; d++) {
      const kept = this.rng.bernoulli(q, mask);
      this.keptTotal += kept;
      histogram[units - kept]++;
      for (let u = 0; u < units; u++) keptCount[u] += mask[u];
    }
    this.done += calls;
  }

  /** The statistics of the calls simulated so far (copies: later runs do not change them). */
  result(): MonteCarloResult {
    const { done, whenKept, whenDropped, keptCount } = this;
    const n = whenKept.length;
    const meanOutput = new Float64Array(n);
    if (this.plan.mode !== 'random') {
      meanOutput.set(whenKept);
      if (done === 0) meanOutput.fill(NaN);
    } else {
      const block = this.plan.block;
      for (let i = 0; i < n; i++) {
        const k = keptCount[Math.floor(i / block)];
        // Terms with a zero count are left out, so that an infinite value never drawn adds no nan.
        const keptPart = k === 0 ? 0 : k * whenKept[i];
        const droppedPart = k === done ? 0 : (done - k) * whenDropped[i];
        meanOutput[i] = (keptPart + droppedPart) / done;
      }
    }
    return {
      draws: done,
      seed: this.seed,
      units: this.units,
      droppedHistogram: this.histogram.slice(),
      meanOutput,
      keepRate: this.plan.mode === 'random' ? this.keptTotal / (done * this.units) : done === 0 ? NaN : this.plan.mode === 'identity' ? 1 : 0,
    };
  }
}

/** Simulates calls 1..draws after the seed in one go (see `MonteCarlo`). */
export function monteCarlo(input: Tensor, options: MonteCarloOptions): MonteCarloResult {
  const draws = options.draws;
  if (!Number.isSafeInteger(draws) || draws < 1) throw new RangeError(`draws must be an integer >= 1 (got ${draws})`);
  const mc = new MonteCarlo(input, options);
  mc.run(draws);
  return mc.result();
}

interface BinomialLaw {
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
