/** Calls and their arguments as written: `name(arg, key=arg, ...)`, bound to a signature. */
import { type Scanner, isNameStart } from '../lexer';
import { numpyDtype } from './args';
import { numpyFromData } from './convert';
import { MAX_ARGS, MAX_NESTING } from './limits';
import { CONSTRUCTORS, LEGACY, TENSOR_CALLS } from './names';
import { DataScanner } from './scanner';
import type { Arg, ArgValue, Built, Call, Data, Reader } from './types';

/** The dotted name at the position, which stays where it was. */
export function peekDotted(r: Reader): string {
  const save = r.sc.pos;
  const name = r.sc.scanDotted();
  r.sc.pos = save;
  return name;
}

export function parseCall(r: Reader): Call {
  const sc: Scanner = r.sc;
  const start = sc.pos;
  const name = sc.scanDotted();
  sc.skipWs();
  if (sc.peek() !== 40) {
    if (name === 'nan' || name === 'inf') sc.fail(`name '${name}' is not defined: write float('${name}')`, start);
    sc.fail(`expected a tensor literal, found the name '${name}'${knownNote(name)}`, start);
  }
  if (!TENSOR_CALLS.has(name) && !(name in LEGACY) && !CONSTRUCTORS.has(name)) {
    sc.fail(`${name}(...) is not supported${knownNote(name)}`, start);
  }
  const args = parseArgs(r, 1, name === 'tensor');
  return { name, start, args, end: sc.pos };
}

function knownNote(name: string): string {
  const root = name.split('.')[0];
  if (root !== 'torch' && root !== 'np' && root !== 'numpy' && root !== 'tensor') {
    return ` (the names known are torch, np and numpy; '${root}' is not assumed to be either)`;
  }
  return ': supported are torch.tensor, torch.as_tensor, torch.from_numpy, torch.Tensor, torch.FloatTensor/DoubleTensor/LongTensor/BoolTensor, np.array, torch.ones/zeros/full/arange/linspace/eye and a printed tensor(...)';
}

/** `( arg, key=arg, ... )` at pos. `depth` brackets are open around the call's parenthesis. */
export function parseArgs(r: Reader, depth: number, reprMode: boolean): Arg[] {
  const sc: Scanner = r.sc;
  const open = sc.pos;
  // The one recursion of the parser (np.array inside a torch call) stops where Python does.
  if (depth > MAX_NESTING) sc.fail(`too many nested parentheses (Python allows ${MAX_NESTING})`, open);
  sc.pos++;
  const args: Arg[] = [];
  for (;;) {
    sc.skipWs();
    if (sc.peek() === 41) break;
    let key: string | undefined;
    if (isNameStart(sc.peek())) {
      const save = sc.pos;
      const name = sc.scanName();
      sc.skipWs();
      if (sc.peek() === 61 && sc.text.charCodeAt(sc.pos + 1) !== 61) {
        key = name;
        if (args.some((a) => a.key === name)) sc.fail(`keyword argument repeated: ${name}`, save);
        sc.pos++;
        sc.skipWs();
      } else {
        sc.pos = save;
      }
    }
    if (key === undefined && args.some((a) => a.key !== undefined)) sc.fail('positional argument follows keyword argument');
    // No signature here takes more; a pasted run of arguments must not become millions of objects.
    if (args.length >= MAX_ARGS) sc.fail(`more than ${MAX_ARGS} arguments in one call`);
    args.push({ key, value: parseArgValue(r, depth, reprMode) });
    sc.skipWs();
    const c = sc.peek();
    if (c === 44) {
      sc.pos++;
      continue;
    }
    if (c === 41) break;
    if (c === -1) sc.fail(`'(' was never closed`, open);
    if ('+-*/%@&|^<>=!~'.includes(sc.text[sc.pos])) {
      sc.fail(`operator ${sc.describe()}: only literal values are supported, write the value itself`);
    }
    sc.fail(`expected ',' or ')', found ${sc.describe()}`);
  }
  sc.pos++;
  return args;
}

