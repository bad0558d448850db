import * as vscode from 'vscode';
import { callSummary, effectiveValue, type DropoutCall } from '../../analysis/dropoutCalls';
import { tensorExpressionAt } from '../../analysis/literalAt';
import { drawsBefore, seedInScope } from '../../analysis/manualSeed';
import { blankOut, nearestDropoutInScope } from '../../analysis/scope';
import type { Build } from '../../core/builds';
import type { Variant } from '../../core/dropout';
import { LiteralError, TorchError } from '../../core/errors';
import { parseTensorLiteral } from '../../core/parse';
import { repr } from '../../core/repr';
import { freshSeed, parseSeed, runDropout } from '../../core/run';
import { makeTensor, type DType, type Tensor } from '../../core/tensor';
import type { RequestOrigin, RunSettings } from '../../shared/protocol';
import { readConfig } from '../../config';
import { ArgsError, parseApplyArgs, type ApplyArgs } from '../../commandArgs';
import type { BuildChoice } from '../torchBuild';

/** What the commands return: the run, in plain arrays and strings so it serializes. */
export interface ApplyResult {
  readonly repr: string;
  readonly shape: number[];
  readonly dtype: DType;
  readonly p: number;
  readonly seed: string;
  readonly call: number;
  readonly variant: Variant;
  readonly training: boolean;
  readonly inplace: boolean;
  /** Whose masks were drawn, and why that build (the setting, or what `auto` read). */
  readonly build: Build;
  readonly buildReason: string;
  /** 0/1 noise in row-major order of the noise shape; null when nothing was drawn (p = 0 or 1, eval). */
  readonly mask: number[] | null;
  readonly output: number[];
  /** PyTorch's warnings for this call (e.g. Dropout2d on a 3-D input). */
  readonly warnings: string[];
  /** Where p, variant and training came from. */
  readonly settingsSource: string;
}

/** What the commands return when nothing could run; `error` is the message the user saw. */
export interface ApplyFailure {
  readonly error: string;
}

/** A run ready to show: the literal as read, where it is, the settings and the result. */
interface PreparedRun {
  readonly result: ApplyResult;
  /** The tensor as read, before the call (an in-place call runs on a copy). */
  readonly input: Tensor;
  /** The output tensor itself (the result's `output` is its data as plain numbers). */
  readonly output: Tensor;
  readonly literal: string;
  readonly settings: RunSettings;
  readonly origin: RequestOrigin | null;
  /** The literal's range in the active document, when it came from there. */
  readonly range: vscode.Range | undefined;
  readonly editor: vscode.TextEditor | undefined;
}

class UserError extends Error {}

/** The last run's literal and settings, and the seed it used. */
let lastRun: { key: string; seed: string } | undefined;

/**
 * Reads the tensor, picks the settings and runs dropout; shows one error message on failure.
 * `reuseSeed`: without a seed from the argument or the settings, take the last run's seed when
 * it ran the same literal and settings (so Copy and Replace give what the panel shows).
 */
export function prepareRun(rawArgs: unknown, reuseSeed: boolean, build: BuildChoice): PreparedRun | ApplyFailure {
  try {
    return prepare(parseApplyArgs(rawArgs, vscode.l10n), reuseSeed, build);
  } catch (e) {
    const message = e instanceof UserError || e instanceof ArgsError ? e.message : e instanceof TorchError ? e.pythonText : undefined;
    if (message === undefined) throw e;
    return fail(message);
  }
}

/** Shows the one error message of a command that could not run, and returns it. */
export function fail(message: string): ApplyFailure {
  // Not awaited: the promise settles only when the user dismisses the message.
  void vscode.window.showErrorMessage(vscode.l10n.t('Dropout Lens: {0}', message));
  return { error: message };
}

export function isFailure(x: PreparedRun | ApplyFailure): x is ApplyFailure {
  return 'error' in x;
}

/**
 * Shows the error a run on the current target would stop at before anything runs; `undefined`
 * when the literal reads. Lets a multi-step flow fail before asking its questions.
 */
export function checkTarget(): ApplyFailure | undefined {
  try {
    readTarget({}, vscode.window.activeTextEditor);
    return undefined;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return fail(e.message);
  }
}

