import * as vscode from 'vscode';
import { rangeAfter, type TextRange } from '../../analysis/textEdits';
import { digest } from '../../shared/protocol';

/** A text known by its length and digest: a large request holds only that of its literal. */
export interface Fingerprint {
  readonly length: number;
  readonly digest: string;
}

export const fingerprint = (text: string): Fingerprint => ({ length: text.length, digest: digest(text) });
export const matches = (text: string, f: Fingerprint): boolean => text.length === f.length && digest(text) === f.digest;

/** Where "Insert into editor" writes, or why it may not. */
type Located = { readonly range: vscode.Range } | { readonly refused: 'changed' };

/**
 * The expression "Insert into editor" replaces, followed through the edits of its document: an
 * edit above moves it, an edit that touches it loses it. Comparing the text alone is not enough
 * (three identical literals: delete the first line and the old range holds the third one).
 */
export class InsertTarget implements vscode.Disposable {
  private range: TextRange | undefined;
  /** The document version `range` describes; undefined until the document is first seen open. */
  private version: number | undefined;
  /** The whole document's fingerprint when it was closed: edits made while closed are not seen. */
  private closedAs: Fingerprint | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly uri: string,
    range: TextRange,
    /** What the range holds: the request's literal, then the last inserted text. */
    private expected: Fingerprint,
  ) {
    this.range = range;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    this.version = open?.version;
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.document.uri.toString() !== this.uri) return;
    // Already counted (our own insert sets the version it wrote).
    if (this.version !== undefined && e.document.version <= this.version) return;
    for (const change of e.contentChanges) {
      if (!this.range) break;
      this.range = rangeAfter(this.range, change);
    }
    this.version = e.document.version;
  }

  private onClose(document: vscode.TextDocument): void {
    if (document.uri.toString() !== this.uri || !this.range) return;
    // The extension host keeps a closed document readable for this event.
    this.closedAs = fingerprint(document.getText());
    this.version = undefined;
  }

  /** The range to replace in `document` now, if it still holds the expected text. */
  locate(document: vscode.TextDocument): Located {
    if (this.closedAs) {
      // Reopened: the same text as at closing, or the tracked range means nothing any more.
      if (!matches(document.getText(), this.closedAs)) this.range = undefined;
      this.closedAs = undefined;
      this.version = document.version;
    }
    this.version ??= document.version;
    if (!this.range || this.version !== document.version) return { refused: 'changed' };
    const range = new vscode.Range(this.range.start.line, this.range.start.character, this.range.end.line, this.range.end.character);
    return matches(document.getText(range), this.expected) ? { range } : { refused: 'changed' };
  }

  /** After our own edit: the range now holds what the document shows there, at its current version. */
  wrote(document: vscode.TextDocument, range: vscode.Range): void {
    this.range = range;
    this.version = document.version;
    this.expected = fingerprint(document.getText(range));
  }
}
