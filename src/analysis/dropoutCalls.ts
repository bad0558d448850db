/**
 * Finds PyTorch dropout constructs in Python source: `nn.Dropout(p=0.2)`, `F.dropout(x, 0.1)`,
 * `torch.nn.functional.alpha_dropout(...)`, ... with their arguments resolved by keyword or
 * position against PyTorch 1.13's signatures, and literal values read (never evaluated).
 */
import type { Variant } from '../core/dropout';
import { matchingBracket, tokenize, isOp, type Token } from './tokens';

export type Form = 'module' | 'functional' | 'torch';

export type ParamName = 'input' | 'p' | 'training' | 'inplace';

export type PyValue =
  | { readonly kind: 'number'; readonly value: number; readonly isInt: boolean }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'other' };

export interface Argument {
  /** The text of the value, as written. */
  readonly text: string;
  readonly value: PyValue;
  readonly keyword: boolean;
  /** The whole argument (`p=0.2` or `0.2`), offsets in the analysed text. */
  readonly start: number;
  readonly end: number;
  /** The value alone. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface DropoutCall {
  readonly form: Form;
  readonly variant: Variant;
  /** The callee as written, e.g. `nn.Dropout` or `torch.nn.functional.dropout`. */
  readonly callee: string;
  readonly calleeStart: number;
  readonly calleeEnd: number;
  /** Just past the closing parenthesis (the end of the text when it is missing). */
  readonly end: number;
  /** The arguments the call gives, by parameter name. */
  readonly args: Partial<Record<ParamName, Argument>>;
  /** For a module applied at once, `nn.Dropout2d(0.2)(x)`: the range of `x`. */
  readonly appliedTo?: { readonly start: number; readonly end: number };
}

interface Signature {
  readonly params: readonly ParamName[];
  /** PyTorch's defaults; a parameter missing here has no default. */
  readonly defaults: Partial<Record<ParamName, PyValue>>;
}

const FALSE: PyValue = { kind: 'bool', value: false };
const TRUE: PyValue = { kind: 'bool', value: true };
const HALF: PyValue = { kind: 'number', value: 0.5, isInt: false };

const MODULE_SIG: Signature = { params: ['p', 'inplace'], defaults: { p: HALF, inplace: FALSE } };
// The alpha variants of torch.nn.functional default to training=False, unlike the others.
const FUNCTIONAL_SIG: Signature = { params: ['input', 'p', 'training', 'inplace'], defaults: { p: HALF, training: TRUE, inplace: FALSE } };
const FUNCTIONAL_ALPHA_SIG: Signature = { params: ['input', 'p', 'training', 'inplace'], defaults: { p: HALF, training: FALSE, inplace: FALSE } };
// torch.dropout(input, p, train): the ATen op, every argument required; `train` is our `training`.
const TORCH_SIG: Signature = { params: ['input', 'p', 'training'], defaults: {} };

const MODULE_CLASSES: Record<string, Variant> = {
  Dropout: 'dropout',
  Dropout1d: 'dropout1d',
  Dropout2d: 'dropout2d',
  Dropout3d: 'dropout3d',
  AlphaDropout: 'alpha_dropout',
  FeatureAlphaDropout: 'feature_alpha_dropout',
};
const MODULE_QUALIFIERS = new Set(['', 'nn', 'torch.nn', 'torch.nn.modules.dropout']);

const FUNCTIONS: Record<string, Variant> = {
  dropout: 'dropout',
  dropout1d: 'dropout1d',
  dropout2d: 'dropout2d',
  dropout3d: 'dropout3d',
  alpha_dropout: 'alpha_dropout',
  feature_alpha_dropout: 'feature_alpha_dropout',
};
// A bare `dropout(...)` is too often the user's own function to claim it.
const FUNCTIONAL_QUALIFIERS = new Set(['F', 'functional', 'nn.functional', 'torch.nn.functional']);
const TORCH_FUNCTIONS = new Set(['dropout', 'alpha_dropout', 'feature_alpha_dropout']);

export function signatureOf(call: Pick<DropoutCall, 'form' | 'variant'>): Signature {
  if (call.form === 'module') return MODULE_SIG;
  if (call.form === 'torch') return TORCH_SIG;
  return call.variant === 'alpha_dropout' || call.variant === 'feature_alpha_dropout' ? FUNCTIONAL_ALPHA_SIG : FUNCTIONAL_SIG;
}

/** The value a parameter has in this call: the argument when given, else PyTorch's default. */
export function effectiveValue(call: DropoutCall, param: ParamName): PyValue | undefined {
  return call.args[param]?.value ?? signatureOf(call).defaults[param];
}

function classify(qualifier: string, name: string): { form: Form; variant: Variant } | undefined {
  if (Object.hasOwn(MODULE_CLASSES, name) && MODULE_QUALIFIERS.has(qualifier)) {
    return { form: 'module', variant: MODULE_CLASSES[name] };
  }
  if (Object.hasOwn(FUNCTIONS, name)) {
    if (FUNCTIONAL_QUALIFIERS.has(qualifier)) return { form: 'functional', variant: FUNCTIONS[name] };
    if (qualifier === 'torch' && TORCH_FUNCTIONS.has(name)) return { form: 'torch', variant: FUNCTIONS[name] };
  }
  return undefined;
}

const NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** Reads a literal value as Python would, without evaluating anything else. */
export function readValue(text: string): PyValue {
  const t = text.trim();
  if (t === 'True') return TRUE;
  if (t === 'False') return FALSE;
  const compact = t.replace(/\s+/g, '');
  if (NUMBER.test(compact)) {
    return { kind: 'number', value: Number(compact.replace(/_/g, '')), isInt: !/[.eE]/.test(compact) };
  }
  return { kind: 'other' };
}