/** The text to read (the argument's literal, the selection or the expression at the cursor), read. */
function readTarget(args: ApplyArgs, editor: vscode.TextEditor | undefined) {
  const target = args.literal !== undefined ? { text: args.literal, base: undefined } : editorTarget(editor);
  try {
    return { ...target, parsed: parseTensorLiteral(target.text) };
  } catch (e) {
    if (!(e instanceof LiteralError)) throw e;
    throw new UserError(literalErrorText(e, target.base === undefined || !editor ? undefined : editor.document.positionAt(target.base + e.offset)));
  }
}

function prepare(args: ApplyArgs, reuseSeed: boolean, buildChoice: BuildChoice): PreparedRun {
  const editor = vscode.window.activeTextEditor;
  const { parsed, ...target } = readTarget(args, editor);
  const document = target.base !== undefined ? editor?.document : undefined;
  const range = document && target.base !== undefined ? new vscode.Range(document.positionAt(target.base + parsed.start), document.positionAt(target.base + parsed.end)) : undefined;
  const config = readConfig(editor?.document);
  // The code around the literal, with the literal itself blanked out (see blankOut).
  const around = document && range ? { text: blankOut(document.getText(), document.offsetAt(range.start), document.offsetAt(range.end)), at: document.offsetAt(range.start) } : undefined;
  const fromCode = document && around && args.settingsSource === undefined ? settingsInScope(document, around.text, around.at, config.defaultP) : undefined;
  // The seed the code sets before the literal, so the run draws the mask the code itself draws
  // (not when the caller says where its settings come from: "Fresh seed" in the options flow).
  const codeSeed = around && args.seed === undefined && args.settingsSource === undefined ? seedInScope(around.text, around.at) : undefined;

  const p = args.p ?? fromCode?.p ?? config.defaultP;
  const variant = args.variant ?? fromCode?.variant ?? config.variant;
  const training = args.training ?? fromCode?.training ?? true;
  const inplace = args.inplace ?? false;
  const call = args.call ?? 1;
  const drawn = args.drawn ?? 0;
  const build = args.build ?? buildChoice.build;
  const buildReason = args.build !== undefined ? vscode.l10n.t('the command argument') : buildChoice.reason;
  const literal = target.text.slice(parsed.start, parsed.end);
  const key = JSON.stringify([literal, p, variant, training, inplace, call, drawn, build]);
  const seedSetting = args.seed ?? codeSeed?.seed ?? config.seed ?? undefined;
  const seed = seedSetting !== undefined ? parseSeed(String(seedSetting)).toString() : reuseSeed && lastRun?.key === key ? lastRun.seed : freshSeed();

  // How p was written decides PyTorch's error text (`got 20` or `got 20.0`): it goes with p's source.
  const pIsInt = args.p !== undefined ? (args.pIsInt ?? false) : (fromCode?.pIsInt ?? false);
  const input = parsed.tensor;
  const runInput = inplace ? makeTensor({ shape: input.shape, dtype: input.dtype, data: input.data.slice(), requiresGrad: input.requiresGrad }) : input;
  const run = runDropout(runInput, { variant, p, pIsInt, seed, call, drawn, training, inplace, build });
  lastRun = { key, seed: run.seed };
  const overridden = (['p', 'variant', 'training'] as const).filter((k) => args[k] !== undefined);
  const base = fromCode?.source ?? vscode.l10n.t('settings (p = {0}, {1})', String(config.defaultP), config.variant);
  const settings =
    args.settingsSource ??
    (overridden.length === 0 ? base : overridden.length === 3 ? vscode.l10n.t('the command argument') : vscode.l10n.t('{0}; {1} from the command argument', base, overridden.join(', ')));
  // Dropout the code runs between the seed and this literal draws first: say so, rather than let
  // the panel look like what the code prints.
  const drawnFirst = codeSeed && around ? drawsBefore(around.text, codeSeed, around.at)[0] : undefined;
  const lineOf = (offset: number): number => (document ? document.positionAt(offset).line + 1 : 0);
  const settingsSource = !codeSeed
    ? settings
    : drawnFirst
      ? vscode.l10n.t('{0}; seed from torch.manual_seed({1}), line {2}, but the dropout on line {3} draws first, so the code itself prints another mask', settings, codeSeed.seed, lineOf(codeSeed.start), lineOf(drawnFirst.calleeStart))
      : vscode.l10n.t('{0}; seed from torch.manual_seed({1}), line {2}', settings, codeSeed.seed, lineOf(codeSeed.start));
  const origin: RequestOrigin | null =
    document && range
      ? {
          fileName: baseName(document.uri),
          line: range.start.line + 1,
          uri: document.uri.toString(),
          range: { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character },
        }
      : null;
  const result = {
    repr: repr(run.output),
    shape: [...run.output.shape],
    dtype: run.output.dtype,
    p,
    seed: run.seed,
    call: run.call,
    variant,
    training,
    inplace,
    build,
    buildReason,
    warnings: [...run.warnings],
    settingsSource,
  };
  return {
    result: withArrays(result, run.mask, run.output.data),
    input,
    output: run.output,
    literal,
    settings: { p, variant, training, inplace, seed: run.seed, call: run.call, ...(drawn ? { drawn } : {}), build },
    origin,
    range,
    editor: document ? editor : undefined,
  };
}

