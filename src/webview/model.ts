// What the page shows, computed from the literal text and the settings with the core, in the
// page itself: every control change re-renders without a round trip to the host.
import { DropoutError, MODULE_NAMES } from '../core/dropout';
import { LiteralError, TorchError } from '../core/errors';
import { toLiteral } from '../core/literal';
import { parseTensorLiteral } from '../core/parse';
import { pyFloatRepr } from '../core/pyformat';
import { runDropout, type RunResult } from '../core/run';
import { binomialInterval, summarize, type CallSummary } from '../core/stats';
import { makeTensor, type Tensor } from '../core/tensor';
import type { RunSettings } from '../shared/protocol';

type Parsed = { readonly ok: true; readonly tensor: Tensor } | { readonly ok: false; readonly error: LiteralError };

let cache: { text: string; parsed: Parsed } | undefined;

/** Parses the literal; the last text's result is kept, as 10^6 elements are slow to read (`npm run bench`'s parse column). */
export function parseCached(text: string): Parsed {
  if (cache?.text === text) return cache.parsed;
  let parsed: Parsed;
  try {
    parsed = { ok: true, tensor: parseTensorLiteral(text).tensor };
  } catch (e) {
    if (!(e instanceof LiteralError)) throw e;
    parsed = { ok: false, error: e };
  }
  cache = { text, parsed };
  return parsed;
}

export interface Outcome {
  readonly input: Tensor;
  /** The run, or PyTorch's error text (with the warnings printed before it). */
  readonly result: RunResult | null;
  readonly error: string | null;
  readonly warnings: readonly string[];
  /** Per input element: 1 kept, 0 dropped (the noise broadcast over its block). */
  readonly keptElements: Uint8Array | null;
  readonly summary: CallSummary | null;
}

/** Runs the call on a copy of the tensor (an in-place call writes into what it is given). */
export function runOn(input: Tensor, settings: RunSettings): Outcome {
  const copy = makeTensor({ shape: input.shape, dtype: input.dtype, data: input.data.slice(), requiresGrad: input.requiresGrad });
  let result: RunResult;
  try {
    result = runDropout(copy, settings);
  } catch (e) {
    if (!(e instanceof TorchError)) throw e;
    const warnings = e instanceof DropoutError ? e.warnings : [];
    return { input, result: null, error: e.pythonText, warnings, keptElements: null, summary: null };
  }
  return { input, result, error: null, warnings: result.warnings, keptElements: keptPerElement(result), summary: summarize(result, input.data) };
}

function keptPerElement(result: RunResult): Uint8Array {
  const n = result.output.data.length;
  const { mode, block } = result.plan;
  if (mode !== 'random' || !result.mask) return new Uint8Array(n).fill(mode === 'zeros' ? 0 : 1);
  const kept = new Uint8Array(n);
  const mask = result.mask;
  for (let i = 0; i < n; i++) kept[i] = mask[(i / block) | 0];
  return kept;
}

/** The dropped-count interval holding 95% of calls, as kept counts. */
export function keptInterval(units: number, p: number): { low: number; high: number } {
  const dropped = binomialInterval(units, p);
  return { low: units - dropped.high, high: units - dropped.low };
}

/** Inputs up to this size are written out in the snippet; bigger ones would drown it. */
const SNIPPET_MAX_ELEMENTS = 200;

/** Python that prints the same output: the seed, the module, the earlier calls, the call shown. */
export function snippet(input: Tensor, settings: RunSettings): string {
  const args = [`p=${settings.pIsInt && Number.isInteger(settings.p) ? String(settings.p) : pyFloatRepr(settings.p)}`];
  if (settings.inplace) args.push('inplace=True');
  // The literal's rows line up under its first row, which starts after `x = `.
  const assign = 'x = ';
  const x = input.data.length <= SNIPPET_MAX_ELEMENTS ? toLiteral(input, assign.length) : `...  # your tensor of shape (${input.shape.join(', ')})`;
  // The mask depends on the build (docs/builds.md): say which one the output is.
  const build = settings.build === 'x86-mkl' ? ['# the mask of PyTorch <= 2.6 from an x86-64 wheel or conda package (MKL)'] : [];
  // What the code drew before the call (replay's count), as float32 rand draws one output per element.
  const drawn = settings.drawn ? [`torch.rand(${settings.drawn})  # ${settings.drawn} draws before this call`] : [];
  const lines = ['import torch', 'import torch.nn as nn', ...build, '', `torch.manual_seed(${settings.seed})`, ...drawn, `${assign}${x}`, `drop = ${MODULE_NAMES[settings.variant]}(${args.join(', ')})`];
  if (!settings.training) lines.push('drop.eval()');
  // Earlier calls only advance the generator; on a copy, so an in-place module leaves x as it was.
  if (settings.call > 1) lines.push(`for _ in range(${settings.call - 1}):`, '    drop(x.clone())');
  lines.push('y = drop(x)', 'print(y)');
  return lines.join('\n');
}

/** Characters of the offending line shown on each side of the error's column. */
const POINTER_CONTEXT = 60;

/**
 * The offending line with a caret under the character (1-based `column`), cut to the part around
 * it: a literal of one long line would otherwise fill the box with its whole text.
 */
export function pointer(line: string, column: number): string {
  const at = Math.max(0, column - 1);
  const start = Math.max(0, at - POINTER_CONTEXT);
  const end = Math.min(line.length, at + POINTER_CONTEXT);
  const head = start > 0 ? '…' : '';
  const tail = end < line.length ? '…' : '';
  return `${head}${line.slice(start, end)}${tail}\n${' '.repeat(head.length + at - start)}^`;
}
