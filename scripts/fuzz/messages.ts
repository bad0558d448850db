/**
 * Grammar and mutation fuzzing of the validators at the panel's boundary (both directions, the
 * saved state) and of the commands' argument (the hover's trusted link carries one): a valid
 * value must be accepted, a value broken by a known rule refused, and no value, however odd
 * (what structured clone can carry: BigInt, Map, typed arrays, NaN...), may make one throw.
 * What a random mutation makes of a value is judged by checking the accepted result against the
 * documented invariants, written here independently of src/shared/protocol.ts.
 */
import type { Translator } from '../../src/analysis/explain';
import { ArgsError, MAX_SETTINGS_SOURCE, parseApplyArgs } from '../../src/commandArgs';
import { VARIANTS } from '../../src/core/dropout';
import { checkHostMessage, checkPanelRequest, checkPanelState, checkWebviewMessage, LITERAL_BOX_MAX, LITERAL_PREVIEW, MAX_LITERAL_TEXT, type Checked } from '../../src/shared/protocol';
import { STRINGS } from '../../src/shared/strings';
import * as g from './messageGrammar';
import { Prng } from './prng';
import { OK, runFuzz, show, type Verdict } from './support';
import type { Fuzzer } from './types';

type Obj = Record<string, unknown>;

const en: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

