/**
 * The messages fuzzer's grammar: valid values of every message shape (both directions, the
 * saved state, the commands' argument), and for each shape the mutations that must make it
 * invalid. Written from the protocol's documented rules, not from its code.
 */
import { VARIANTS } from '../../src/core/dropout';
import { DEFAULT_MAX_ELEMENTS } from '../../src/core/parse';
import { LITERAL_BOX_MAX, LITERAL_PREVIEW } from '../../src/shared/protocol';
import { STRINGS } from '../../src/shared/strings';
import type { Prng } from './prng';

type Obj = Record<string, unknown>;

export const GOOD_URIS = [
  'file:///w/a.py', 'file:///c%3A/Users/x/a.py', 'untitled:Untitled-1', 'vscode-notebook-cell:/w/n.ipynb#W1sZmlsZQ%3D%3D',
  'vscode-vfs://github/o/r/a.py', 'vscode-remote://ssh-remote%2Bh/w/a.py', 'vscode-test-web://mount/a.py', 'memfs:/a.py',
];
export const BAD_URIS = [
  'command:workbench.action.reloadWindow', 'COMMAND:x', 'https://example.com/a.py', 'http://x', 'javascript:alert(1)', 'data:text/plain,x',
  'mailto:a@b.c', 'vscode:extension/x.y', 'vscode-webview://x/index.html', '/w/a.py', 'a.py', '', ':x', '1a:x', 'file:///w/a b.py',
  'file:///w/\u00e9.py', 'file:///w/a.py\n', `file:///${'a'.repeat(9000)}`,
];
const TEXTS = ['', 'torch.tensor([1., 2.])', '[[1, 2], [3, 4]]', 'tensor([0.])', '`', '<b>x</b>', '\u0000\n\r\u2028', '日本語', '\ud800'];

const text = (r: Prng): string => (r.chance(0.5) ? r.pick(TEXTS) : Array.from({ length: r.int(40) }, () => String.fromCharCode(r.int(0x3000))).join(''));

export function settings(r: Prng): Obj {
  const s: Obj = {
    p: r.pick([0, 0.2, 0.5, 1, 1.5, -3, 1e300, r.next()]), variant: r.pick(VARIANTS), training: r.chance(0.5), inplace: r.chance(0.5),
    seed: r.pick(['0', '42', '18446744073709551615', '-5', '1_000', 'abc']), call: 1 + r.int(1000),
  };
  if (r.chance(0.3)) s.pIsInt = r.chance(0.5);
  return s;
}

function range(r: Prng): Obj {
  const startLine = r.int(1000);
  const startCharacter = r.int(200);
  const endLine = startLine + (r.chance(0.5) ? 0 : r.int(50));
  return { startLine, startCharacter, endLine, endCharacter: endLine === startLine ? startCharacter + r.int(100) : r.int(200) };
}

function origin(r: Prng): Obj | null {
  if (r.chance(0.2)) return null;
  const o: Obj = { fileName: r.pick(['a.py', 'Untitled-1', 'ノート.ipynb']), line: 1 + r.int(5000) };
  if (r.chance(0.8)) o.uri = r.pick(GOOD_URIS);
  if (r.chance(0.8)) o.range = range(r);
  return o;
}

const FLOATS = [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 3.4e38, 5e-324];

export function tensor(r: Prng): Obj {
  const dtype = r.pick(['float32', 'float64', 'int64', 'bool'] as const);
  const shape = Array.from({ length: r.int(5) }, () => r.int(4));
  const n = shape.reduce((a, b) => a * b, 1);
  const data =
    dtype === 'float32' ? Float32Array.from({ length: n }, () => r.pick(FLOATS))
    : dtype === 'float64' ? Float64Array.from({ length: n }, () => r.pick(FLOATS))
    : dtype === 'int64' ? Float64Array.from({ length: n }, () => r.pick([0, -1, 7, 2 ** 53, -(2 ** 53), 123456789]))
    : Uint8Array.from({ length: n }, () => r.int(2));
  return { shape, dtype, data, requiresGrad: (dtype === 'float32' || dtype === 'float64') && r.chance(0.3) };
}

export function request(r: Prng): Obj {
  const base = { settings: settings(r), origin: origin(r), settingsSource: r.chance(0.3) ? null : text(r) };
  if (r.chance(0.7)) return { ...base, literal: text(r) };
  const length = LITERAL_BOX_MAX + 1 + r.int(1e6);
  return { ...base, literal: 'x'.repeat(r.int(LITERAL_PREVIEW + 1)), large: { length, digest: 'k3j2', tensor: r.chance(0.3) ? null : tensor(r) } };
}

export function state(r: Prng): Obj {
  const s: Obj = { requestId: `${r.int(1e9).toString(36)}-${r.int(100)}`, request: request(r), literal: r.chance(0.5) ? null : text(r), settings: settings(r), slice: Array.from({ length: r.int(4) }, () => r.int(10)) };
  if (r.chance(0.5)) s.draws = 1 + r.int(100_000);
  return s;
}

export function hostMessage(r: Prng): Obj {
  switch (r.int(3)) {
    case 0:
      return { type: 'init', strings: { ...STRINGS }, requestId: 'a-1', request: r.chance(0.3) ? null : request(r) };
    case 1:
      return { type: 'show', requestId: 'b-2', request: request(r) };
    default:
      return { type: 'notice', text: text(r) };
  }
}

export function webviewMessage(r: Prng): Obj {
  return r.pick([{ type: 'ready' }, { type: 'insert', literal: text(r) }, { type: 'copy', text: text(r) }]);
}