/**
 * `result` with `mask` and `output` as plain arrays, made on first read and left out of JSON
 * (not enumerable). VS Code sends a command's result back to a caller in another process as
 * JSON: the command palette, which drops it, made 2 x 10^6 numbers cross for a 10^6-element
 * tensor, and the panel's message waited behind them (`npm run bench:panel` times the command
 * to the painted panel). A caller in this extension host
 * (another extension, the tests) reads them as any property.
 */
function withArrays(result: Omit<ApplyResult, 'mask' | 'output'>, mask: Uint8Array | null, output: ArrayLike<number>): ApplyResult {
  let arrays: { mask: number[] | null; output: number[] } | undefined;
  const read = () => (arrays ??= { mask: mask ? Array.from(mask) : null, output: Array.from(output) });
  return Object.defineProperties(result, {
    mask: { get: () => read().mask, enumerable: false },
    output: { get: () => read().output, enumerable: false },
  }) as ApplyResult;
}

/** The selection, or with none the tensor expression around the cursor. */
function editorTarget(editor: vscode.TextEditor | undefined): { text: string; base: number } {
  if (!editor) throw new UserError(vscode.l10n.t('open a Python file and select a tensor literal first.'));
  const { document, selection } = editor;
  if (!selection.isEmpty) return { text: document.getText(selection), base: document.offsetAt(selection.start) };
  const text = document.getText();
  const found = tensorExpressionAt(text, document.offsetAt(selection.active));
  if (!found) throw new UserError(vscode.l10n.t('no tensor literal at the cursor. Select one, e.g. torch.tensor([[1.0, 2.0], [3.0, 4.0]]).'));
  return { text: text.slice(found.start, found.end), base: found.start };
}

/** PyTorch's own error as Python prints it, or where the literal stops making sense. */
function literalErrorText(e: LiteralError, at: vscode.Position | undefined): string {
  if (e.pyType) return e.displayText;
  const line = at ? at.line + 1 : e.line;
  const column = at ? at.character + 1 : e.column;
  return vscode.l10n.t('cannot read the tensor literal at line {0}, column {1}: {2}', line, column, e.message);
}

interface ScopeSettings {
  readonly p: number;
  readonly pIsInt: boolean;
  readonly variant: Variant;
  readonly training: boolean;
  readonly source: string;
}

/** p, variant and training of the dropout call that applies to the literal at `offset` of `text`, if any. */
function settingsInScope(document: vscode.TextDocument, text: string, offset: number, defaultP: number): ScopeSettings | undefined {
  const call: DropoutCall | undefined = nearestDropoutInScope(text, offset);
  if (!call) return undefined;
  const p = effectiveValue(call, 'p');
  const training = effectiveValue(call, 'training');
  const line = document.positionAt(call.calleeStart).line + 1;
  const summary = callSummary(call.callee, call.args.p?.text);
  const known = p?.kind === 'number';
  return {
    p: known ? p.value : defaultP,
    pIsInt: known && p.isInt,
    variant: call.variant,
    // A module, or a flag known only at run time: dropout as in training.
    training: training?.kind === 'bool' ? training.value : true,
    source: known
      ? vscode.l10n.t('{0}, line {1}', summary, line)
      : vscode.l10n.t('{0}, line {1} (p is not a literal: {2} from settings)', summary, line, String(defaultP)),
  };
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