function checkArgs(value: unknown): Checked<unknown> {
  try {
    return { value: parseApplyArgs(value, en) };
  } catch (e) {
    if (e instanceof ArgsError) return { error: e.message };
    throw e;
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const URI = /^([a-z][a-z0-9+.-]*):[!-~]*$/i;
const NOT_DOCUMENTS = ['command', 'http', 'https', 'ftp', 'ws', 'wss', 'mailto', 'data', 'blob', 'javascript', 'vbscript', 'about', 'vscode', 'vscode-insiders', 'vscode-webview', 'vscode-resource', 'vscode-file'];

/** What an accepted request must satisfy, or what it breaks. */
function requestFlaw(q: Obj): string | undefined {
  if (typeof q.literal !== 'string' || q.literal.length > (q.large ? LITERAL_PREVIEW : LITERAL_BOX_MAX)) return 'literal';
  const s = q.settings as Obj;
  if (!isObj(s) || typeof s.p !== 'number' || !Number.isFinite(s.p) || !VARIANTS.includes(s.variant as never) || !Number.isSafeInteger(s.call) || (s.call as number) < 1) return 'settings';
  const o = q.origin as Obj | null;
  if (o !== null) {
    if (!isObj(o) || typeof o.fileName !== 'string') return 'origin';
    const scheme = typeof o.uri === 'string' ? URI.exec(o.uri)?.[1]?.toLowerCase() : undefined;
    if (o.uri !== undefined && (!scheme || NOT_DOCUMENTS.includes(scheme))) return 'origin.uri';
    const r = o.range as Obj | undefined;
    if (r && ((r.endLine as number) < (r.startLine as number) || (r.endLine === r.startLine && (r.endCharacter as number) < (r.startCharacter as number)))) return 'origin.range';
  }
  const t = (q.large as Obj | undefined)?.tensor as Obj | null | undefined;
  if (!t) return undefined;
  const shape = t.shape as number[];
  const data = t.data as Float64Array;
  if (shape.length > 128 || shape.reduce((a, b) => a * b, 1) !== data.length || data.length > 4 * 1024 * 1024) return 'tensor.shape';
  if (t.dtype === 'int64' && data.some((x) => !Number.isInteger(x) || Math.abs(x) > 2 ** 53)) return 'tensor.data (int64)';
  if (t.dtype === 'bool' && data.some((x) => x > 1)) return 'tensor.data (bool)';
  if (t.requiresGrad && t.dtype !== 'float32' && t.dtype !== 'float64') return 'tensor.requiresGrad';
  return undefined;
}

interface Target {
  readonly name: string;
  readonly generate: (r: Prng) => Obj;
  readonly check: (value: unknown) => Checked<unknown>;
  readonly invalidators: readonly g.Invalidator[];
  /** Whether an unknown field is ignored (the panel's messages) or refused (the commands' argument). */
  readonly extraFieldsOk: boolean;
  readonly flaw: (accepted: Obj) => string | undefined;
}

const under = (key: string, invalidators: readonly g.Invalidator[]): g.Invalidator[] =>
  invalidators.map((inv) => (v, r) => {
    if (!isObj(v[key])) return undefined;
    const inner = inv(v[key] as Obj, r);
    return inner && { ...v, [key]: inner };
  });

const wrongType: g.Invalidator = (v, r) => g.withField(v, ['type'], r.pick(['reload', 'eval', '', 3, undefined, null]));

const TARGETS: readonly Target[] = [
  { name: 'request', generate: g.request, check: checkPanelRequest, invalidators: g.REQUEST_INVALIDATORS, extraFieldsOk: true, flaw: requestFlaw },
  {
    name: 'host', generate: g.hostMessage, check: checkHostMessage, extraFieldsOk: true,
    invalidators: [
      ...under('request', g.REQUEST_INVALIDATORS), wrongType,
      (v, r) => (v.type === 'notice' ? undefined : g.withField(v, ['requestId'], r.pick([undefined, 1, null]))),
      (v, r) => (v.type === 'init' ? g.withField(v, ['strings', r.pick(Object.keys(STRINGS))], r.pick([undefined, 1, null])) : undefined),
      (v, r) => (v.type === 'notice' ? g.withField(v, ['text'], r.pick([undefined, 1, null, 'x'.repeat(8193)])) : undefined),
    ],
    flaw: (m) => (isObj(m.request) ? requestFlaw(m.request) : undefined),
  },
  {
    name: 'state', generate: g.state, check: checkPanelState, extraFieldsOk: true,
    invalidators: [
      ...under('request', g.REQUEST_INVALIDATORS),
      (v, r) => g.withField(v, ['slice'], r.pick([[-1], [0.5], [2 ** 40], new Array(129).fill(0), 'x', null])),
      (v, r) => g.withField(v, ['draws'], r.pick([0, 100_001, 1.5, '100', null])),
      (v) => g.withField(v, ['literal'], 'x'.repeat(LITERAL_BOX_MAX + 1)),
      (v, r) => g.withField(v, ['requestId'], r.pick([undefined, 7, null])),
      (v, r) => g.withField(v, ['settings', 'variant'], r.pick(['dropout4d', undefined])),
    ],
    flaw: (s) => (isObj(s.request) ? requestFlaw(s.request) : undefined) ?? ((s.slice as number[]).some((i) => i >= 4 * 1024 * 1024) ? 'slice' : undefined),
  },
  {
    name: 'webview', generate: g.webviewMessage, check: checkWebviewMessage, extraFieldsOk: true,
    invalidators: [
      wrongType,
      (v, r) => (v.type === 'insert' ? g.withField(v, ['literal'], r.pick([undefined, 1, null, longText()])) : undefined),
      (v, r) => (v.type === 'copy' ? g.withField(v, ['text'], r.pick([undefined, 1, null, longText()])) : undefined),
    ],
    flaw: (m) => (typeof m.literal === 'string' && m.literal.length > MAX_LITERAL_TEXT ? 'literal' : undefined),
  },
  {
    name: 'args', generate: g.applyArgs, check: checkArgs, extraFieldsOk: false,
    invalidators: [
      (v, r) => g.withField(v, ['p'], r.pick([NaN, Infinity, '0.5', null, true])),
      (v, r) => ({ ...v, p: r.pick([0.5, 0.25, 1e-9]), pIsInt: true }),
      (v, r) => g.withField(v, ['variant'], r.pick(['dropout4d', 'Dropout', 1, null])),
      (v, r) => g.withField(v, ['seed'], r.pick(['abc', '1e3', '18446744073709551616', '-9223372036854775809', 2 ** 60, 1.5, '9'.repeat(100_000), true, null])),
      (v, r) => g.withField(v, [r.pick(['training', 'inplace'])], r.pick(['x', 2, null, {}, []])),
      (v, r) => g.withField(v, [r.pick(['literal', 'settingsSource', 'call'])], r.pick([true, null, {}, []])),
      (v) => g.withField(v, ['settingsSource'], 'x'.repeat(MAX_SETTINGS_SOURCE + 1)),
      (v, r) => g.withField(v, ['call'], r.pick([0, -1, 1.5, 2 ** 53])),
    ],
    flaw: (a) => (Object.keys(a).some((k) => a[k] !== undefined && !['p', 'pIsInt', 'variant', 'training', 'inplace', 'seed', 'call', 'literal', 'settingsSource'].includes(k)) ? 'unknown field' : undefined),
  },
];

let long: string | undefined;
/** One string just over the insert/copy limit, made once (64 MB). */
const longText = (): string => (long ??= 'x'.repeat(MAX_LITERAL_TEXT + 1));

const ODD: readonly (() => unknown)[] = [
  () => undefined, () => null, () => NaN, () => -0, () => Infinity, () => 2 ** 53, () => -1, () => 1e308, () => '', () => 'x'.repeat(1000),
  () => [], () => ({}), () => true, () => 10n, () => new Date(0), () => new Map([[1, 2]]), () => new Set([1]), () => new Float32Array(3),
  () => new Uint8Array([255]), () => new Float64Array([0.5]), () => [1, [2, [3]]], () => ({ type: 'ready' }), () => 'command:x', () => ({ toString: 1, valueOf: 2 }),
];

/** A random node of `value` replaced by an odd value: nothing is known of the result but that it must not crash a validator. */
function scramble(value: Obj, r: Prng): unknown {
  if (r.chance(0.05)) return r.pick(ODD)();
  const copy = structuredClone(value);
  let at: Obj = copy;
  for (let depth = 0; depth < 6; depth++) {
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = r.pick(keys);
    const next = at[key];
    if (!isObj(next) && !Array.isArray(next)) break;
    if (r.chance(0.4)) {
      at[key] = r.pick(ODD)();
      return copy;
    }
    at = next as Obj;
  }
  at[r.chance(0.8) ? r.pick([...Object.keys(at), 'extra']) : '__proto__'] = r.pick(ODD)();
  return copy;
}

function judge(target: Target, value: unknown, expect: 'accept' | 'refuse' | 'unknown'): Verdict {
  const result = target.check(value);
  if (expect === 'accept' && result.error !== undefined) return { ok: false, kind: 'wrongAccept', what: `${target.name} refused a valid value (${result.error})` };
  if (expect === 'refuse' && result.error === undefined) return { ok: false, kind: 'wrongAccept', what: `${target.name} accepted an invalid value` };
  if (result.error === undefined && isObj(result.value)) {
    const flaw = target.flaw(result.value);
    if (flaw) return { ok: false, kind: 'wrongAccept', what: `${target.name} accepted a value with a bad ${flaw}` };
  }
  return OK;
}

export const fuzzer: Fuzzer = {
  name: 'messages',
  run: (options) =>
    runFuzz('messages', options, (r) => {
      const target = r.pick(TARGETS);
      const valid = target.generate(r);
      const mode = r.next();
      let value: unknown = valid;
      let expect: 'accept' | 'refuse' | 'unknown' = 'accept';
      if (mode < 0.45) {
        const inv = r.pick(target.invalidators)(valid, r);
        if (inv) [value, expect] = [inv, 'refuse'];
      } else if (mode < 0.55) {
        [value, expect] = [{ ...valid, [`x${r.int(9)}`]: r.pick(ODD)() }, target.extraFieldsOk ? 'accept' : 'refuse'];
      } else if (mode < 0.8) {
        [value, expect] = [scramble(valid, r), 'unknown'];
      }
      return { input: () => `${target.name} ${expect}: ${show(value)}`, verdict: () => judge(target, value, expect) };
    }),
};
