/**
 * The six dropout functions of PyTorch 1.13, as `torch.nn.functional` and ATen's Dropout.cpp
 * run them on the CPU: the same checks in the same order, the same warnings, the same noise
 * drawn from the generator, and the same float32/float64 arithmetic.
 */

import { TorchError, type PyErrorType } from './errors';
import { pyNumberStr } from './pyformat';
import { allocate, numel, type Tensor } from './tensor';

export type Variant = 'dropout' | 'dropout1d' | 'dropout2d' | 'dropout3d' | 'alpha_dropout' | 'feature_alpha_dropout';

export const VARIANTS: readonly Variant[] = ['dropout', 'dropout1d', 'dropout2d', 'dropout3d', 'alpha_dropout', 'feature_alpha_dropout'];

/** The `torch.nn` module of each variant, as user code writes it. */
export const MODULE_NAMES: Readonly<Record<Variant, string>> = {
  dropout: 'nn.Dropout',
  dropout1d: 'nn.Dropout1d',
  dropout2d: 'nn.Dropout2d',
  dropout3d: 'nn.Dropout3d',
  alpha_dropout: 'nn.AlphaDropout',
  feature_alpha_dropout: 'nn.FeatureAlphaDropout',
};

export interface DropoutOptions {
  /** Probability of dropping an element (or a channel). Default 0.5, as PyTorch. */
  p?: number;
  /**
   * Default true: the behaviour of the nn modules in train mode. `F.alpha_dropout` and
   * `F.feature_alpha_dropout` default to `training=False`; a caller reading such a call passes it.
   */
  training?: boolean;
  inplace?: boolean;
  /** p was written as a Python int (`2`, `-1`): PyTorch's message then prints it without `.0`. */
  pIsInt?: boolean;
}

/**
 * What one call does, decided before any random number is drawn:
 * - `identity`: p == 0, eval mode or an empty input; the input comes back unchanged.
 * - `zeros`: p == 1; the output is `x * 0` (so nan/inf stay nan, negatives become -0).
 * - `random`: one Bernoulli(1-p) draw per noise element.
 */
type DropoutMode = 'identity' | 'zeros' | 'random';

export interface DropoutPlan {
  readonly variant: Variant;
  readonly p: number;
  readonly training: boolean;
  readonly inplace: boolean;
  readonly mode: DropoutMode;
  /** Warnings PyTorch emits for this call (`warnings.warn` texts), in order. */
  readonly warnings: readonly string[];
  /**
   * Shape of the 0/1 noise, in the input's rank: the input's shape for element-wise dropout,
   * (N, C, 1, ...) for the feature variants ((C, 1, ...) for an unbatched input, whose batch
   * dimension of one PyTorch adds and removes again). Null unless `mode` is `random`.
   */
  readonly noiseShape: readonly number[] | null;
  /** Noise elements drawn (two 32-bit generator outputs each, in the default build); 0 unless `mode` is `random`. */
  readonly units: number;
  /** Consecutive row-major input elements sharing one noise element. */
  readonly block: number;
  /** A kept element becomes `x * scale + shift.kept`, a dropped one `x * 0 + shift.dropped`. */
  readonly scale: number;
  readonly shift: { readonly kept: number; readonly dropped: number };
  /** Rounded to the dtype: the factors of the arithmetic below, per noise value 0 and 1. */
  readonly mul: readonly [number, number];
  /** Alpha variants only: the additive term b per noise value. */
  readonly add: readonly [number, number] | null;
  /** `grad_fn` of the output when the input requires grad (PyTorch's node name). */
  readonly gradFn: string | undefined;
  /** Unbatched dropout1d/dropout3d input: PyTorch unsqueezes it and squeezes the result. */
  readonly squeezed: boolean;
}

export interface DropoutResult {
  readonly plan: DropoutPlan;
  /** The result; for an in-place call, or `identity` on a batched input, the input object itself. */
  readonly output: Tensor;
  /** 0/1 noise in row-major order of `plan.noiseShape`; null when nothing was drawn. */
  readonly mask: Uint8Array | null;
  /** Noise elements equal to 1 (kept), when drawn. */
  readonly kept: number;
  /** The input after the call: the object passed in, whose data holds the output when in place. */
  readonly input: Tensor;
  readonly warnings: readonly string[];
}

/**
 * What draws a call's noise, as `bernoulli_(keepProb)` on the noise tensor: fills `mask` with 1
 * (kept) or 0 and returns the number kept, advancing the generator as PyTorch's does. MT19937
 * is the draw of builds without MKL's path; MklBernoulli (mkl.ts) that of x86-64 MKL builds.
 */
export interface NoiseSource {
  bernoulli(keepProb: number, mask: Uint8Array): number;
}

/** A PyTorch error from a dropout call, with the warnings PyTorch printed before raising it. */
export class DropoutError extends TorchError {
  constructor(
    pyType: PyErrorType,
    message: string,
    readonly warnings: readonly string[],
  ) {
    super(pyType, message);
  }
}

