/**
 * The PyTorch builds whose dropout masks Dropout Lens reproduces (docs/builds.md):
 * - `default`: MT19937, two outputs per noise element: every CPU build from 2.7 on, and builds
 *   without MKL at any version (macOS arm64, Linux aarch64, Debian);
 * - `x86-mkl`: official x86-64 wheels and conda packages up to 2.6, whose `bernoulli_` seeds
 *   Intel MKL's MCG31m1 stream with one generator output per call.
 */
export type Build = 'default' | 'x86-mkl';

export const BUILDS: readonly Build[] = ['default', 'x86-mkl'];

export function isBuild(value: unknown): value is Build {
  return typeof value === 'string' && (BUILDS as readonly string[]).includes(value);
}