/** Every name of MODULE_CLASSES and FUNCTIONS has it: a text without it has no call to find. */
const DROPOUT_STEM = /ropout/;

/** Every dropout construct in `text` (a whole document, or a window of it). */
export function findDropoutCalls(text: string): DropoutCall[] {
  // Tokenizing costs an object per token (~0.4 s on a file holding a 10^6-element literal): a
  // text without any dropout, such as a data file, is not tokenized at all.
  if (!DROPOUT_STEM.test(text)) return [];
  const tokens = tokenize(text);
  const calls: DropoutCall[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].type !== 'name' || isOp(text, tokens[k - 1], '.')) continue;
    // A dotted chain: name (. name)*
    let last = k;
    while (isOp(text, tokens[last + 1], '.') && tokens[last + 2]?.type === 'name') last += 2;
    const open = last + 1;
    if (!isOp(text, tokens[open], '(')) {
      k = last;
      continue;
    }
    const callee = text.slice(tokens[k].start, tokens[last].end).replace(/\s+/g, '');
    const dot = callee.lastIndexOf('.');
    const kind = classify(dot < 0 ? '' : callee.slice(0, dot), callee.slice(dot + 1));
    if (!kind) {
      k = last;
      continue;
    }
    const close = matchingBracket(text, tokens, open);
    const end = close < 0 ? text.length : tokens[close].end;
    const call: DropoutCall = {
      ...kind,
      callee,
      calleeStart: tokens[k].start,
      calleeEnd: tokens[last].end,
      end,
      args: bindArguments(text, tokens, open, close < 0 ? tokens.length : close, signatureOf(kind).params),
    };
    const applyClose = kind.form === 'module' && close >= 0 && isOp(text, tokens[close + 1], '(') ? matchingBracket(text, tokens, close + 1) : -1;
    calls.push(applyClose > close + 2 ? { ...call, appliedTo: { start: tokens[close + 2].start, end: tokens[applyClose - 1].end } } : call);
    k = last; // arguments may hold further calls (F.dropout(F.dropout(x)))
  }
  return calls;
}

/** Splits the tokens between `open` and `close` at top-level commas and binds them to parameters. */
function bindArguments(
  text: string,
  tokens: readonly Token[],
  open: number,
  close: number,
  params: readonly ParamName[],
): Partial<Record<ParamName, Argument>> {
  const args: Partial<Record<ParamName, Argument>> = {};
  let position = 0;
  let from = open + 1;
  let depth = 0;
  for (let k = open + 1; k <= close; k++) {
    const t = tokens[k];
    if (k < close && t.type === 'op') {
      const c = text[t.start];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
    }
    if (k === close || (depth === 0 && isOp(text, t, ','))) {
      if (k > from) {
        const bound = bindOne(text, tokens, from, k, params, position);
        if (bound) {
          args[bound.name] ??= bound.arg;
          if (!bound.arg.keyword) position++;
        } else if (!(tokens[from].type === 'name' && isOp(text, tokens[from + 1], '='))) {
          position++; // a positional argument beyond the signature, or *args
        }
      }
      from = k + 1;
    }
  }
  return args;
}

function bindOne(
  text: string,
  tokens: readonly Token[],
  from: number,
  to: number,
  params: readonly ParamName[],
  position: number,
): { name: ParamName; arg: Argument } | undefined {
  const first = tokens.slice(from, to).filter((t) => t.type !== 'newline');
  if (first.length === 0) return undefined;
  const start = first[0].start;
  const end = first[first.length - 1].end;
  const isKeyword = first[0].type === 'name' && isOp(text, first[1], '=') && !isOp(text, first[2], '=');
  if (isKeyword) {
    const name = text.slice(first[0].start, first[0].end);
    // `train` is the ATen spelling of `training` (torch.dropout).
    const param = (name === 'train' ? 'training' : name) as ParamName;
    if (!params.includes(param) || first.length < 3) return undefined;
    const valueStart = first[2].start;
    return { name: param, arg: makeArg(text, start, end, valueStart, end, true) };
  }
  if (position >= params.length || first[0].type === 'op' && text[first[0].start] === '*') return undefined;
  return { name: params[position], arg: makeArg(text, start, end, start, end, false) };
}

function makeArg(text: string, start: number, end: number, valueStart: number, valueEnd: number, keyword: boolean): Argument {
  const valueText = text.slice(valueStart, valueEnd);
  return { text: valueText, value: readValue(valueText), keyword, start, end, valueStart, valueEnd };
}

export type HoverPart = 'callee' | Exclude<ParamName, 'input'>;

/**
 * The dropout construct at `offset` and the part of it under the cursor: its name or one of
 * the arguments it explains. Elsewhere (the input, white space) there is nothing to say.
 */
export function dropoutCallAt(text: string, offset: number): { call: DropoutCall; part: HoverPart } | undefined {
  let hit: { call: DropoutCall; part: ParamName | 'callee' } | undefined;
  for (const call of findDropoutCalls(text)) {
    if (offset < call.calleeStart || offset > call.end) continue;
    if (offset <= call.calleeEnd) hit = { call, part: 'callee' };
    for (const [name, arg] of Object.entries(call.args) as [ParamName, Argument][]) {
      // Calls are listed outer first, so an inner call's hit replaces the outer one's.
      if (offset >= arg.start && offset <= arg.end) hit = { call, part: name };
    }
  }
  return hit && hit.part !== 'input' ? { call: hit.call, part: hit.part } : undefined;
}
