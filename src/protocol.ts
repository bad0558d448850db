// Messages between the extension host and the Dropout Lens panel (webview).
// Both sides import this one file, so a message shape can only change in one place.
// Everything that crosses postMessage is untrusted input for the receiver: each
// direction has a validator, and a receiver acts only on what its validator returns.

import type { Variant } from './core/dropout';

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

/** What the panel was opened on: the editor selection at the time of the command. */
export interface SourceSelection {
  /** The selected text (may be empty when the cursor only marks a position). */
  readonly text: string;
  /** Base name of the document, e.g. `mlp.py`. */
  readonly fileName: string;
  /** 1-based line of the selection start. */
  readonly line: number;
}

/** Webview -> extension host. */
export type WebviewMessage = { readonly type: 'ready' };

/** Extension host -> webview. */
export type HostMessage = {
  readonly type: 'init';
  readonly extensionVersion: string;
  readonly selection: SourceSelection | null;
};

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSelection(value: unknown): value is SourceSelection {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    typeof value.fileName === 'string' &&
    typeof value.line === 'number' &&
    Number.isInteger(value.line) &&
    value.line >= 1
  );
}

/** Returns the message if `value` is a well-formed webview -> host message, else `undefined`. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    default:
      return undefined;
  }
}

/** Returns the message if `value` is a well-formed host -> webview message, else `undefined`. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'init': {
      const { extensionVersion, selection } = value;
      if (typeof extensionVersion !== 'string') return undefined;
      if (selection !== null && !isSelection(selection)) return undefined;
      return {
        type: 'init',
        extensionVersion,
        selection: selection === null ? null : { text: selection.text, fileName: selection.fileName, line: selection.line },
      };
    }
    default:
      return undefined;
  }
}
