/**
 * What the hover says about a dropout construct, with that construct's own values: the scale
 * worked out, the Binomial spread of the zero count, PyTorch's defaults and their traps.
 * vscode-free: the strings go through an injected translator (`vscode.l10n` in the extension),
 * so the whole hover text can be built and timed under Node.
 */
import { alphaConstants, isAlpha, isFeature, type Variant } from '../core/dropout';
import { pyNumberStr } from '../core/pyformat';
import { binomialInterval } from '../core/stats';
import { dropoutCallAt, effectiveValue, type DropoutCall, type PyValue } from './dropoutCalls';
import { commandLink, inlineCode as code } from './markdown';

/** `vscode.l10n`'s shape. Called as `l10n.t('...')` so the l10n check finds every string. */
export interface Translator {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** The run "Try it" starts: these values on the construct's own literal input, or a sample. */
interface TryIt {
  readonly literal: string;
  readonly p: number;
  readonly pIsInt: boolean;
  readonly variant: Variant;
  readonly training: boolean;
  readonly inplace: boolean;
}

interface Explanation {
  readonly markdown: string;
  /** The hovered part (the name or one argument), offsets in the analysed text. */
  readonly start: number;
  readonly end: number;
  readonly call: DropoutCall;
  readonly tryIt: TryIt;
}

/** The tensor size the hover's Binomial example is worked out for. */
const EXAMPLE_SIZE = 100;

// One input per variant that has the rank the variant expects, for "Try it" without a literal.
const SAMPLE_INPUT: Record<Variant, string> = {
  dropout: 'torch.ones(4, 5)',
  dropout1d: 'torch.ones(2, 3, 4)',
  dropout2d: 'torch.ones(1, 3, 2, 2)',
  dropout3d: 'torch.ones(1, 2, 2, 2, 2)',
  alpha_dropout: 'torch.ones(4, 5)',
  feature_alpha_dropout: 'torch.ones(1, 3, 2, 2)',
};
// A literal input is passed to "Try it" only when it is small enough for a command link.
const MAX_LITERAL_IN_LINK = 2000;
const LITERAL_INPUT = /^(?:(?:torch|np|numpy)\.[A-Za-z_]\w*\s*\(|\[)/;


/** Four significant digits, no trailing zeros: 1.25, 1.429, 2. */
function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}


/** The explanation of the construct at `offset` in `text` (the document), if any. */
export function explainAt(text: string, offset: number, l10n: Translator, fallbackP: number): Explanation | undefined {
  const hit = dropoutCallAt(text, offset);
  if (!hit) return undefined;
  const { call, part } = hit;
  const range = part === 'callee' ? { start: call.calleeStart, end: call.calleeEnd } : { start: call.args[part]!.start, end: call.args[part]!.end };
  const tryIt = tryItValues(text, call, fallbackP);
  const sections = [`**${code(call.callee)}** · ${variantTitle(call.variant, l10n)}`];
  if (part === 'callee') {
    sections.push(variantDescription(call.variant, l10n));
    if (call.form === 'module') sections.push(l10n.t('As a module it drops only in training mode: after `model.eval()` it returns its input unchanged.'));
  }
  if (part === 'callee' || part === 'p') sections.push(...pSection(call, l10n, fallbackP));
  if ((part === 'callee' && call.form !== 'module') || part === 'training') sections.push(trainingSection(call, l10n));
  if ((part === 'callee' && call.form !== 'torch') || part === 'inplace') sections.push(inplaceSection(call, l10n));
  return { markdown: sections.join('\n\n'), ...range, call, tryIt };
}

/**
 * The hover's whole Markdown: the explanation, then the "Try it" link that runs `command` with
 * `args`. Every piece of document text in it is escaped (see markdown.ts), so the only link is
 * this one.
 */
export function hoverMarkdown(explanation: Explanation, linkLabel: string, command: string, args: unknown): string {
  return `${explanation.markdown}\n\n${commandLink(linkLabel, command, args)}`;
}

function tryItValues(text: string, call: DropoutCall, fallbackP: number): TryIt {
  const p = effectiveValue(call, 'p');
  const training = effectiveValue(call, 'training');
  const inplace = effectiveValue(call, 'inplace');
  const input = call.form === 'module' ? call.appliedTo : call.args.input && { start: call.args.input.valueStart, end: call.args.input.valueEnd };
  const inputText = input ? text.slice(input.start, input.end).trim() : '';
  const literal = LITERAL_INPUT.test(inputText) && inputText.length <= MAX_LITERAL_IN_LINK ? inputText : SAMPLE_INPUT[call.variant];
  return {
    literal,
    p: p?.kind === 'number' ? p.value : fallbackP,
    pIsInt: p?.kind === 'number' && p.isInt,
    variant: call.variant,
    // A module is tried in training mode (what it is for); an unknown flag likewise.
    training: training?.kind === 'bool' ? training.value : true,
    inplace: inplace?.kind === 'bool' ? inplace.value : false,
  };
}

export function variantTitle(variant: Variant, l10n: Translator): string {
  switch (variant) {
    case 'dropout':
      return l10n.t('element-wise dropout');
    case 'dropout1d':
      return l10n.t('channel-wise dropout for 1-D feature maps');
    case 'dropout2d':
      return l10n.t('channel-wise dropout for 2-D feature maps');
    case 'dropout3d':
      return l10n.t('channel-wise dropout for 3-D feature maps');
    case 'alpha_dropout':
      return l10n.t('alpha dropout, for SELU networks');
    case 'feature_alpha_dropout':
      return l10n.t('channel-wise alpha dropout, for SELU networks');
  }
}

function variantDescription(variant: Variant, l10n: Translator): string {
  switch (variant) {
    case 'dropout':
      return l10n.t('Each element is zeroed independently with probability p, and the kept elements are multiplied by 1/(1-p), so every element keeps its expected value. Any input shape.');
    case 'dropout1d':
      return l10n.t('Zeroes whole channels: each channel of an input of shape (N, C, L) or (C, L) is kept or zeroed as a unit with probability p, and the kept channels are multiplied by 1/(1-p). Meant for feature maps whose neighbouring values are correlated, e.g. after `nn.Conv1d`.');
    case 'dropout2d':
      return l10n.t('Zeroes whole channels: each channel of an input of shape (N, C, H, W) or (C, H, W) is kept or zeroed as a unit with probability p, and the kept channels are multiplied by 1/(1-p). Meant for feature maps whose neighbouring values are correlated, e.g. after `nn.Conv2d`. PyTorch 1.13 reads a 3-D input as (N, C, L) and does 1-D channel-wise dropout, with a warning.');
    case 'dropout3d':
      return l10n.t('Zeroes whole channels: each channel of an input of shape (N, C, D, H, W) or (C, D, H, W) is kept or zeroed as a unit with probability p, and the kept channels are multiplied by 1/(1-p). Meant for feature maps whose neighbouring values are correlated, e.g. after `nn.Conv3d`.');
    case 'alpha_dropout':
      return l10n.t("Meant for SELU activations: a dropped element is set to SELU's negative saturation value instead of 0, then every element goes through an affine map a·x + b chosen so that the output keeps the mean and variance of the input (zero mean and unit variance stay so). Any input shape.");
    case 'feature_alpha_dropout':
      return l10n.t("Alpha dropout over whole channels: each channel of an input of shape (N, C, ...) is kept or set to SELU's negative saturation value as a unit, then an affine map a·x + b keeps the mean and variance of the input. Meant for SELU networks with convolutions.");
  }
}

function pSection(call: DropoutCall, l10n: Translator, fallbackP: number): string[] {
  const arg = call.args.p;
  const value: PyValue | undefined = effectiveValue(call, 'p');
  const lines: string[] = [];
  if (!arg && value) lines.push(l10n.t("p is not given: PyTorch's default p = 0.5 applies."));
  if (!value) return [l10n.t('p is not given, and `{0}` has no default for it: PyTorch raises a TypeError.', call.callee)];
  if (value.kind !== 'number') {
    return [l10n.t('p is {0}, which is not a literal: its value is known only when the code runs. "Try it" uses p = {1} from the `dropoutLens.defaultP` setting.', code(arg?.text ?? ''), fmt(fallbackP))];
  }
  const p = value.value;
  const shown = pyNumberStr(p, value.isInt);
  if (!(p >= 0 && p <= 1)) {
    lines.push(l10n.t('p = {0} is outside [0, 1]: PyTorch raises `ValueError: dropout probability has to be between 0 and 1, but got {0}`.', shown));
  } else if (p === 0) {
    lines.push(l10n.t('p = 0: nothing is dropped; the output equals the input.'));
  } else if (p === 1) {
    lines.push(l10n.t('p = 1: every element is zeroed (the output is x·0, so inf and NaN become NaN). No signal gets through; this is rarely intended.'));
  } else {
    lines.push(...pInRange(call.variant, p, shown, l10n));
  }
  return lines;
}

function pInRange(variant: Variant, p: number, shown: string, l10n: Translator): string[] {
  const feature = isFeature(variant);
  const { low, high } = binomialInterval(EXAMPLE_SIZE, p);
  const percent = fmt(p * 100);
  if (isAlpha(variant)) {
    const { a, alphaA, alphaAP: b } = alphaConstants(p);
    const dropped = b - alphaA;
    return [
      feature
        ? l10n.t('Each channel is dropped with probability p = {0}. In a kept channel, x becomes {1}·x + {2}; every value of a dropped channel becomes {3}.', shown, fmt(a), fmt(b), fmt(dropped))
        : l10n.t('Each element is dropped with probability p = {0}. A kept element x becomes {1}·x + {2}; a dropped one becomes {3}.', shown, fmt(a), fmt(b), fmt(dropped)),
      feature
        ? l10n.t('Expected share of dropped channels: {0}%. The count is random: for n channels it follows Binomial(n, {1}); for {2} channels, 95% of runs drop between {3} and {4}.', percent, shown, EXAMPLE_SIZE, low, high)
        : l10n.t('Expected share of dropped elements: {0}%. The count is random: for n elements it follows Binomial(n, {1}); for {2} elements, 95% of runs drop between {3} and {4}.', percent, shown, EXAMPLE_SIZE, low, high),
    ];
  }
  const scale = fmt(1 / (1 - p));
  return [
    feature
      ? l10n.t('Each channel is zeroed with probability p = {0}; the kept channels are multiplied by 1/(1-p) = ×{1}.', shown, scale)
      : l10n.t('Each element is zeroed with probability p = {0}; the kept elements are multiplied by 1/(1-p) = ×{1}.', shown, scale),
    feature
      ? l10n.t('Expected share of zeroed channels: {0}%. The count is random: for n channels it follows Binomial(n, {1}); for {2} channels, 95% of runs zero between {3} and {4}.', percent, shown, EXAMPLE_SIZE, low, high)
      : l10n.t('Expected share of zeros: {0}%. The count is random: for n elements it follows Binomial(n, {1}); for {2} elements, 95% of runs zero between {3} and {4}.', percent, shown, EXAMPLE_SIZE, low, high),
  ];
}

function trainingSection(call: DropoutCall, l10n: Translator): string {
  // torch.dropout spells it `train`.
  const name = call.form === 'torch' ? 'train' : 'training';
  const arg = call.args.training;
  const value = effectiveValue(call, 'training');
  if (!value) return l10n.t('{0} is not given, and `{1}` has no default for it: PyTorch raises a TypeError.', name, call.callee);
  if (value.kind !== 'bool') {
    return l10n.t("{0} = {1}: decided when the code runs. With `self.training` it follows the module's mode: `model.train()` applies dropout, `model.eval()` makes it the identity.", name, code(arg?.text ?? ''));
  }
  if (arg) {
    return value.value
      ? l10n.t('{0} = True: dropout is applied.', name)
      : l10n.t('{0} = False (evaluation mode): dropout is the identity; the input is returned unchanged.', name);
  }
  return value.value
    ? l10n.t('{0} is not given: it defaults to True, so dropout is applied.', name)
    : l10n.t('{0} is not given, and for `{1}` it defaults to **False**: as written, this call returns its input unchanged. Pass `training=self.training` (or `True`) to apply it.', name, call.callee);
}

function inplaceSection(call: DropoutCall, l10n: Translator): string {
  const arg = call.args.inplace;
  const value = effectiveValue(call, 'inplace');
  if (value?.kind === 'bool' && value.value) {
    return l10n.t("inplace = True: the result is written into the input tensor, so the caller's tensor is overwritten. Dangerous when that tensor is used again (a residual connection, a value logged later) or needed by autograd: on a leaf tensor that requires grad, PyTorch raises a RuntimeError.");
  }
  if (value?.kind === 'bool') {
    return arg
      ? l10n.t('inplace = False: a new tensor is returned; the input is left unchanged.')
      : l10n.t('inplace is not given: it defaults to False, so a new tensor is returned and the input is left unchanged.');
  }
  return l10n.t("inplace = {0}: decided when the code runs. When it is True, the caller's tensor is overwritten with the result.", code(arg?.text ?? ''));
}
