// Messages between the extension host and the Dropout Lens panel (webview).
// Both sides import this one file, so a message shape can only change in one place.
// Everything that crosses postMessage is untrusted input for the receiver: each
// direction has a validator, and a receiver acts only on what its validator returns.

import { isBuild, type Build } from './core/builds';
import { VARIANTS, type Variant } from './core/dropout';
import { DTYPES, numel, type DType, type TensorData } from './core/tensor';
import { MAX_PANEL_DRAWS } from './webview/montecarlo';
import { STRINGS, type Strings } from './webview/strings';

/** The dropout call the panel shows: everything `runDropout` needs besides the tensor. */
export interface RunSettings {
  readonly p: number;
  readonly variant: Variant;
  readonly training: boolean;
  readonly inplace: boolean;
  /** Canonical decimal seed, as `torch.manual_seed` takes it. */
  readonly seed: string;
  /** 1-based: the k-th call after `torch.manual_seed(seed)`. */
  readonly call: number;
  /** p was written as a Python int (`p=2`): PyTorch's error then says `got 2`, not `got 2.0`. */
  readonly pIsInt?: boolean;
  /** Whose masks (builds.ts); absent means `default`. */
  readonly build?: Build;
}

/** A 0-based range in a document (the fields of `vscode.Range`, which cannot cross postMessage). */
export interface SourceRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** Where a request's tensor expression was read. */
export interface RequestOrigin {
  /** Base name of the document, e.g. `mlp.py`. */
  readonly fileName: string;
  /** 1-based line of the expression. */
  readonly line: number;
  /** The document's URI (`uri.toString()`); with `range`, lets "Insert into editor" replace the expression. */
  readonly uri?: string;
  /** The expression's range in that document. */
  readonly range?: SourceRange;
}

/**
 * Longest literal sent as text, for the page's editable literal box. A longer one (a 1000x1000
 * literal is 7.5 MB) is sent parsed, as a `LargeLiteral`: the text would cost a second to cross
 * postMessage and as long again to parse in the page, and it would bloat the saved state.
 */
export const LITERAL_BOX_MAX = 100_000;
/** How much of a large literal's text the request carries, for the read-only box. */
export const LITERAL_PREVIEW = 2_000;

/** A tensor as it crosses postMessage: VS Code sends a typed array's buffer as binary (engine >= 1.57), not as JSON. */
export interface TensorPayload {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The dtype's array type (see core/tensor), `numel(shape)` long. */
  readonly data: TensorData;
  readonly requiresGrad: boolean;
}

/** What stands for the text of a literal longer than LITERAL_BOX_MAX. */
export interface LargeLiteral {
  /** The whole text's fingerprint: after a restart the host takes the expression from its document only if it still matches. */
  readonly length: number;
  readonly digest: string;
  /** The parsed tensor; null in the saved state (megabytes stay out of setState) and when the host could not read the expression again. */
  readonly tensor: TensorPayload | null;
}

/** What the editor commands (and the playground) ask the panel to show. */
export interface PanelRequest {
  /** The tensor expression's source text; with `large`, only its first LITERAL_PREVIEW characters. */
  readonly literal: string;
  /** Set when the literal is longer than LITERAL_BOX_MAX: the page then runs on `large.tensor` without parsing. */
  readonly large?: LargeLiteral;
  readonly settings: RunSettings;
  readonly origin: RequestOrigin | null;
  /** Where p/variant came from, shown in the panel, e.g. "nn.Dropout(p=0.2), line 12". */
  readonly settingsSource: string | null;
  /** Why the editor chose `settings.build`, e.g. "PyTorch 2.4.1, x86-64 wheel → MKL masks". */
  readonly buildReason?: string;
}

/**
 * What the page persists with `setState` (and VS Code hands the serializer after a reload):
 * the request it was opened on, and the user's edits since.
 */
export interface PanelState {
  /** Identifies the request (the host numbers them), so a reloaded page keeps its edits of the same one. */
  readonly requestId: string;
  readonly request: PanelRequest;
  /** The literal box's text; null while it is the request's (a large literal is stored once). */
  readonly literal: string | null;
  readonly settings: RunSettings;
  /** Indices chosen for the leading dimensions of an N-d tensor. */
  readonly slice: readonly number[];
  /** N, the calls the Monte-Carlo simulates (absent in states saved before it could be set). */
  readonly draws?: number;
}