export function applyArgs(r: Prng): Obj {
  const all: Obj = {
    p: r.pick([0, 0.25, 1, 30, -1, 1e300]), variant: r.pick(VARIANTS), training: r.chance(0.5), inplace: r.chance(0.5),
    seed: r.pick(['0', '-9223372036854775808', '18446744073709551615', ' 1_000 ', 7, -(2 ** 53 - 1)]), call: 1 + r.int(100),
    literal: text(r), settingsSource: text(r),
  };
  const args = Object.fromEntries(Object.entries(all).filter(() => r.chance(0.5)));
  if (Number.isInteger(args.p) && r.chance(0.5)) args.pIsInt = r.chance(0.5);
  return args;
}

/** Sets `path` in a structured clone of `value` (undefined deletes). */
export function withField(value: Obj, path: readonly (string | number)[], field: unknown): Obj {
  const copy = structuredClone(value);
  let at: Obj = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Obj;
  const last = path[path.length - 1];
  if (field === undefined) delete at[last];
  else at[last] = field;
  return copy;
}

/** A mutation that must make a valid request invalid, or undefined when it does not apply. */
export type Invalidator = (value: Obj, r: Prng) => Obj | undefined;

const onTensor = (patch: (t: Obj, r: Prng) => Obj): Invalidator => (req, r) => {
  const t = (req.large as Obj | undefined)?.tensor as Obj | null | undefined;
  return t ? withField(req, ['large', 'tensor'], patch(t, r)) : undefined;
};

/** Invalid requests, each from the protocol's rules (see PanelRequest in src/shared/protocol.ts). */
export const REQUEST_INVALIDATORS: readonly Invalidator[] = [
  (q, r) => withField(q, ['literal'], r.pick([undefined, 3, null, ['x']])),
  (q) => (q.large ? undefined : withField(q, ['literal'], 'x'.repeat(LITERAL_BOX_MAX + 1))),
  (q, r) => withField(q, ['settings', 'p'], r.pick([NaN, Infinity, -Infinity, '0.5', null])),
  (q, r) => withField(q, ['settings', 'variant'], r.pick(['dropout4d', '', 'Dropout', 1])),
  (q, r) => withField(q, ['settings', r.pick(['training', 'inplace'])], r.pick(['true', 1, null, undefined])),
  (q, r) => withField(q, ['settings', 'seed'], r.pick([5, null, undefined])),
  (q, r) => withField(q, ['settings', 'pIsInt'], r.pick(['yes', 0, null])),
  (q, r) => withField(q, ['settingsSource'], r.pick([undefined, 1, {}])),
  (q, r) => withField(q, ['origin'], r.pick([undefined, 'a.py', [], 0])),
  (q, r) => (q.origin ? withField(q, ['origin', 'uri'], r.pick(BAD_URIS)) : undefined),
  (q, r) => (q.origin ? withField(q, ['origin', 'line'], r.pick([0, -1, 1.5, '3', 2 ** 53])) : undefined),
  (q) => {
    const g = (q.origin as Obj | null)?.range as Obj | undefined;
    if (!g) return undefined;
    const later = g.endLine !== g.startLine || g.endCharacter !== g.startCharacter;
    // Reversed: the end before the start.
    return later ? withField(q, ['origin', 'range'], { startLine: g.endLine, startCharacter: g.endCharacter, endLine: g.startLine, endCharacter: g.startCharacter }) : undefined;
  },
  (q, r) => ((q.origin as Obj | null)?.range ? withField(q, ['origin', 'range', r.pick(['startLine', 'startCharacter', 'endLine', 'endCharacter'])], r.pick([-1, 0.5, '1', 2 ** 53])) : undefined),
  (q, r) => (q.large ? withField(q, ['large', 'length'], r.pick([LITERAL_BOX_MAX, 0, -1, 1.5, 2 ** 40])) : undefined),
  (q) => (q.large ? withField(q, ['literal'], 'x'.repeat(LITERAL_PREVIEW + 1)) : undefined),
  (q, r) => (q.large ? withField(q, ['large', r.pick(['digest', 'tensor'])], undefined) : undefined),
  onTensor((t) => ({ ...t, shape: new Array(129 + 1000).fill(1) })),
  onTensor((t, r) => ({ ...t, shape: [r.pick([2 ** 53, DEFAULT_MAX_ELEMENTS + 1, -1, 1.5]), 0], data: new Float32Array(0), dtype: 'float32' })),
  onTensor((t) => ({ ...t, shape: [4096, 4096], dtype: 'bool', data: new Uint8Array(0), requiresGrad: false })),
  onTensor((t) => ({ ...t, shape: [2], dtype: 'int64', data: new Float64Array([1, 0.5]), requiresGrad: false })),
  onTensor((t) => ({ ...t, shape: [1], dtype: 'int64', data: new Float64Array([2 ** 60]), requiresGrad: false })),
  onTensor((t) => ({ ...t, shape: [2], dtype: 'bool', data: new Uint8Array([0, 255]), requiresGrad: false })),
  onTensor((t, r) => ({ ...t, shape: [1], dtype: r.pick(['int64', 'bool']), data: t.dtype === 'bool' ? new Uint8Array(1) : new Float64Array(1), requiresGrad: true })),
  onTensor((t) => ({ ...t, shape: [(t.data as Uint8Array).length + 1] })),
  onTensor((t) => ({ ...t, data: Array.from(t.data as Uint8Array) })),
  onTensor((t, r) => ({ ...t, dtype: r.pick(['float16', 'complex64', '', 3]) })),
];
