/**
 * The one resolver of a run's settings: what p, variant, mode, seed, call and build a run on a
 * tensor expression takes, and how to say where each came from. Layers, the first that gives a
 * value wins: the caller's overrides (a command argument, or the panel's controls), the dropout
 * call and `torch.manual_seed` of the code around the expression, the `dropoutLens.*` settings,
 * PyTorch's defaults. vscode-free: the editor commands, Open Panel and the tests share it.
 */
import type { Build } from '../core/builds';
import type { Variant } from '../core/dropout';
import { freshSeed, parseSeed } from '../core/run';
import type { RunSettings } from '../shared/protocol';
import { callSummary, effectiveValue } from './dropoutCalls';
import type { Translator } from './explain';
import { drawsBefore, seedInScope } from './manualSeed';
import { blankOut, nearestDropoutInScope } from './scope';

/**
 * What a caller fixes (the editor commands' argument, commandArgs.ts, or the panel's controls):
 * each field present wins over the code and the settings.
 */
export interface RunOverrides {
  readonly p?: number;
  /** p was written as a Python int: PyTorch's error message then prints it without `.0`. */
  readonly pIsInt?: boolean;
  readonly variant?: Variant;
  readonly training?: boolean;
  readonly inplace?: boolean;
  /** Decimal integer (a string keeps seeds beyond 2^53 exact); a number is accepted too. */
  readonly seed?: string | number;
  /** 1-based: the k-th call after `torch.manual_seed(seed)`, 1 to MAX_CALL (core/run.ts). */
  readonly call?: number;
  /** Generator outputs other code drew after the seed before call 1, 0 to MAX_CALL (replay counts them). */
  readonly drawn?: number;
  /** Whose masks, instead of the `dropoutLens.torchBuild` setting's (core/builds.ts). */
  readonly build?: Build;
  /** Where the caller's settings come from (shown by the panel); given, the code's dropout and seed are not read. */
  readonly settingsSource?: string;
}

/** The `dropoutLens.*` settings a run falls back on. */
export interface RunDefaults {
  readonly defaultP: number;
  readonly variant: Variant;
  /** A fixed seed, or null for a fresh one per run. */
  readonly seed: string | null;
}

/** The expression's place: the document's text and the expression's offsets in it. */
export interface RunPlace {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface ResolvedSettings {
  readonly settings: RunSettings;
  /** Where p, the variant and the seed came from, e.g. "nn.Dropout(p=0.5), line 2; seed from torch.manual_seed(3), line 1". */
  readonly settingsSource: string;
  readonly buildReason: string;
  /**
   * The code around the expression sets no `torch.manual_seed` and nothing else fixed the seed:
   * every run of that code draws another mask, and the seed shown is the panel's own.
   */
  readonly unseeded: boolean;
}

interface CodeSettings {
  readonly p: number;
  readonly pIsInt: boolean;
  readonly variant: Variant;
  readonly training: boolean;
  readonly inplace: boolean;
  readonly source: string;
}

/** 1-based line of `offset` in `text`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The settings of the dropout call that applies to the expression (see nearestDropoutInScope), if any. */
function codeSettings(around: string, at: number, defaultP: number, l10n: Translator): CodeSettings | undefined {
  const call = nearestDropoutInScope(around, at);
  if (!call) return undefined;
  const p = effectiveValue(call, 'p');
  const training = effectiveValue(call, 'training');
  const inplace = effectiveValue(call, 'inplace');
  const line = lineOf(around, call.calleeStart);
  const summary = callSummary(call.callee, call.args.p?.text);
  const known = p?.kind === 'number';
  return {
    p: known ? p.value : defaultP,
    pIsInt: known && p.isInt,
    variant: call.variant,
    // A module, or a flag known only at run time: dropout as in training.
    training: training?.kind === 'bool' ? training.value : true,
    inplace: inplace?.kind === 'bool' ? inplace.value : false,
    source: known ? l10n.t('{0}, line {1}', summary, line) : l10n.t('{0}, line {1} (p is not a literal: {2} from settings)', summary, line, String(defaultP)),
  };
}

/**
 * The run's settings. Throws the core's TorchError for a seed `torch.manual_seed` would refuse.
 * A seed nobody fixes is drawn fresh, so the result can be repeated with the seed it reports.
 */
export function resolveSettings(overrides: RunOverrides, defaults: RunDefaults, build: { build: Build; reason: string }, place: RunPlace | undefined, l10n: Translator): ResolvedSettings {
  // The code around the expression, with the expression itself blanked out (see blankOut).
  const around = place && { text: blankOut(place.text, place.start, place.end), at: place.start };
  const readsCode = around !== undefined && overrides.settingsSource === undefined;
  const fromCode = readsCode ? codeSettings(around.text, around.at, defaults.defaultP, l10n) : undefined;
  // The seed the code sets before the expression, so the run draws the mask the code itself draws.
  const codeSeed = readsCode && overrides.seed === undefined ? seedInScope(around.text, around.at) : undefined;

  const p = overrides.p ?? fromCode?.p ?? defaults.defaultP;
  const seed = parseSeed(String(overrides.seed ?? codeSeed?.seed ?? defaults.seed ?? freshSeed())).toString();
  const settings: RunSettings = {
    p,
    // How p was written decides PyTorch's error text (`got 20` or `got 20.0`): it goes with p's source.
    pIsInt: overrides.p !== undefined ? (overrides.pIsInt ?? false) : (fromCode?.pIsInt ?? false),
    variant: overrides.variant ?? fromCode?.variant ?? defaults.variant,
    training: overrides.training ?? fromCode?.training ?? true,
    inplace: overrides.inplace ?? fromCode?.inplace ?? false,
    seed,
    call: overrides.call ?? 1,
    ...(overrides.drawn ? { drawn: overrides.drawn } : {}),
    build: overrides.build ?? build.build,
  };
  const overridden = (['p', 'variant', 'training', 'inplace'] as const).filter((k) => overrides[k] !== undefined);
  const base = fromCode?.source ?? l10n.t('settings (p = {0}, {1})', String(defaults.defaultP), defaults.variant);
  const source =
    overrides.settingsSource ??
    (overridden.length === 0 ? base : overridden.length === 4 ? l10n.t('the command argument') : l10n.t('{0}; {1} from the command argument', base, overridden.join(', ')));
  return {
    settings,
    settingsSource: codeSeed && around ? withSeedSource(source, around.text, around.at, codeSeed, l10n) : source,
    // A caller that names the editor's own build (the replay CodeLens) keeps the editor's reason.
    buildReason: overrides.build !== undefined && overrides.build !== build.build ? l10n.t('the command argument') : build.reason,
    unseeded: readsCode && overrides.seed === undefined && !codeSeed && defaults.seed === null,
  };
}

/**
 * The source with the code's seed named; a dropout the code runs between the seed and the
 * expression draws first, which is said rather than letting the run look like what the code prints.
 */
function withSeedSource(source: string, around: string, at: number, codeSeed: NonNullable<ReturnType<typeof seedInScope>>, l10n: Translator): string {
  const drawnFirst = drawsBefore(around, codeSeed, at)[0];
  const seedLine = lineOf(around, codeSeed.start);
  return drawnFirst
    ? l10n.t('{0}; seed from torch.manual_seed({1}), line {2}, but the dropout on line {3} draws first, so the code itself prints another mask', source, codeSeed.seed, seedLine, lineOf(around, drawnFirst.calleeStart))
    : l10n.t('{0}; seed from torch.manual_seed({1}), line {2}', source, codeSeed.seed, seedLine);
}
