/**
 * Finds PyTorch dropout constructs in Python source: `nn.Dropout(p=0.2)`, `F.dropout(x, 0.1)`,
 * `torch.nn.functional.alpha_dropout(...)`, ... with their arguments resolved by keyword or
 * position against PyTorch 1.13's signatures, and literal values read (never evaluated).
 */
import type { SyntaxNode } from '@lezer/common';
import type { Variant } from '../core/dropout';
import { dottedName, nodesAround, readPython, type PythonSource } from './python/reader';

type Form = 'module' | 'functional' | 'torch';

type ParamName = 'input' | 'p' | 'training' | 'inplace';

export type PyValue =
  | { readonly kind: 'number'; readonly value: number; readonly isInt: boolean }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'other' };

interface Argument {
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

function signatureOf(call: Pick<DropoutCall, 'form' | 'variant'>): Signature {
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

/** Every dropout construct in `text` (a whole document, or a window of it), outer calls first. */
export function findDropoutCalls(text: string): DropoutCall[] {
  // A text without any dropout, such as a data file, is not parsed at all.
  if (!DROPOUT_STEM.test(text)) return [];
  const source = readPython(text);
  const calls: DropoutCall[] = [];
  source.tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'CallExpression') return;
      const call = readCall(source, ref.node);
      if (call) calls.push(call);
    },
  });
  return calls;
}

function readCall(source: PythonSource, node: SyntaxNode): DropoutCall | undefined {
  const calleeNode = node.firstChild;
  const argList = node.lastChild;
  const callee = calleeNode ? dottedName(source, calleeNode) : undefined;
  if (!calleeNode || !callee || argList?.name !== 'ArgList') return undefined;
  const dot = callee.lastIndexOf('.');
  const kind = classify(dot < 0 ? '' : callee.slice(0, dot), callee.slice(dot + 1));
  if (!kind) return undefined;
  const closed = argList.lastChild?.name === ')';
  const call: DropoutCall = {
    ...kind,
    callee,
    calleeStart: calleeNode.from,
    calleeEnd: calleeNode.to,
    end: closed ? argList.to : source.text.length,
    args: bindArguments(source, argList, signatureOf(kind).params),
  };
  // A module applied at once, `nn.Dropout2d(0.2)(x)`: the call is the callee of another.
  const outer = node.parent;
  if (kind.form !== 'module' || !closed || outer?.name !== 'CallExpression' || outer.firstChild?.from !== node.from) return call;
  const applied = argumentGroups(outer.lastChild);
  if (!applied.length) return call;
  const last = applied[applied.length - 1];
  return { ...call, appliedTo: { start: applied[0][0].from, end: last[last.length - 1].to } };
}

/** The argument list's arguments, each as its nodes (`p`, `=`, `0.2`; `*`, `args`; text that is no Python as error nodes), comments left out. */
function argumentGroups(argList: SyntaxNode | null): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [];
  let group: SyntaxNode[] = [];
  for (let child = argList?.firstChild ?? null; child; child = child.nextSibling) {
    // A comma with nothing before it is wrapped in an error node: it still ends an argument.
    if (child.name === ',' || child.name === ')' || (child.type.isError && child.firstChild?.name === ',')) {
      if (group.length) groups.push(group);
      group = [];
    } else if (child.name !== '(' && child.name !== 'Comment' && child.from < child.to) {
      group.push(child);
    }
  }
  if (group.length) groups.push(group);
  return groups;
}

/** Binds the call's arguments to the signature's parameters, by keyword or by position. */
function bindArguments(source: PythonSource, argList: SyntaxNode, params: readonly ParamName[]): Partial<Record<ParamName, Argument>> {
  const args: Partial<Record<ParamName, Argument>> = {};
  let position = 0;
  for (const group of argumentGroups(argList)) {
    const start = group[0].from;
    const end = group[group.length - 1].to;
    if (group.length >= 3 && group[0].name === 'VariableName' && group[1].name === 'AssignOp') {
      const name = source.text.slice(group[0].from, group[0].to);
      // `train` is the ATen spelling of `training` (torch.dropout).
      const param = (name === 'train' ? 'training' : name) as ParamName;
      if (params.includes(param)) args[param] ??= makeArg(source.text, start, end, group[2].from, end, true);
      continue;
    }
    // *args and **kwargs: their parameters cannot be known.
    if (group[0].name === '*' || group[0].name === '**') {
      position++;
      continue;
    }
    if (position < params.length) args[params[position]] ??= makeArg(source.text, start, end, start, end, false);
    position++;
  }
  return args;
}

function makeArg(text: string, start: number, end: number, valueStart: number, valueEnd: number, keyword: boolean): Argument {
  const valueText = text.slice(valueStart, valueEnd);
  return { text: valueText, value: readValue(valueText), keyword, start, end, valueStart, valueEnd };
}

type HoverPart = 'callee' | Exclude<ParamName, 'input'>;

/**
 * The dropout construct at `offset` and the part of it under the cursor: its name or one of
 * the arguments it explains. Elsewhere (the input, white space) there is nothing to say. Only the
 * calls around the offset are read, so a hover costs the same in a long file.
 */
export function dropoutCallAt(text: string, offset: number): { call: DropoutCall; part: HoverPart } | undefined {
  if (!DROPOUT_STEM.test(text)) return undefined;
  const source = readPython(text);
  // Innermost first: an inner call's part wins over the outer call it is an argument of.
  for (const node of nodesAround(source, offset)) {
    if (node.name !== 'CallExpression') continue;
    const call = readCall(source, node);
    if (!call || offset < call.calleeStart || offset > call.end) continue;
    for (const [name, arg] of Object.entries(call.args) as [ParamName, Argument][]) {
      if (offset >= arg.start && offset <= arg.end) return name === 'input' ? undefined : { call, part: name };
    }
    if (offset <= call.calleeEnd) return { call, part: 'callee' };
  }
  return undefined;
}

/** `nn.Dropout(p=0.2)` as the panel names where its settings came from. */
export function callSummary(callee: string, pText: string | undefined): string {
  if (pText === undefined) return `${callee}()`;
  const p = pText.replace(/\s+/g, ' ').trim();
  // A p expression can be a whole line long: the panel and the status bar name it, briefly.
  return `${callee}(p=${p.length > MAX_P_TEXT ? `${p.slice(0, MAX_P_TEXT - 1)}…` : p})`;
}

const MAX_P_TEXT = 80;
