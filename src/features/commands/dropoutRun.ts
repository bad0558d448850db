import * as vscode from 'vscode';
import { tensorExpressionAt } from '../../analysis/literalAt';
import { resolveSettings, type ResolvedSettings, type RunPlace } from '../../analysis/runSettings';
import type { Build } from '../../core/builds';
import type { Variant } from '../../core/dropout';
import { LiteralError, TorchError } from '../../core/errors';
import { parseTensorLiteral, type ParsedLiteral } from '../../core/parse';
import { repr } from '../../core/repr';
import { parseSeed, runDropout, type RunResult } from '../../core/run';
import { makeTensor, type DType, type Tensor } from '../../core/tensor';
import { LITERAL_BOX_MAX, literalRequest, type PanelRequest, type RequestOrigin, type RunSettings } from '../../shared/protocol';
import { readConfig } from '../../config';
import { ArgsError, parseApplyArgs, type ApplyArgs } from '../../commandArgs';
import type { OnScreen } from '../panel';
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

/** A run ready to show: the request that shows it in the panel, the result, where the expression is. */
interface PreparedRun {
  readonly result: ApplyResult;
  /** The panel's request for this run: the literal as read (before an in-place call), where it is, the settings. */
  readonly request: PanelRequest;
  /** The output tensor itself (the result's `output` is its data as plain numbers). */
  readonly output: Tensor;
  /** The literal's range in the active document, when it came from there. */
  readonly range: vscode.Range | undefined;
  readonly editor: vscode.TextEditor | undefined;
}

class UserError extends Error {}

/** Where a run takes its settings: from the code and the settings, or from what the panel shows for the same expression. */
export type RunSource = { readonly kind: 'code' } | { readonly kind: 'screen'; readonly onScreen: (document: vscode.TextDocument, range: vscode.Range) => OnScreen | undefined };

/** A run that could not be made: the message the user saw, and the request that shows it in the panel when there is one. */
export interface FailedRun extends ApplyFailure {
  readonly request?: PanelRequest;
}

/**
 * Reads the tensor, resolves the settings (analysis/runSettings.ts, or the panel's for the
 * expression it shows) and runs dropout. A failure is returned, not shown: the caller shows it
 * in the panel when it has a request, else with `fail`.
 */
export function prepareRun(rawArgs: unknown, build: BuildChoice, source: RunSource): PreparedRun | FailedRun {
  try {
    return prepare(parseApplyArgs(rawArgs, vscode.l10n), build, source);
  } catch (e) {
    const message = e instanceof UserError || e instanceof ArgsError ? e.message : e instanceof TorchError ? e.pythonText : undefined;
    if (message === undefined) throw e;
    return { error: message };
  }
}

/** Shows the one error message of a command that could not run, and returns it. */
export function fail(message: string): ApplyFailure {
  // Not awaited: the promise settles only when the user dismisses the message.
  void vscode.window.showErrorMessage(vscode.l10n.t('Dropout Lens: {0}', message));
  return { error: message };
}

export function isFailure(x: PreparedRun | ApplyFailure): x is FailedRun {
  return 'error' in x;
}

/**
 * Shows the error a run on the current target would stop at before anything runs; `undefined`
 * when the literal reads. Lets a multi-step flow fail before asking its questions.
 */
export function checkTarget(): ApplyFailure | undefined {
  try {
    const target = editorTarget(vscode.window.activeTextEditor);
    parseTensorLiteral(target.text);
    return undefined;
  } catch (e) {
    if (e instanceof UserError) return fail(e.message);
    if (e instanceof LiteralError) return fail(literalErrorText(e, undefined));
    throw e;
  }
}

