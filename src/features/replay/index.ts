import * as vscode from 'vscode';
import { onConfigChange, readConfig } from '../../config';
import { replay } from '../../replay';
import type { Build } from '../../core/builds';
import type { FeatureContext } from '../context';
import type { TorchBuildState } from '../torchBuild';
import { ReplayLenses } from './codeLens';
import { fileSource, notebookOf, notebookSource, type ReplaySource, type SourcePart } from './source';
import { documentViews, type DocumentView, type LensSpec } from './view';

/** Typing pauses shorter than this do not replay the document again. */
export const DEBOUNCE_MS = 300;
/** The longest replay the extension host runs at once; replay stops at the first statement after it, saying so. */
const BUDGET_MS = 500;
/** Longer sources are not replayed (the marker says why): reading alone would take too long. */
const MAX_SOURCE_CHARS = 1_000_000;
/** Only code that seeds is replayed: elsewhere every random value differs from run to run. */
const SEEDS = /\bmanual_seed\s*\(/;

/** What the editor shows of a document, read back by the tests (what was passed to setDecorations). */
export interface InlineShown {
  readonly version: number;
  readonly outputs: readonly { readonly line: number; readonly text: string; readonly hover: string }[];
  readonly stop?: { readonly line: number; readonly text: string };
  readonly lenses: readonly { readonly line: number; readonly title: string }[];
}

/** The inline outputs' hook for tests: what an editor shows, and when a replay has been shown. */
export interface InlineApi {
  /** What was last set on the visible editor of `uri`; undefined when nothing is shown there. */
  shown(uri: vscode.Uri): InlineShown | undefined;
  /** Replays run since activation (the debounce lets one run per typing pause). */
  readonly replays: number;
  /** Fires with the source's key (the file's or notebook's URI) after each replay is shown. */
  readonly onDidShow: vscode.Event<string>;
}

/** Inline outputs of prints, the stop marker and the dropout CodeLenses, kept current as the user types. */
export function registerInlineOutputs(ctx: FeatureContext, builds: TorchBuildState): InlineApi {
  const inline = new InlineReplay(ctx, builds);
  ctx.extension.subscriptions.push(inline);
  return inline;
}

class InlineReplay implements InlineApi, vscode.Disposable {
  replays = 0;

  /** Whose draws replay follows: the editor's build (dropoutLens.torchBuild). */
  get build(): Build {
    return this.builds.current.build;
  }

  private readonly outputType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly stopType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 2em' },
  });
  /** The last replay's view of each document, by document URI. */
  private readonly views = new Map<string, DocumentView>();
  /** What was set on each editor's document, for the tests. */
  private readonly applied = new Map<string, InlineShown>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly showEmitter = new vscode.EventEmitter<string>();
  readonly onDidShow = this.showEmitter.event;
  private readonly lenses = new ReplayLenses(this);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly ctx: FeatureContext,
    private readonly builds: TorchBuildState,
  ) {
    this.subscriptions = [
      this.outputType, this.stopType, this.showEmitter, this.lenses,
      vscode.languages.registerCodeLensProvider({ language: 'python' }, this.lenses),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.scheduleNotebook(nb)),
      // Cells added, removed or moved; edits inside a cell come as text document changes.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length > 0) this.scheduleNotebook(e.notebook);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.apply(e))),
      onConfigChange(['inlineOutputs'], () => this.refreshAll()),
      // Another build draws other masks, and on x86-mkl moves every later draw (docs/builds.md).
      builds.onDidChange(() => this.refreshAll()),
    ];
    // Documents already open are replayed after activation returns, not during it (as the diagnostics).
    this.refreshAll();
  }

  /** The lenses of the document's current version, or undefined while it has not been replayed yet. */
  lensesOf(document: vscode.TextDocument): readonly LensSpec[] | undefined {
    const view = this.views.get(document.uri.toString());
    return view?.version === document.version ? view.lenses : undefined;
  }

  shown(uri: vscode.Uri): InlineShown | undefined {
    return this.applied.get(uri.toString());
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((d) => d.dispose());
  }

  private refreshAll(): void {
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d));
    vscode.workspace.notebookDocuments.forEach((nb) => this.scheduleNotebook(nb));
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'python') return;
    const notebook = notebookOf(document);
    if (notebook) this.scheduleNotebook(notebook);
    else if (document.uri.scheme !== 'vscode-notebook-cell') this.later(document.uri.toString(), () => (document.isClosed ? undefined : fileSource(document)));
  }

  private scheduleNotebook(notebook: vscode.NotebookDocument): void {
    this.later(notebook.uri.toString(), () => (notebook.isClosed ? undefined : notebookSource(notebook)));
  }

  /** Replays once typing pauses, reading the source then: the replay sees the latest text. */
  private later(key: string, read: () => ReplaySource | undefined): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const source = read();
      if (source) this.run(source);
    }, DEBOUNCE_MS));
  }

  /** Whether a replay of the document's source is waiting for typing to pause. */
  isPending(document: vscode.TextDocument): boolean {
    return this.timers.has((notebookOf(document)?.uri ?? document.uri).toString());
  }

  private run(source: ReplaySource): void {
    if (source.parts.length === 0) return;
    const config = readConfig(source.parts[0].document);
    if (!config.inlineOutputs || !SEEDS.test(source.text)) {
      this.show(source, new Map());
      return;
    }
    if (source.text.length > MAX_SOURCE_CHARS) {
      const message = vscode.l10n.t('over {0} characters, too long to replay as you type', MAX_SOURCE_CHARS);
      this.show(source, documentViews(source, { prints: [], dropouts: [], stop: { kind: 'stop', line: 1, message } }, false));
      return;
    }
    const started = Date.now();
    // Random draws before any manual_seed get seed 0 (or the setting's): stable as the user types, and said to be unseeded.
    let result;
    try {
      result = replay(source.text, { fileName: source.fileName, seed: config.seed ?? '0', budgetMs: BUDGET_MS, build: this.build });
    } catch (e) {
      // A defect of the engine on some script: logged, and that file shows nothing rather than a stale replay.
      this.ctx.log.error(`replay of ${source.key} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.show(source, new Map());
      return;
    }
    this.replays++;
    this.ctx.log.debug(`replay: ${source.key} in ${Date.now() - started} ms`);
    this.show(source, documentViews(source, result.events, result.seedUsed !== undefined));
  }

  private show(source: ReplaySource, views: Map<SourcePart, DocumentView>): void {
    // Most Python files never seed: nothing was shown, nothing to clear, no lens to ask for again.
    if (views.size === 0 && !source.parts.some((p) => this.views.has(p.document.uri.toString()))) {
      this.showEmitter.fire(source.key);
      return;
    }
    for (const part of source.parts) {
      const key = part.document.uri.toString();
      const view = views.get(part);
      if (view) this.views.set(key, view);
      else this.views.delete(key);
    }
    for (const editor of vscode.window.visibleTextEditors) {
      if (source.parts.some((p) => p.document === editor.document)) this.apply(editor);
    }
    this.lenses.changed();
    this.showEmitter.fire(source.key);
  }

  /** Sets the document's view on `editor`, or clears it when stale or absent. */
  private apply(editor: vscode.TextEditor): void {
    const key = editor.document.uri.toString();
    const view = this.views.get(key);
    const current = view && view.version === editor.document.version ? view : undefined;
    editor.setDecorations(this.outputType, current?.outputs ?? []);
    editor.setDecorations(this.stopType, current?.stop ?? []);
    if (!current) {
      this.applied.delete(key);
      return;
    }
    const line = (o: vscode.DecorationOptions) => o.range.end.line;
    const text = (o: vscode.DecorationOptions) => o.renderOptions?.after?.contentText ?? '';
    this.applied.set(key, {
      version: current.version,
      outputs: current.outputs.map((o) => ({ line: line(o), text: text(o), hover: (o.hoverMessage as vscode.MarkdownString).value })),
      ...(current.stop[0] ? { stop: { line: line(current.stop[0]), text: text(current.stop[0]) } } : {}),
      lenses: current.lenses.map((l) => ({ line: l.range.start.line, title: l.title })),
    });
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.views.delete(key);
    this.applied.delete(key);
  }
}
