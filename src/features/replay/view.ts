import * as vscode from 'vscode';
import type { DropoutEvent, ReplayEvents } from '../../replay/events';
import { inlineOutputs } from '../../replay/inline';
import { lineStart, locate, type ReplaySource, type SourcePart } from './source';

/** Executions of one dropout call that get a CodeLens each; later ones are reached through the panel's call index. */
const MAX_LENSES_PER_CALL = 3;

/** A CodeLens to be: the dropout call it opens the panel on. */
export interface LensSpec {
  readonly range: vscode.Range;
  readonly title: string;
  readonly event: DropoutEvent;
}

/** What one document (a file, or one notebook cell) shows of the last replay. */
export interface DocumentView {
  readonly version: number;
  readonly outputs: vscode.DecorationOptions[];
  /** The "replay stops here" marker, on at most one document of the source. */
  readonly stop: vscode.DecorationOptions[];
  readonly lenses: LensSpec[];
}

function endOfLine(document: vscode.TextDocument, position: vscode.Position): vscode.Range {
  return new vscode.Range(position, document.lineAt(position.line).range.end);
}

/** Text after the line; its spaces kept (the editor draws it as HTML, which would collapse PyTorch's column padding). */
function after(text: string): vscode.DecorationInstanceRenderOptions {
  return { after: { contentText: text.replace(/ /g, '\u00a0') } };
}

/** A code block that shows `text` verbatim, whatever backticks it holds. */
function codeBlock(text: string): vscode.MarkdownString {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return new vscode.MarkdownString(`${fence}text\n${text}\n${fence}`);
}

/** The replay's prints, stop and dropouts, split over the documents of `source`. */
export function documentViews(source: ReplaySource, events: ReplayEvents, unseeded: boolean): Map<SourcePart, DocumentView> {
  const views = new Map<SourcePart, DocumentView>();
  const viewOf = (part: SourcePart) => {
    let v = views.get(part);
    if (!v) views.set(part, (v = { version: part.version, outputs: [], stop: [], lenses: [] }));
    return v;
  };
  for (const part of source.parts) viewOf(part);
  const note = unseeded ? vscode.l10n.t('Drawn before any torch.manual_seed: Python prints other random values on every run.') : undefined;
  for (const out of inlineOutputs(events.prints, vscode.l10n)) {
    const from = locate(source, out.from);
    const to = locate(source, out.to);
    if (!from || !to || from.part !== to.part) continue;
    const hover = codeBlock(out.full);
    if (out.approximate) hover.appendMarkdown(`\n\n${vscode.l10n.t('≈: some values may differ from what PyTorch prints in their last digits, where PyTorch\'s own result depends on the machine.')}`);
    if (note) hover.appendMarkdown(`\n\n${note}`);
    viewOf(from.part).outputs.push({ range: new vscode.Range(from.position, endOfLine(to.part.document, to.position).end), hoverMessage: hover, renderOptions: after(out.text) });
  }
  if (events.stop) {
    const at = locate(source, lineStart(source.text, events.stop.line));
    if (at) {
      const text = events.stop.kind === 'stop' ? vscode.l10n.t('replay stops here: {0}', events.stop.message) : vscode.l10n.t('Python stops here: {0}', events.stop.message);
      viewOf(at.part).stop.push({ range: endOfLine(at.part.document, at.position), renderOptions: after(text) });
    }
  }
  addLenses(source, events.dropouts, viewOf);
  return views;
}

function addLenses(source: ReplaySource, dropouts: readonly DropoutEvent[], viewOf: (part: SourcePart) => DocumentView): void {
  const byCall = new Map<number, DropoutEvent[]>();
  for (const d of dropouts) {
    if (!d.input) continue;
    const list = byCall.get(d.from);
    if (list) list.push(d);
    else byCall.set(d.from, [d]);
  }
  for (const runs of byCall.values()) {
    const at = locate(source, runs[0].from);
    if (!at) continue;
    const range = new vscode.Range(at.position, at.position);
    runs.slice(0, MAX_LENSES_PER_CALL).forEach((event, i) => {
      const title = runs.length === 1 ? vscode.l10n.t('Dropout Lens: show this call') : vscode.l10n.t('Dropout Lens: call {0} of {1}', i + 1, runs.length);
      viewOf(at.part).lenses.push({ range, title, event });
    });
  }
}