/** `constexpr double alpha` of ATen's `_dropout_impl`: SELU's -lambda * alpha. */
const SELU_ALPHA = 1.7580993408473766;

const LEAF_INPLACE = 'a leaf Variable that requires grad is being used in an in-place operation.';

/** Channel-wise variants: one noise value per (batch, channel). */
export const isFeature = (v: Variant): boolean => v !== 'dropout' && v !== 'alpha_dropout';
export const isAlpha = (v: Variant): boolean => v === 'alpha_dropout' || v === 'feature_alpha_dropout';

/**
 * Alpha dropout's affine map in double precision: a kept x becomes `a*x + alphaAP`, a dropped
 * one `alphaAP - alphaA`, which keeps SELU activations' mean and variance.
 */
export function alphaConstants(p: number): { a: number; alphaA: number; alphaAP: number } {
  const a = 1 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
  return { a, alphaA: SELU_ALPHA * a, alphaAP: SELU_ALPHA * a * p };
}

/** The checks, warnings and constants of one call, in PyTorch's order; throws PyTorch's errors. */
export function planDropout(variant: Variant, input: Tensor, options: DropoutOptions = {}): DropoutPlan {
  const p = options.p ?? 0.5;
  const training = options.training ?? true;
  const inplace = options.inplace ?? false;
  const warnings: string[] = [];
  const fail = (pyType: PyErrorType, message: string): never => {
    throw new DropoutError(pyType, message, warnings);
  };

  // Python's check in torch/nn/functional.py; nan passes it and fails in ATen below.
  if (p < 0 || p > 1) fail('ValueError', `dropout probability has to be between 0 and 1, but got ${pyNumberStr(p, options.pIsInt ?? false)}`);

  const dim = input.shape.length;
  let squeezed = false;
  if (variant === 'dropout1d') {
    if (dim !== 2 && dim !== 3) {
      fail(
        'RuntimeError',
        `dropout1d: Expected 2D or 3D input, but received a ${dim}D input. Note that dropout1d exists to provide ` +
          'channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch ' +
          'dimension (i.e. 2D or 3D inputs).',
      );
    }
    squeezed = dim === 2;
  } else if (variant === 'dropout2d') {
    if (dim !== 3 && dim !== 4) warnings.push(deprecatedDims('dropout2d', dim, 2, '3D or 4D'));
    if (dim === 3) {
      warnings.push(
        'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - ' +
          'input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future ' +
          'release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D ' +
          'channel-wise dropout behavior, please switch to using dropout1d instead.',
      );
    }
  } else if (variant === 'dropout3d') {
    if (dim !== 4 && dim !== 5) warnings.push(deprecatedDims('dropout3d', dim, 3, '4D or 5D'));
    squeezed = dim !== 5;
  }
  // `input.unsqueeze_(0)` on a leaf that requires grad fails before anything else happens.
  if (squeezed && inplace && input.requiresGrad) fail('RuntimeError', LEAF_INPLACE);

  if (Number.isNaN(p)) fail('RuntimeError', 'dropout probability has to be between 0 and 1, but got nan');

  const workShape = squeezed ? [1, ...input.shape] : input.shape;
  const n = numel(input.shape);
  // The squeeze that ends an unbatched call is the last autograd node PyTorch records.
  const gradFnOf = (node: string | undefined): string | undefined => (input.requiresGrad ? (squeezed ? 'SqueezeBackward1' : node) : undefined);
  const base = { variant, p, training, inplace, warnings, squeezed };

  if (p === 0 || !training || n === 0) {
    return {
      ...base, mode: 'identity', noiseShape: null, units: 0, block: 1, scale: 1, shift: { kept: 0, dropped: 0 },
      mul: [1, 1], add: null, gradFn: gradFnOf(undefined),
    };
  }
  if (p === 1) {
    if (inplace && input.requiresGrad) fail('RuntimeError', LEAF_INPLACE);
    return {
      ...base, mode: 'zeros', noiseShape: null, units: 0, block: 1, scale: 0, shift: { kept: 0, dropped: 0 },
      mul: [0, 0], add: null, gradFn: gradFnOf('MulBackward0'),
    };
  }

  let units = n;
  let noiseShape: number[] = [...input.shape];
  if (isFeature(variant)) {
    if (workShape.length < 2) fail('RuntimeError', 'Feature dropout requires at least 2 dimensions in the input');
    units = workShape[0] * workShape[1];
    noiseShape = workShape.map((d, i) => (i < 2 ? d : 1));
    if (squeezed) noiseShape.shift();
  }
  const alpha = isAlpha(variant);
  // The noise tensor has the input's dtype; `noise.div_(1-p)` / `noise.add(-1)` then fail to
  // cast the float result back. The alpha path's `add(-1)` has made a bool noise Long already.
  if (input.dtype === 'int64' || input.dtype === 'bool') {
    const target = input.dtype === 'bool' && !alpha ? 'Bool' : 'Long';
    fail('RuntimeError', `result type Float can't be cast to the desired output type ${target}`);
  }
  if (inplace && input.requiresGrad) fail('RuntimeError', LEAF_INPLACE);

  // Each double scalar of an ATen op on a float32 tensor is rounded to float32, and so is each result.
  const r = input.dtype === 'float32' ? Math.fround : (v: number): number => v;
  let mul: [number, number];
  let add: [number, number] | null = null;
  if (alpha) {
    const c = alphaConstants(p);
    const a = c.a;
    const alphaA = r(c.alphaA);
    const alphaAP = r(c.alphaAP);
    // b = noise.add(-1).mul_(alpha * a).add_(alpha * a * p); noise.mul_(a)
    add = [r(r(-1 * alphaA) + alphaAP), r(r(0 * alphaA) + alphaAP)];
    mul = [r(0 * r(a)), r(1 * r(a))];
  } else {
    const q = r(1 - p);
    mul = [r(0 / q), r(1 / q)]; // noise.div_(1 - p)
  }
  return {
    ...base, mode: 'random', noiseShape, units, block: n / units,
    scale: mul[1], shift: { kept: add ? add[1] : 0, dropped: add ? add[0] : 0 }, mul, add,
    gradFn: gradFnOf(alpha ? 'AddBackward0' : 'MulBackward0'),
  };
}