function rangeIn(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

function originOf(document: vscode.TextDocument, range: vscode.Range): RequestOrigin {
  return {
    fileName: baseName(document.uri),
    line: range.start.line + 1,
    uri: document.uri.toString(),
    range: { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character },
  };
}

function settingsFor(args: ApplyArgs, buildChoice: BuildChoice, document: vscode.TextDocument | undefined, place: RunPlace | undefined): ResolvedSettings {
  return resolveSettings(args, readConfig(document), buildChoice, place, vscode.l10n);
}

/** A run, or the error of one whose expression the panel can still show (it points at the error itself). */
function prepare(args: ApplyArgs, buildChoice: BuildChoice, source: RunSource): PreparedRun | FailedRun {
  const editor = vscode.window.activeTextEditor;
  const target = args.literal !== undefined ? { text: args.literal, base: undefined } : editorTarget(editor);
  const document = target.base !== undefined ? editor?.document : undefined;
  let parsed: ParsedLiteral;
  try {
    parsed = parseTensorLiteral(target.text);
  } catch (e) {
    if (!(e instanceof LiteralError)) throw e;
    const error = literalErrorText(e, target.base === undefined || !document ? undefined : document.positionAt(target.base + e.offset));
    if (!document || target.base === undefined || target.text.length > LITERAL_BOX_MAX) return { error };
    // The panel shows the text as selected, with the error under it.
    const range = rangeIn(document, target.base, target.base + target.text.length);
    const resolved = settingsFor(args, buildChoice, document, { text: document.getText(), start: target.base, end: target.base + target.text.length });
    return { error, request: { literal: target.text, ...requestRest(resolved, originOf(document, range)) } };
  }
  const base = target.base;
  const range = document && base !== undefined ? rangeIn(document, base + parsed.start, base + parsed.end) : undefined;
  const onScreen = source.kind === 'screen' && document && range ? source.onScreen(document, range) : undefined;
  const literal = onScreen?.literal ?? target.text.slice(parsed.start, parsed.end);
  const input = onScreen?.tensor ?? (onScreen ? parseTensorLiteral(onScreen.literal).tensor : parsed.tensor);
  const resolved = onScreen
    ? screenSettings(onScreen.settings, args, buildChoice)
    : settingsFor(args, buildChoice, document, document && range ? { text: document.getText(), start: document.offsetAt(range.start), end: document.offsetAt(range.end) } : undefined);
  const origin = document && range ? originOf(document, range) : args.fileName !== undefined && args.line !== undefined ? { fileName: args.fileName, line: args.line } : null;
  const request = literalRequest(literal, input, requestRest(resolved, origin));
  const { settings } = resolved;
  let run: RunResult;
  try {
    run = runDropout(settings.inplace ? makeTensor({ shape: input.shape, dtype: input.dtype, data: input.data.slice(), requiresGrad: input.requiresGrad }) : input, settings);
  } catch (e) {
    if (!(e instanceof TorchError)) throw e;
    return { error: e.pythonText, request };
  }
  const result = {
    repr: repr(run.output),
    shape: [...run.output.shape],
    dtype: run.output.dtype,
    p: settings.p,
    seed: run.seed,
    call: run.call,
    variant: settings.variant,
    training: settings.training,
    inplace: settings.inplace,
    build: settings.build ?? 'default',
    buildReason: resolved.buildReason,
    warnings: [...run.warnings],
    settingsSource: resolved.settingsSource,
  };
  return { result: withArrays(result, run.mask, run.output.data), output: run.output, request, range, editor: document ? editor : undefined };
}

/** The panel's settings for the expression it shows, with the command argument's fields over them. */
function screenSettings(shown: RunSettings, args: ApplyArgs, buildChoice: BuildChoice): ResolvedSettings {
  const given = Object.fromEntries(Object.entries({
    p: args.p, pIsInt: args.pIsInt, variant: args.variant, training: args.training, inplace: args.inplace, call: args.call, drawn: args.drawn, build: args.build,
  }).filter(([, v]) => v !== undefined));
  const seed = args.seed !== undefined ? parseSeed(String(args.seed)).toString() : shown.seed;
  const overridden = Object.keys(given).filter((k) => k !== 'pIsInt');
  if (args.seed !== undefined) overridden.push('seed');
  const panel = vscode.l10n.t('the panel');
  return {
    settings: { ...shown, ...given, seed },
    settingsSource: args.settingsSource ?? (overridden.length ? vscode.l10n.t('{0}; {1} from the command argument', panel, overridden.join(', ')) : panel),
    buildReason: args.build !== undefined ? vscode.l10n.t('the command argument') : shown.build === buildChoice.build ? buildChoice.reason : panel,
    unseeded: false,
  };
}

/** The request's fields besides the literal. */
function requestRest(resolved: ResolvedSettings, origin: RequestOrigin | null): Omit<PanelRequest, 'literal' | 'large'> {
  const rest = { settings: resolved.settings, origin, settingsSource: resolved.settingsSource, buildReason: resolved.buildReason };
  return resolved.unseeded ? { ...rest, unseeded: true } : rest;
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

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