function parseArgValue(r: Reader, depth: number, reprMode: boolean): ArgValue {
  const sc: Scanner = r.sc;
  const start = sc.pos;
  const c = sc.peek();
  if (c === 39 || c === 34) {
    const value = sc.scanString();
    return { kind: 'string', value, start, end: sc.pos };
  }
  if (c === 60 && reprMode) {
    sc.pos++;
    sc.skipWs();
    const name = sc.scanDotted();
    sc.skipWs();
    if (!name || sc.peek() !== 62) sc.fail('expected grad_fn=<Name>', start);
    sc.pos++;
    return { kind: 'gradfn', name, start, end: sc.pos };
  }
  if (isNameStart(c)) {
    const name = sc.scanDotted();
    const end = sc.pos;
    sc.skipWs();
    const called = sc.peek() === 40;
    const isData = name === 'True' || name === 'False' || name === 'None' || (name === 'float' && called) || (reprMode && (name === 'nan' || name === 'inf'));
    if (!isData) {
      if (called && (name === 'np.array' || name === 'numpy.array')) {
        // torch.tensor(np.array(...)), torch.as_tensor(...), torch.from_numpy(...)
        const args = parseArgs(r, depth + 1, false);
        const built = evalNumpy(r, { name, start, args, end: sc.pos });
        return { kind: 'array', built, start, end: sc.pos };
      }
      if (called) sc.fail(`calling ${name}(...) inside the literal is not supported`, start);
      if (name === 'nan' || name === 'inf') sc.fail(`name '${name}' is not defined: write float('${name}')`, start);
      return { kind: 'name', name, start, end };
    }
    sc.pos = start;
  }
  const data = new DataScanner(sc, r.maxElements, reprMode, !r.mainRead).scanElement(depth);
  r.mainRead = true;
  return { kind: 'data', data, start, end: sc.pos };
}

export function bind(r: Reader, fn: string, call: { args: Arg[]; start: number }, names: string[]): Map<string, ArgValue> {
  const sc: Scanner = r.sc;
  const out = new Map<string, ArgValue>();
  let i = 0;
  for (const a of call.args) {
    if (a.key === undefined) {
      if (i >= names.length || names[i].startsWith('*')) {
        const n = names.filter((x) => !x.startsWith('*')).length;
        const given = call.args.filter((x) => x.key === undefined).length;
        // PyTorch's argument parser words it so for these; other signatures get our own message.
        if (fn === 'tensor' || fn === 'as_tensor') sc.fail(`${fn}() takes ${n} positional argument${n === 1 ? '' : 's'} but ${given} were given`, a.value.start, 'TypeError');
        sc.fail(`${fn}() takes ${n} positional argument${n === 1 ? '' : 's'} here, but ${given} were given`, a.value.start);
      }
      out.set(names[i++], a.value);
    } else {
      const key = names.includes(a.key) ? a.key : names.includes('*' + a.key) ? '*' + a.key : undefined;
      if (key === undefined) {
        sc.fail(`${fn}() argument '${a.key}' is not supported (supported: ${names.map((n) => n.replace('*', '')).join(', ')})`, a.value.start);
      }
      if (out.has(key)) sc.fail(`${fn}() got multiple values for argument '${a.key}'`, a.value.start, 'TypeError');
      out.set(key, a.value);
    }
  }
  return out;
}

export function evalNumpy(r: Reader, call: Call): Built {
  const a = bind(r, 'array', call, ['object', 'dtype']);
  const data = dataArg(r, 'array', a.get('object'), call);
  return numpyFromData(r.sc, data, numpyDtype(r, a.get('dtype')));
}

export function dataArg(r: Reader, fn: string, v: ArgValue | undefined, call: Call): Data {
  if (v === undefined) r.sc.fail(`${fn}() needs the data argument`, call.start, 'TypeError');
  if (v.kind !== 'data') r.sc.fail(`expected the data (a list, tuple or number), found ${r.sc.text.slice(v.start, Math.min(v.end, v.start + 80))}`, v.start);
  return v.data;
}
