// Messages between the extension host and the Dropout Lens panel (webview).
// Both sides import this one file, so a message shape can only change in one place.
// Everything that crosses postMessage is untrusted input for the receiver: each
// direction has a validator, and a receiver acts only on what its validator returns.

import { VARIANTS, type Variant } from './core/dropout';
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

/** What the editor commands (and the playground) ask the panel to show. */
export interface PanelRequest {
  /** The tensor expression's source text. */
  readonly literal: string;
  readonly settings: RunSettings;
  readonly origin: RequestOrigin | null;
  /** Where p/variant came from, shown in the panel, e.g. "nn.Dropout(p=0.2), line 12". */
  readonly settingsSource: string | null;
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
  const settings = { p, variant: variant as Variant, training, inplace, seed, call };
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

/** Returns the request if `value` is a well-formed PanelRequest (only its known fields), else `undefined`. */
export function parsePanelRequest(value: unknown): PanelRequest | undefined {
  if (!isRecord(value) || typeof value.literal !== 'string') return undefined;
  const settings = parseSettings(value.settings);
  const origin = parseOrigin(value.origin);
  const { settingsSource } = value;
  if (!settings || origin === undefined || (settingsSource !== null && typeof settingsSource !== 'string')) return undefined;
  return { literal: value.literal, settings, origin, settingsSource };
}

/** Returns the state if `value` is a well-formed PanelState, else `undefined` (e.g. a state of an older version). */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (!isRecord(value) || typeof value.requestId !== 'string' || (value.literal !== null && typeof value.literal !== 'string')) return undefined;
  const request = parsePanelRequest(value.request);
  const settings = parseSettings(value.settings);
  const { slice } = value;
  if (!request || !settings || !Array.isArray(slice) || !slice.every((i) => isCount(i, 0))) return undefined;
  return { requestId: value.requestId, request, literal: value.literal, settings, slice: [...(slice as number[])] };
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
