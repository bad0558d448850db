import * as vscode from 'vscode';

/** One document's share of a replayed source: a Python file whole, or one notebook cell. */
export interface SourcePart {
  readonly document: vscode.TextDocument;
  /** Offset of the document's first character in the replayed text. */
  readonly start: number;
  /** The document's version when it was read: a later one makes this replay stale for it. */
  readonly version: number;
}

/** What replay reads for a Python file, or for a notebook: its Python code cells in order, as Run All runs them. */
export interface ReplaySource {
  /** The file's or the notebook's URI: one replay, one debounce per key. */
  readonly key: string;
  readonly fileName: string;
  readonly text: string;
  readonly parts: readonly SourcePart[];
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

/** The notebook holding `document` as a cell, if any. */
export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

export function fileSource(document: vscode.TextDocument): ReplaySource {
  return { key: document.uri.toString(), fileName: baseName(document.uri), text: document.getText(), parts: [{ document, start: 0, version: document.version }] };
}

export function notebookSource(notebook: vscode.NotebookDocument): ReplaySource {
  const parts: SourcePart[] = [];
  const texts: string[] = [];
  let at = 0;
  for (const cell of notebook.getCells()) {
    if (cell.kind !== vscode.NotebookCellKind.Code || cell.document.languageId !== 'python') continue;
    const text = cell.document.getText();
    parts.push({ document: cell.document, start: at, version: cell.document.version });
    texts.push(text);
    // Cells are joined by a line break: each cell's statements start on a line of their own.
    at += text.length + 1;
  }
  return { key: notebook.uri.toString(), fileName: baseName(notebook.uri), text: texts.join('\n'), parts };
}

/** The part holding `offset` of the replayed text, and the position there. */
export function locate(source: ReplaySource, offset: number): { part: SourcePart; position: vscode.Position } | undefined {
  for (let i = source.parts.length - 1; i >= 0; i--) {
    const part = source.parts[i];
    if (offset >= part.start) return { part, position: part.document.positionAt(offset - part.start) };
  }
  return undefined;
}

/** Offset in the replayed text of the start of 1-based `line` (the end past the last line). */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}
