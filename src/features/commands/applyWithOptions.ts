import * as vscode from 'vscode';
import { variantTitle } from '../../analysis/explain';
import { MODULE_NAMES, VARIANTS, type Variant } from '../../core/dropout';
import { pyFloatRepr } from '../../core/pyformat';
import { parseSeed } from '../../core/run';
import { readConfig } from '../../config';
import type { FeatureContext } from '../context';
import type { PanelApi } from '../panel';
import type { BuildChoice } from '../torchBuild';
import { applyToSelection } from './applyToSelection';
import { checkTarget, type ApplyFailure, type ApplyResult } from './dropoutRun';

/** The choices of the last run through the flow, preselected next time. */
interface Choices {
  readonly p: number;
  readonly variant: Variant;
  readonly training: boolean;
  /** null: a fresh seed each run. */
  readonly seed: string | null;
  /** The seed the last run used, offered as a choice. */
  readonly lastSeed: string | null;
}

const STATE_KEY = 'dropoutLens.lastOptions';
const STEPS = 4;
const COMMON_P = [0.1, 0.2, 0.25, 0.3, 0.5, 0.8];
interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/**
 * "Apply Dropout with Options…": p, variant, train/eval and seed in four quick picks (the last
 * choices preselected, so Enter four times repeats the last run), then the same run as Apply.
 * `undefined` when the user cancels.
 */
export async function applyWithOptions(ctx: FeatureContext, panel: PanelApi, build: () => BuildChoice): Promise<ApplyResult | ApplyFailure | undefined> {
  const problem = checkTarget();
  if (problem) return problem;
  const config = readConfig(vscode.window.activeTextEditor?.document);
  const last = storedChoices(ctx.extension.globalState.get(STATE_KEY)) ?? {
    p: config.defaultP, variant: config.variant, training: true, seed: config.seed, lastSeed: null,
  };
  const title = vscode.l10n.t('Dropout Lens: Apply Dropout with Options');

  const p = await pick<number>({
    title, step: 1, placeholder: vscode.l10n.t('Probability p of zeroing an element (type another value between 0 and 1)'),
    items: [...new Set([...COMMON_P, last.p])].sort((a, b) => a - b).map((v) => ({
      label: pyFloatRepr(v), value: v, description: v < 1 ? vscode.l10n.t('kept values ×{0}', String(Number((1 / (1 - v)).toPrecision(4)))) : undefined,
    })),
    active: (v) => v === last.p,
    custom: (text) => {
      const v = Number(text.trim());
      return text.trim() !== '' && v >= 0 && v <= 1 ? { label: text.trim(), value: v, description: vscode.l10n.t('this value') } : undefined;
    },
  });
  if (p === undefined) return undefined;

  const variant = await pick<Variant>({
    title, step: 2, placeholder: vscode.l10n.t('Variant'),
    items: VARIANTS.map((v) => ({ label: MODULE_NAMES[v], description: variantTitle(v, vscode.l10n), value: v })),
    active: (v) => v === last.variant,
  });
  if (variant === undefined) return undefined;

  const training = await pick<boolean>({
    title, step: 3, placeholder: vscode.l10n.t('Mode'),
    items: [
      { label: vscode.l10n.t('Training mode'), description: vscode.l10n.t('training=True: dropout is applied'), value: true },
      { label: vscode.l10n.t('Evaluation mode'), description: vscode.l10n.t('training=False: the input is returned unchanged'), value: false },
    ],
    active: (v) => v === last.training,
  });
  if (training === undefined) return undefined;

  const seedItems: Choice<string | null>[] = [{ label: vscode.l10n.t('Fresh seed'), description: vscode.l10n.t('a new seed for each run, shown with the result'), value: null }];
  if (last.lastSeed !== null) seedItems.push({ label: last.lastSeed, description: vscode.l10n.t('the seed of the last run'), value: last.lastSeed });
  if (config.seed !== null && config.seed !== last.lastSeed) seedItems.push({ label: config.seed, description: vscode.l10n.t('the dropoutLens.seed setting'), value: config.seed });
  const seed = await pick<string | null>({
    title, step: 4, placeholder: vscode.l10n.t('Seed for torch.manual_seed (type an integer for another seed)'),
    items: seedItems,
    active: (v) => v === last.seed,
    custom: (text) => (isSeed(text) ? { label: text.trim(), value: text.trim(), description: vscode.l10n.t('this seed') } : undefined),
  });
  if (seed === undefined) return undefined;

  const result = applyToSelection(panel, build(), { p, variant, training, seed: seed ?? undefined, settingsSource: vscode.l10n.t('the options chosen in "Apply Dropout with Options"') });
  const choices: Choices = { p, variant, training, seed, lastSeed: 'seed' in result ? result.seed : last.lastSeed };
  await ctx.extension.globalState.update(STATE_KEY, choices);
  return result;
}

function isSeed(text: string): boolean {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return false;
  try {
    parseSeed(text);
    return true;
  } catch {
    return false;
  }
}

/** What globalState holds, if it is what this version writes (it may come from another one). */
function storedChoices(raw: unknown): Choices | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const c = raw as Record<string, unknown>;
  const seedOk = (s: unknown) => s === null || (typeof s === 'string' && isSeed(s));
  if (typeof c.p !== 'number' || !(c.p >= 0 && c.p <= 1) || !(VARIANTS as readonly unknown[]).includes(c.variant) || typeof c.training !== 'boolean') return undefined;
  if (!seedOk(c.seed) || !seedOk(c.lastSeed)) return undefined;
  return c as unknown as Choices;
}

/** One step of the flow; `custom` turns typed text into an extra choice (a p or a seed not listed). */
function pick<T>(options: {
  title: string;
  step: number;
  placeholder: string;
  items: Choice<T>[];
  active: (value: T) => boolean;
  custom?: (text: string) => Choice<T> | undefined;
}): Promise<T | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<Choice<T>>();
    quickPick.title = options.title;
    quickPick.step = options.step;
    quickPick.totalSteps = STEPS;
    quickPick.placeholder = options.placeholder;
    quickPick.items = options.items;
    const preselected = options.items.find((i) => options.active(i.value));
    if (preselected) quickPick.activeItems = [preselected];
    let accepted = false;
    const custom = options.custom;
    if (custom) {
      quickPick.onDidChangeValue((text) => {
        const extra = custom(text);
        quickPick.items = extra ? [extra, ...options.items] : options.items;
      });
    }
    quickPick.onDidAccept(() => {
      const chosen = quickPick.activeItems[0];
      if (!chosen) return;
      accepted = true;
      resolve(chosen.value);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      if (!accepted) resolve(undefined);
    });
    quickPick.show();
  });
}