/** Webview -> extension host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** Replace the request's expression in its document with `literal` (one undo step). */
  | { readonly type: 'insert'; readonly literal: string }
  | { readonly type: 'copy'; readonly text: string };

/** Extension host -> webview. */
export type HostMessage =
  /** The answer to `ready`: the UI strings and the request to show (null: keep the saved state, or the playground). */
  | { readonly type: 'init'; readonly strings: Strings; readonly requestId: string; readonly request: PanelRequest | null }
  /** A new request while the page is live. */
  | { readonly type: 'show'; readonly requestId: string; readonly request: PanelRequest }
  /** The outcome of `insert` / `copy`, for the page's status line. */
  | { readonly type: 'notice'; readonly text: string };

/** A fingerprint of a text (53 bits, two multiplicative lanes over the UTF-16 units): cheap on megabytes, no crypto needed to tell an edit. */
export function digest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The request for `literal`, parsed as `tensor` (the tensor as parsed, before any in-place run):
 * a literal that fits the box goes as text, a longer one as the tensor and a preview.
 */
export function literalRequest(literal: string, tensor: TensorPayload, rest: Omit<PanelRequest, 'literal' | 'large'>): PanelRequest {
  if (literal.length <= LITERAL_BOX_MAX) return { ...rest, literal };
  const { shape, dtype, data, requiresGrad } = tensor;
  return { ...rest, literal: literal.slice(0, LITERAL_PREVIEW), large: { length: literal.length, digest: digest(literal), tensor: { shape, dtype, data, requiresGrad } } };
}

/** The request as the page saves it: a large literal's tensor left out. */
export function withoutTensor(request: PanelRequest): PanelRequest {
  return request.large?.tensor ? { ...request, large: { ...request.large, tensor: null } } : request;
}

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function parseSettings(value: unknown): RunSettings | undefined {
  if (!isRecord(value)) return undefined;
  const { p, variant, training, inplace, seed, call } = value;
  // p may lie outside [0, 1]: the panel then shows PyTorch's ValueError, as Python would raise it.
  if (typeof p !== 'number' || !Number.isFinite(p)) return undefined;
  if (typeof variant !== 'string' || !(VARIANTS as readonly string[]).includes(variant)) return undefined;
  if (typeof training !== 'boolean' || typeof inplace !== 'boolean' || typeof seed !== 'string' || !isCount(call, 1)) return undefined;
  if (value.build !== undefined && !isBuild(value.build)) return undefined;
  const settings = { p, variant: variant as Variant, training, inplace, seed, call, ...(value.build === undefined ? {} : { build: value.build }) };
  if (value.pIsInt === undefined) return settings;
  return typeof value.pIsInt === 'boolean' ? { ...settings, pIsInt: value.pIsInt } : undefined;
}

function parseRange(value: unknown): SourceRange | undefined {
  if (!isRecord(value)) return undefined;
  const { startLine, startCharacter, endLine, endCharacter } = value;
  if (!isCount(startLine, 0) || !isCount(startCharacter, 0) || !isCount(endLine, 0) || !isCount(endCharacter, 0)) return undefined;
  return { startLine, startCharacter, endLine, endCharacter };
}

function parseOrigin(value: unknown): RequestOrigin | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || typeof value.fileName !== 'string' || !isCount(value.line, 1)) return undefined;
  const origin: { fileName: string; line: number; uri?: string; range?: SourceRange } = { fileName: value.fileName, line: value.line };
  if (value.uri !== undefined) {
    if (typeof value.uri !== 'string') return undefined;
    origin.uri = value.uri;
  }
  if (value.range !== undefined) {
    const range = parseRange(value.range);
    if (!range) return undefined;
    origin.range = range;
  }
  return origin;
}

const ARRAY_TYPES: Record<DType, new (length: number) => TensorData> = { float32: Float32Array, float64: Float64Array, int64: Float64Array, bool: Uint8Array };

