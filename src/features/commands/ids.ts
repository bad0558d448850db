import type { Build } from '../../core/builds';
import type { Variant } from '../../core/dropout';

// Command ids are public: tests, keybindings and other extensions call them.
export const APPLY_TO_SELECTION = 'dropoutLens.applyToSelection';
export const APPLY_WITH_OPTIONS = 'dropoutLens.applyWithOptions';
export const REPLACE_SELECTION = 'dropoutLens.replaceSelection';
export const COPY_RESULT = 'dropoutLens.copyResult';

/**
 * The optional argument of the commands: any of these overrides what the code in scope and the
 * settings give. `literal` runs on that text instead of the editor's selection (the hover's
 * "Try it" passes the construct's input, or a sample of the right rank).
 */
export interface ApplyArgs {
  readonly p?: number;
  /** p was written as a Python int: PyTorch's error message then prints it without `.0`. */
  readonly pIsInt?: boolean;
  readonly variant?: Variant;
  readonly training?: boolean;
  readonly inplace?: boolean;
  /** Decimal integer (a string keeps seeds beyond 2^53 exact); a number is accepted too. */
  readonly seed?: string | number;
  /** 1-based: the k-th call after `torch.manual_seed(seed)`. */
  readonly call?: number;
  /** Whose masks, instead of the `dropoutLens.torchBuild` setting's (builds.ts). */
  readonly build?: Build;
  readonly literal?: string;
  /** Where the settings came from, shown by the panel (e.g. "nn.Dropout(p=0.2), line 7"). */
  readonly settingsSource?: string;
}
