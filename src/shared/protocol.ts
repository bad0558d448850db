// Messages between the extension host and the Dropout Lens panel (webview).
// Both sides import this one file, so a message shape can only change in one place.
// Everything that crosses postMessage is untrusted input for the receiver: each
// direction has a validator, and a receiver acts only on what its validator returns.

import { BUILDS, isBuild, type Build } from '../core/builds';
import { VARIANTS, type Variant } from '../core/dropout';
import { DEFAULT_MAX_CHARS, DEFAULT_MAX_ELEMENTS, TORCH_MAX_DIMS } from '../core/parse';
import { MAX_CALL } from '../core/run';
import { DTYPES, isFloating, numel, type DType, type TensorData } from '../core/tensor';
import { MAX_PANEL_DRAWS } from './limits';
import { STRINGS, type Strings } from './strings';

/** The dropout call the panel shows: everything `runDropout` needs besides the tensor. */
export interface RunSettings {
  readonly p: number;
  readonly variant: Variant;
  readonly training: boolean;
  readonly inplace: boolean;
  /** Canonical decimal seed, as `torch.manual_seed` takes it. */
  readonly seed: string;
  /** 1-based: the k-th call after `torch.manual_seed(seed)`, 1 to MAX_CALL. */
  readonly call: number;
  /** Generator outputs other code drew after the seed before call 1 (replay's count); absent means 0. */
  readonly drawn?: number;
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
 * literal is 7.5 MB) is sent parsed, as a `LargeLiteral`: the text would be slow to cross
 * postMessage and as slow again to parse in the page (`npm run bench`'s parse column; `npm run
 * bench:panel` times the message as sent), and it would bloat the saved state.
 */
export const LITERAL_BOX_MAX = 100_000;
/** How much of a large literal's text the request carries, for the read-only box. */
export const LITERAL_PREVIEW = 2_000;

/** A tensor as it crosses postMessage: VS Code sends a typed array's buffer as binary (engine >= 1.57), not as JSON. */
interface TensorPayload {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The dtype's array type (see core/tensor), `numel(shape)` long. */
  readonly data: TensorData;
  readonly requiresGrad: boolean;
}

/** What stands for the text of a literal longer than LITERAL_BOX_MAX. */
interface LargeLiteral {
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
  /** The code sets no `torch.manual_seed` for this expression: each run of it draws another mask. */
  readonly unseeded?: boolean;
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

/** Where "Insert" writes: in place of the expression, or on a new line below its statement. */
export type InsertWhere = 'replace' | 'below';

/** Webview -> extension host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /**
   * Write `literal` into the request's document (one undo step): in place of the expression
   * (`replace`, the default), or as `y = <literal>` on a new line after its statement (`below`).
   */
  | { readonly type: 'insert'; readonly literal: string; readonly where?: InsertWhere }
  | { readonly type: 'copy'; readonly text: string }
  /**
   * What the page shows now for request `requestId`, sent on each change: the editor's Copy and
   * Replace act on it. `literal` is null while the box holds the request's own text.
   */
  | { readonly type: 'current'; readonly requestId: string; readonly literal: string | null; readonly settings: RunSettings };

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

/** Why a message was refused: the field's path and what is wrong with it (for the log). */
class ProtocolError extends Error {}

/** A message checked: its value, or why it was refused. */
export type Checked<T> = { readonly value: T; readonly error?: undefined } | { readonly value?: undefined; readonly error: string };

const refuse = (field: string, what: string): never => {
  throw new ProtocolError(`${field}: ${what}`);
};

function record(value: unknown, field: string): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : refuse(field, 'not an object');
}

function count(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) refuse(field, `not a whole number from ${min} to ${max}`);
  return value as number;
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') refuse(field, 'not a string');
  if ((value as string).length > max) refuse(field, `longer than ${max} characters`);
  return value as string;
}

/** An array's elements, read by index: an array whose prototype was swapped has no `map` to trust. */
function elements(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) refuse(field, 'not an array');
  const array = value as unknown[];
  if (array.length > max) refuse(field, `more than ${max} elements`);
  const out: unknown[] = [];
  for (let i = 0; i < array.length; i++) out.push(array[i]);
  return out;
}

const bool = (value: unknown, field: string): boolean => (typeof value === 'boolean' ? value : refuse(field, 'not a boolean'));

/** The longest literal "Insert into editor" writes or "Copy" copies: what the parser reads back. */
export const MAX_LITERAL_TEXT = DEFAULT_MAX_CHARS;
/** Longest document URI, file name, request id or UI string accepted. */
const MAX_NAME = 8192;
/** Schemes of URLs and handlers, never of a document the panel may write into. */
const NOT_DOCUMENTS = new Set(['command', 'http', 'https', 'ftp', 'ws', 'wss', 'mailto', 'data', 'blob', 'javascript', 'vbscript', 'about', 'vscode', 'vscode-insiders', 'vscode-webview', 'vscode-resource', 'vscode-file']);

function settingsOf(value: unknown, field: string): RunSettings {
  const v = record(value, field);
  // p may lie outside [0, 1]: the panel then shows PyTorch's ValueError, as Python would raise it.
  if (typeof v.p !== 'number' || !Number.isFinite(v.p)) refuse(`${field}.p`, 'not a finite number');
  if (typeof v.variant !== 'string' || !(VARIANTS as readonly string[]).includes(v.variant)) refuse(`${field}.variant`, `not one of ${VARIANTS.join(', ')}`);
  const settings = {
    p: v.p as number, variant: v.variant as Variant, training: bool(v.training, `${field}.training`), inplace: bool(v.inplace, `${field}.inplace`),
    seed: text(v.seed, `${field}.seed`, MAX_NAME), call: count(v.call, `${field}.call`, 1, MAX_CALL),
  };
  if (v.build !== undefined && !isBuild(v.build)) refuse(`${field}.build`, `not one of ${BUILDS.join(', ')}`);
  const counted = v.drawn === undefined ? settings : { ...settings, drawn: count(v.drawn, `${field}.drawn`, 0, MAX_CALL) };
  const built = v.build === undefined ? counted : { ...counted, build: v.build as Build };
  return v.pIsInt === undefined ? built : { ...built, pIsInt: bool(v.pIsInt, `${field}.pIsInt`) };
}

function rangeOf(value: unknown, field: string): SourceRange {
  const v = record(value, field);
  const range = {
    startLine: count(v.startLine, `${field}.startLine`, 0), startCharacter: count(v.startCharacter, `${field}.startCharacter`, 0),
    endLine: count(v.endLine, `${field}.endLine`, 0), endCharacter: count(v.endCharacter, `${field}.endCharacter`, 0),
  };
  if (range.endLine < range.startLine || (range.endLine === range.startLine && range.endCharacter < range.startCharacter)) refuse(field, 'ends before it starts');
  return range;
}

/** A document URI as `Uri.toString()` writes it: a scheme, then printable ASCII only, and no URL or command. */
function documentUri(value: unknown, field: string): string {
  const uri = text(value, field, MAX_NAME);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):[!-~]*$/.exec(uri)?.[1];
  if (scheme === undefined) refuse(field, 'not a URI with a scheme');
  if (NOT_DOCUMENTS.has((scheme as string).toLowerCase())) refuse(field, `a ${scheme} URI, not a document`);
  return uri;
}

function originOf(value: unknown, field: string): RequestOrigin | null {
  if (value === null) return null;
  const v = record(value, field);
  const origin: { fileName: string; line: number; uri?: string; range?: SourceRange } = { fileName: text(v.fileName, `${field}.fileName`, MAX_NAME), line: count(v.line, `${field}.line`, 1) };
  if (v.uri !== undefined) origin.uri = documentUri(v.uri, `${field}.uri`);
  if (v.range !== undefined) origin.range = rangeOf(v.range, `${field}.range`);
  return origin;
}

const ARRAY_TYPES: Record<DType, new (length: number) => TensorData> = { float32: Float32Array, float64: Float64Array, int64: Float64Array, bool: Uint8Array };

/** A tensor the parser could have read: its limits, and values its dtype can hold (the page indexes it without checks). */
function tensorOf(value: unknown, field: string): TensorPayload {
  const v = record(value, field);
  const shape = elements(v.shape, `${field}.shape`, TORCH_MAX_DIMS).map((d, i) => count(d, `${field}.shape[${i}]`, 0, DEFAULT_MAX_ELEMENTS));
  if (numel(shape) > DEFAULT_MAX_ELEMENTS) refuse(`${field}.shape`, `more than ${DEFAULT_MAX_ELEMENTS} elements`);
  if (typeof v.dtype !== 'string' || !(DTYPES as readonly string[]).includes(v.dtype)) refuse(`${field}.dtype`, `not one of ${DTYPES.join(', ')}`);
  const dtype = v.dtype as DType;
  // isView: a real typed array, not an object that only inherits from one.
  if (!ArrayBuffer.isView(v.data) || !(v.data instanceof ARRAY_TYPES[dtype])) refuse(`${field}.data`, `not the ${dtype} array type`);
  const data = v.data as TensorData;
  if (data.length !== numel(shape)) refuse(`${field}.data`, `${data.length} elements for shape [${shape.join(', ')}]`);
  const bad = dtype === 'int64' ? data.findIndex((x) => !Number.isInteger(x) || Math.abs(x) > 2 ** 53) : dtype === 'bool' ? data.findIndex((x) => x > 1) : -1;
  if (bad >= 0) refuse(`${field}.data[${bad}]`, `${data[bad]} in a ${dtype} tensor`);
  const requiresGrad = bool(v.requiresGrad, `${field}.requiresGrad`);
  // PyTorch: only floating point tensors can require gradients.
  if (requiresGrad && !isFloating(dtype)) refuse(`${field}.requiresGrad`, `true on a ${dtype} tensor`);
  return { shape, dtype, data, requiresGrad };
}

function largeOf(value: unknown, field: string, preview: string): LargeLiteral {
  const v = record(value, field);
  const length = count(v.length, `${field}.length`, LITERAL_BOX_MAX + 1, DEFAULT_MAX_CHARS);
  if (preview.length > Math.min(LITERAL_PREVIEW, length)) refuse('literal', `a preview longer than ${LITERAL_PREVIEW} characters`);
  const digest = text(v.digest, `${field}.digest`, 64);
  return { length, digest, tensor: v.tensor === null ? null : tensorOf(v.tensor, `${field}.tensor`) };
}

function requestOf(value: unknown, field: string): PanelRequest {
  const v = record(value, field);
  // A literal longer than the box travels as `large`; the text of one is only its preview.
  const literal = text(v.literal, `${field}.literal`, LITERAL_BOX_MAX);
  const settings = settingsOf(v.settings, `${field}.settings`);
  const origin = originOf(v.origin, `${field}.origin`);
  const settingsSource = v.settingsSource === null ? null : text(v.settingsSource, `${field}.settingsSource`, MAX_NAME);
  const buildReason = v.buildReason === undefined ? undefined : text(v.buildReason, `${field}.buildReason`, MAX_NAME);
  const request = {
    literal, settings, origin, settingsSource, ...(buildReason === undefined ? {} : { buildReason }),
    ...(v.unseeded === undefined ? {} : { unseeded: bool(v.unseeded, `${field}.unseeded`) }),
  };
  return v.large === undefined ? request : { ...request, large: largeOf(v.large, `${field}.large`, literal) };
}

function stateOf(value: unknown): PanelState {
  const v = record(value, 'state');
  const requestId = text(v.requestId, 'requestId', MAX_NAME);
  const literal = v.literal === null ? null : text(v.literal, 'literal', LITERAL_BOX_MAX);
  const request = requestOf(v.request, 'request');
  const settings = settingsOf(v.settings, 'settings');
  const slice = elements(v.slice, 'slice', TORCH_MAX_DIMS).map((i, k) => count(i, `slice[${k}]`, 0, DEFAULT_MAX_ELEMENTS - 1));
  const state = { requestId, request, literal, settings, slice };
  return v.draws === undefined ? state : { ...state, draws: count(v.draws, 'draws', 1, MAX_PANEL_DRAWS) };
}

function stringsOf(value: unknown): Strings {
  const v = record(value, 'strings');
  return Object.fromEntries(Object.keys(STRINGS).map((key) => [key, text(v[key], `strings.${key}`, MAX_NAME)])) as unknown as Strings;
}

/** Never JSON.stringify a value of unknown type here: a BigInt would throw. */
const unknownType = (type: unknown): string => (typeof type === 'string' ? `unknown message type ${JSON.stringify(type.slice(0, 40))}` : `a ${typeof type}, not a message type`);

function webviewMessageOf(value: unknown): WebviewMessage {
  const v = record(value, 'message');
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'insert': {
      const literal = text(v.literal, 'literal', MAX_LITERAL_TEXT);
      if (v.where === undefined) return { type: 'insert', literal };
      if (v.where !== 'replace' && v.where !== 'below') refuse('where', 'not one of replace, below');
      return { type: 'insert', literal, where: v.where as InsertWhere };
    }
    case 'copy':
      return { type: 'copy', text: text(v.text, 'text', MAX_LITERAL_TEXT) };
    case 'current':
      return {
        type: 'current', requestId: text(v.requestId, 'requestId', MAX_NAME),
        literal: v.literal === null ? null : text(v.literal, 'literal', LITERAL_BOX_MAX), settings: settingsOf(v.settings, 'settings'),
      };
    default:
      return refuse('type', unknownType(v.type));
  }
}

function hostMessageOf(value: unknown): HostMessage {
  const v = record(value, 'message');
  switch (v.type) {
    case 'init':
      return { type: 'init', strings: stringsOf(v.strings), requestId: text(v.requestId, 'requestId', MAX_NAME), request: v.request === null ? null : requestOf(v.request, 'request') };
    case 'show':
      return { type: 'show', requestId: text(v.requestId, 'requestId', MAX_NAME), request: requestOf(v.request, 'request') };
    case 'notice':
      return { type: 'notice', text: text(v.text, 'text', MAX_NAME) };
    default:
      return refuse('type', unknownType(v.type));
  }
}

function checked<T>(of: (value: unknown) => T): (value: unknown) => Checked<T> {
  return (value) => {
    try {
      return { value: of(value) };
    } catch (e) {
      if (e instanceof ProtocolError) return { error: e.message };
      throw e;
    }
  };
}

/** Checks a webview -> host message: the message (only its known fields), or the field that is wrong. */
export const checkWebviewMessage = checked(webviewMessageOf);
/** Checks a host -> webview message. */
export const checkHostMessage = checked(hostMessageOf);
/** Checks a saved PanelState (e.g. a state of an older version is refused). */
export const checkPanelState = checked(stateOf);
/** Checks a PanelRequest. */
export const checkPanelRequest = checked((value) => requestOf(value, 'request'));

/** The well-formed webview -> host message, else `undefined`. */
export const parseWebviewMessage = (value: unknown): WebviewMessage | undefined => checkWebviewMessage(value).value;
/** The well-formed host -> webview message, else `undefined`. */
export const parseHostMessage = (value: unknown): HostMessage | undefined => checkHostMessage(value).value;
/** The well-formed PanelState, else `undefined`. */
export const parsePanelState = (value: unknown): PanelState | undefined => checkPanelState(value).value;
/** The well-formed PanelRequest (only its known fields), else `undefined`. */
export const parsePanelRequest = (value: unknown): PanelRequest | undefined => checkPanelRequest(value).value;