function deprecatedDims(name: string, dim: number, spatial: number, ok: string): string {
  return (
    `${name}: Received a ${dim}-D input to ${name}, which is deprecated and will result in an error in a future ` +
    `release. To retain the behavior and silence this warning, please use dropout instead. Note that ${name} exists ` +
    `to provide channel-wise dropout on inputs with ${spatial} spatial dimensions, a channel dimension, and an ` +
    `optional batch dimension (i.e. ${ok} inputs).`
  );
}

/**
 * Runs a planned call: draws the noise from `rng` (advancing it as PyTorch's generator) and
 * computes the output. `input` must be the tensor the plan was made for.
 */
export function executeDropout(plan: DropoutPlan, input: Tensor, rng: NoiseSource): DropoutResult {
  const warnings = plan.warnings;
  if (plan.mode === 'identity') {
    // `input.unsqueeze(0) ... .squeeze(0)` is a new view of the same data; the in-place forms return self.
    const output = plan.squeezed && !plan.inplace ? withData(input, input.data, plan.gradFn) : input;
    return { plan, output, mask: null, kept: 0, input, warnings };
  }
  const x = input.data;
  const out = plan.inplace ? x : allocate(input.dtype, x.length);
  let mask: Uint8Array | null = null;
  let kept = 0;
  if (plan.mode === 'zeros') {
    // multiply(input, zeros({})): x * 0 keeps nan and the sign of zero; integers give 0.
    const integral = input.dtype === 'int64' || input.dtype === 'bool';
    for (let i = 0; i < x.length; i++) out[i] = integral ? 0 : x[i] * 0;
  } else {
    mask = new Uint8Array(plan.units);
    kept = rng.bernoulli(1 - plan.p, mask);
    // Integer and bool inputs never get here: planDropout has raised PyTorch's cast error.
    applyNoise(plan, x, mask, out as Float32Array | Float64Array);
  }
  const output = plan.inplace ? input : withData(input, out, plan.gradFn);
  return { plan, output, mask, kept, input, warnings };
}

/**
 * out[i] = the arithmetic of a `random` plan on x[i] for the noise in `mask` (one value per unit):
 * `x * noise'` (+ b for the alpha variants), in the dtype of `out` (float32 or float64).
 */
export function applyNoise(plan: DropoutPlan, x: ArrayLike<number>, mask: Uint8Array, out: Float32Array | Float64Array): void {
  // Values are looked up by the 0/1 noise rather than chosen by a branch, which would mispredict
  // about half the time and cost more than the arithmetic.
  const mul = Float64Array.of(plan.mul[0], plan.mul[1]);
  const block = plan.block;
  const n = x.length;
  if (plan.add === null) {
    // A Float32Array store rounds the exact double product: the float32 product.
    if (block === 1) {
      for (let i = 0; i < n; i++) out[i] = x[i] * mul[mask[i]];
    } else {
      for (let u = 0, i = 0; u < mask.length; u++) {
        const m = mul[mask[u]];
        for (const end = i + block; i < end; i++) out[i] = x[i] * m;
      }
    }
    return;
  }
  const add = Float64Array.of(plan.add[0], plan.add[1]);
  if (out instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const k = mask[Math.floor(i / block)];
      out[i] = Math.fround(x[i] * mul[k]) + add[k];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = mask[Math.floor(i / block)];
      out[i] = x[i] * mul[k] + add[k];
    }
  }
}

function withData(input: Tensor, data: Tensor['data'], gradFn: string | undefined): Tensor {
  const t: { -readonly [K in keyof Tensor]: Tensor[K] } = { shape: [...input.shape], dtype: input.dtype, data, requiresGrad: input.requiresGrad };
  if (gradFn !== undefined) t.gradFn = gradFn;
  return t;
}
