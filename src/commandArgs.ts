/**
 * The argument of the editor commands, checked as strictly as the panel's messages
 * (shared/protocol.ts): the hover's trusted "Try it" link carries one, other extensions pass their own,
 * and nothing in it is trusted. vscode-free (messages through an injected translator), so it is
 * unit-tested and fuzzed under Node.
 */
import type { Translator } from './analysis/explain';
import type { RunOverrides } from './analysis/runSettings';
import { BUILDS, isBuild, type Build } from './core/builds';
import { VARIANTS, type Variant } from './core/dropout';
import { TorchError } from './core/errors';
import { DEFAULT_MAX_CHARS } from './core/parse';
import { isCallIndex, isDrawCount, MAX_CALL, parseSeed } from './core/run';

/**
 * The optional argument of the commands: any of these overrides what the code in scope and the
 * settings give. `literal` runs on that text instead of the editor's selection (the hover's
 * "Try it" passes the construct's input, or a sample of the right rank).
 */
export interface ApplyArgs extends RunOverrides {
  readonly literal?: string;
  /** Where `literal` stands for code (a replayed call's input): the file's base name and 1-based line, for the panel's header. */
  readonly fileName?: string;
  readonly line?: number;
}

const FIELDS: ReadonlySet<string> = new Set(['p', 'pIsInt', 'variant', 'training', 'inplace', 'seed', 'call', 'drawn', 'build', 'literal', 'fileName', 'line', 'settingsSource']);
/** Longer than any seed int() reads within torch.manual_seed's range (20 digits, a sign, underscores). */
const MAX_SEED_TEXT = 64;
/** The panel and the status bar show it on one line. */
export const MAX_SETTINGS_SOURCE = 1000;
/** Longer than any file name a file system allows. */
const MAX_FILE_NAME = 1000;

/** Why an argument was refused; the message names the field and is already translated. */
export class ArgsError extends Error {}

/** The argument object as given by a caller we do not control: wrong types and values are errors, never guesses. */
export function parseApplyArgs(raw: unknown, l10n: Translator): ApplyArgs {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ArgsError(l10n.t('the command argument must be an object.'));
  const a = raw as Record<string, unknown>;
  const unknown = Object.keys(a).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw new ArgsError(l10n.t('the command argument has an unknown field "{0}".', unknown.slice(0, 40)));
  const bad = (name: string): never => {
    throw new ArgsError(l10n.t('the command argument "{0}" has the wrong type.', name));
  };
  const typed = <T>(n: string, type: 'number' | 'boolean' | 'string') => (a[n] === undefined ? undefined : typeof a[n] === type ? (a[n] as T) : bad(n));
  const p = typed<number>('p', 'number');
  // p outside [0, 1] stays: the run raises PyTorch's own ValueError for it, as the code would.
  if (p !== undefined && !Number.isFinite(p)) throw new ArgsError(l10n.t('the command argument "{0}" must be a finite number.', 'p'));
  const pIsInt = typed<boolean>('pIsInt', 'boolean');
  if (pIsInt && !(p !== undefined && Number.isInteger(p))) throw new ArgsError(l10n.t('the command argument "pIsInt" is true only with a whole number "p".'));
  const variant = typed<string>('variant', 'string');
  if (variant !== undefined && !(VARIANTS as readonly string[]).includes(variant)) {
    throw new ArgsError(l10n.t('the command argument "{0}" must be one of {1}.', 'variant', VARIANTS.join(', ')));
  }
  const call = typed<number>('call', 'number');
  if (call !== undefined && !isCallIndex(call)) {
    throw new ArgsError(l10n.t('the command argument "call" must be an integer from 1 to {0} (got {1}).', String(MAX_CALL), String(call)));
  }
  const drawn = typed<number>('drawn', 'number');
  if (drawn !== undefined && !isDrawCount(drawn)) {
    throw new ArgsError(l10n.t('the command argument "drawn" must be an integer from 0 to {0} (got {1}).', String(MAX_CALL), String(drawn)));
  }
  const build = typed<string>('build', 'string');
  if (build !== undefined && !isBuild(build)) throw new ArgsError(l10n.t('the command argument "{0}" must be one of {1}.', 'build', BUILDS.join(', ')));
  const literal = typed<string>('literal', 'string');
  if (literal !== undefined && literal.length > DEFAULT_MAX_CHARS) throw tooLong(l10n, 'literal', DEFAULT_MAX_CHARS);
  const fileName = typed<string>('fileName', 'string');
  if (fileName !== undefined && fileName.length > MAX_FILE_NAME) throw tooLong(l10n, 'fileName', MAX_FILE_NAME);
  const line = typed<number>('line', 'number');
  if (line !== undefined && !(Number.isSafeInteger(line) && line >= 1)) throw new ArgsError(l10n.t('the command argument "{0}" must be a whole number from 1.', 'line'));
  if ((fileName === undefined) !== (line === undefined)) throw new ArgsError(l10n.t('the command argument gives "fileName" and "line" together, or neither.'));
  const settingsSource = typed<string>('settingsSource', 'string');
  if (settingsSource !== undefined && settingsSource.length > MAX_SETTINGS_SOURCE) throw tooLong(l10n, 'settingsSource', MAX_SETTINGS_SOURCE);
  const seed = parseSeedArg(a.seed, l10n);
  return {
    p, pIsInt, variant: variant as Variant | undefined, training: typed('training', 'boolean'), inplace: typed('inplace', 'boolean'),
    seed, call, drawn, build: build as Build | undefined, literal, fileName, line, settingsSource,
  };
}

function tooLong(l10n: Translator, field: string, max: number): ArgsError {
  return new ArgsError(l10n.t('the command argument "{0}" is longer than {1} characters.', field, max));
}

/** A seed torch.manual_seed takes: a safe integer, or int()'s decimal text within [-2^63, 2^64 - 1]. */
function parseSeedArg(seed: unknown, l10n: Translator): string | number | undefined {
  if (seed === undefined) return undefined;
  const refuse = (): never => {
    throw new ArgsError(l10n.t('the command argument "{0}" must be a whole number from -2^63 to 2^64-1, as torch.manual_seed takes it.', 'seed'));
  };
  if (typeof seed === 'number') return Number.isSafeInteger(seed) ? seed : refuse();
  if (typeof seed !== 'string') throw new ArgsError(l10n.t('the command argument "{0}" has the wrong type.', 'seed'));
  if (seed.length > MAX_SEED_TEXT) return refuse();
  try {
    parseSeed(seed);
  } catch (e) {
    if (e instanceof TorchError) return refuse();
    throw e;
  }
  return seed;
}
