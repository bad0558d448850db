import * as vscode from 'vscode';
import { isBuild, type Build } from './core/builds';
import { VARIANTS, type Variant } from './core/dropout';

/** The extension's settings (`dropoutLens.*` in package.json), typed and validated. */
interface DropoutLensConfig {
  /** p when the code around the tensor has no dropout call to take it from. */
  readonly defaultP: number;
  /** A fixed seed (decimal string, exact beyond 2^53), or null for a fresh seed per run. */
  readonly seed: string | null;
  readonly variant: Variant;
  /** Whose masks: a build, or `auto` to read it from the selected Python environment's PyTorch. */
  readonly torchBuild: 'auto' | Build;
  readonly hoverEnabled: boolean;
  readonly diagnosticsEnabled: boolean;
  /** What each print prints after its line, and a CodeLens on each dropout call, from replay. */
  readonly inlineOutputs: boolean;
}

const CONFIG_SECTION = 'dropoutLens';

const DEFAULTS: DropoutLensConfig = { defaultP: 0.5, seed: null, variant: 'dropout', torchBuild: 'auto', hoverEnabled: true, diagnosticsEnabled: true, inlineOutputs: true };

/**
 * The settings as they are now. Read on each use rather than cached, so a change applies to the
 * next hover or run at once; a value of the wrong type (settings.json is hand-edited) falls back
 * to the default instead of reaching the core.
 */
export function readConfig(scope?: vscode.ConfigurationScope): DropoutLensConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const p = c.get<unknown>('defaultP');
  const seed = c.get<unknown>('seed');
  const variant = c.get<unknown>('variant');
  const torchBuild = c.get<unknown>('torchBuild');
  const hover = c.get<unknown>('hover.enabled');
  const diagnostics = c.get<unknown>('diagnostics.enabled');
  const inline = c.get<unknown>('inlineOutputs');
  return {
    defaultP: typeof p === 'number' && p >= 0 && p <= 1 ? p : DEFAULTS.defaultP,
    seed: seedSetting(seed),
    variant: typeof variant === 'string' && (VARIANTS as readonly string[]).includes(variant) ? (variant as Variant) : DEFAULTS.variant,
    torchBuild: torchBuild === 'auto' || isBuild(torchBuild) ? torchBuild : DEFAULTS.torchBuild,
    hoverEnabled: typeof hover === 'boolean' ? hover : DEFAULTS.hoverEnabled,
    diagnosticsEnabled: typeof diagnostics === 'boolean' ? diagnostics : DEFAULTS.diagnosticsEnabled,
    inlineOutputs: typeof inline === 'boolean' ? inline : DEFAULTS.inlineOutputs,
  };
}

// JSON numbers lose precision beyond 2^53, so a large seed may also be written as a string.
function seedSetting(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return value.trim();
  return null;
}

/** Calls `listener` whenever one of `keys` (e.g. `diagnostics.enabled`) changes. */
export function onConfigChange(keys: readonly string[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`))) listener();
  });
}