function parseTensor(value: unknown): TensorPayload | undefined {
  if (!isRecord(value)) return undefined;
  const { shape, dtype, data, requiresGrad } = value;
  if (!Array.isArray(shape) || !shape.every((d) => isCount(d, 0)) || typeof requiresGrad !== 'boolean') return undefined;
  if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) return undefined;
  // The typed array of the dtype, holding exactly the shape's elements: the page indexes it without checks.
  if (!(data instanceof ARRAY_TYPES[dtype as DType]) || (data as TensorData).length !== numel(shape as number[])) return undefined;
  return { shape: [...(shape as number[])], dtype: dtype as DType, data: data as TensorData, requiresGrad };
}

function parseLarge(value: unknown, preview: string): LargeLiteral | undefined {
  if (!isRecord(value) || !isCount(value.length, LITERAL_BOX_MAX + 1) || typeof value.digest !== 'string') return undefined;
  if (preview.length > Math.min(LITERAL_PREVIEW, value.length)) return undefined;
  const tensor = value.tensor === null ? null : parseTensor(value.tensor);
  return tensor === undefined ? undefined : { length: value.length, digest: value.digest, tensor };
}

/** Returns the request if `value` is a well-formed PanelRequest (only its known fields), else `undefined`. */
export function parsePanelRequest(value: unknown): PanelRequest | undefined {
  if (!isRecord(value) || typeof value.literal !== 'string') return undefined;
  const settings = parseSettings(value.settings);
  const origin = parseOrigin(value.origin);
  const { settingsSource } = value;
  if (!settings || origin === undefined || (settingsSource !== null && typeof settingsSource !== 'string')) return undefined;
  if (value.buildReason !== undefined && typeof value.buildReason !== 'string') return undefined;
  const request = { literal: value.literal, settings, origin, settingsSource, ...(value.buildReason === undefined ? {} : { buildReason: value.buildReason }) };
  if (value.large === undefined) return request;
  const large = parseLarge(value.large, value.literal);
  return large ? { ...request, large } : undefined;
}

/** Returns the state if `value` is a well-formed PanelState, else `undefined` (e.g. a state of an older version). */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (!isRecord(value) || typeof value.requestId !== 'string' || (value.literal !== null && typeof value.literal !== 'string')) return undefined;
  const request = parsePanelRequest(value.request);
  const settings = parseSettings(value.settings);
  const { slice } = value;
  if (!request || !settings || !Array.isArray(slice) || !slice.every((i) => isCount(i, 0))) return undefined;
  const state = { requestId: value.requestId, request, literal: value.literal, settings, slice: [...(slice as number[])] };
  if (value.draws === undefined) return state;
  return isCount(value.draws, 1) && value.draws <= MAX_PANEL_DRAWS ? { ...state, draws: value.draws } : undefined;
}

function parseStrings(value: unknown): Strings | undefined {
  if (!isRecord(value)) return undefined;
  const strings: Record<string, string> = {};
  for (const key of Object.keys(STRINGS)) {
    const text = value[key];
    if (typeof text !== 'string') return undefined;
    strings[key] = text;
  }
  return strings as Strings;
}

/** Returns the message if `value` is a well-formed webview -> host message, else `undefined`. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'insert':
      return typeof value.literal === 'string' ? { type: 'insert', literal: value.literal } : undefined;
    case 'copy':
      return typeof value.text === 'string' ? { type: 'copy', text: value.text } : undefined;
    default:
      return undefined;
  }
}

/** Returns the message if `value` is a well-formed host -> webview message, else `undefined`. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'init': {
      const strings = parseStrings(value.strings);
      const request = value.request === null ? null : parsePanelRequest(value.request);
      if (!strings || request === undefined || typeof value.requestId !== 'string') return undefined;
      return { type: 'init', strings, requestId: value.requestId, request };
    }
    case 'show': {
      const request = parsePanelRequest(value.request);
      if (!request || typeof value.requestId !== 'string') return undefined;
      return { type: 'show', requestId: value.requestId, request };
    }
    case 'notice':
      return typeof value.text === 'string' ? { type: 'notice', text: value.text } : undefined;
    default:
      return undefined;
  }
}
