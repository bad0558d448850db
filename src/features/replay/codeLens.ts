import * as vscode from 'vscode';
import type { Translator } from '../../analysis/explain';
import type { Build } from '../../core/builds';
import { toLiteral } from '../../core/literal';
import { DEFAULT_MAX_CHARS } from '../../core/parse';
import type { DropoutEvent } from '../../replay/events';
import { describeDraw } from '../../replay/inline';
import { MAX_SETTINGS_SOURCE, type ApplyArgs } from '../../commandArgs';
import { APPLY_TO_SELECTION } from '../commands/ids';
import type { LensSpec } from './view';

/** Where the lenses come from: the last replay of each document. */
interface LensSource {
  lensesOf(document: vscode.TextDocument): readonly LensSpec[] | undefined;
  /** The build the lenses' replay followed. */
  readonly build: Build;
  isPending(document: vscode.TextDocument): boolean;
  readonly onDidShow: vscode.Event<string>;
}

class ReplayLens extends vscode.CodeLens {
  constructor(
    readonly spec: LensSpec,
    /** The document's base name, for the panel's header. */
    readonly fileName: string,
  ) {
    super(spec.range);
  }
}

/** The panel's command argument for one replayed call (on `line` of its document): its input, its settings and its place in the stream. */
function replayedCallArgs(d: DropoutEvent, build: Build, fileName: string, line: number, l10n: Translator): ApplyArgs | undefined {
  if (!d.input) return undefined;
  const literal = toLiteral(d.input);
  if (literal.length > DEFAULT_MAX_CHARS) return undefined;
  const source = l10n.t('{0}, line {1}: {2}', d.text, line, describeDraw(d, l10n));
  return {
    literal, fileName, line, p: d.p, pIsInt: d.pIsInt, variant: d.variant, training: d.training, inplace: d.inplace,
    seed: d.origin?.seed ?? '0', call: 1, drawn: d.drawn,
    // The draws were counted on this build: the panel draws on it too (docs/builds.md).
    build,
    settingsSource: source.length > MAX_SETTINGS_SOURCE ? `${source.slice(0, MAX_SETTINGS_SOURCE - 1)}…` : source,
  };
}

/** "Dropout Lens: show this call" on each dropout call replay reached; the literal is written only when a lens is shown. */
export class ReplayLenses implements vscode.CodeLensProvider<ReplayLens>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changes.event;

  constructor(private readonly source: LensSource) {}

  changed(): void {
    this.changes.fire();
  }

  dispose(): void {
    this.changes.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): ReplayLens[] | Promise<ReplayLens[]> {
    const fileName = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const now = this.source.lensesOf(document);
    if (now || !this.source.isPending(document)) return (now ?? []).map((s) => new ReplayLens(s, fileName));
    // Typing: wait for the replay of this version rather than show no lenses until it comes.
    return new Promise((resolve) => {
      const done = () => {
        shown.dispose();
        cancelled.dispose();
        resolve((this.source.lensesOf(document) ?? []).map((s) => new ReplayLens(s, fileName)));
      };
      const shown = this.source.onDidShow(() => {
        if (this.source.lensesOf(document) || !this.source.isPending(document)) done();
      });
      const cancelled = token.onCancellationRequested(done);
    });
  }

  resolveCodeLens(lens: ReplayLens): ReplayLens {
    const args = replayedCallArgs(lens.spec.event, this.source.build, lens.fileName, lens.range.start.line + 1, vscode.l10n);
    lens.command = args
      ? { title: lens.spec.title, command: APPLY_TO_SELECTION, arguments: [args] }
      : { title: vscode.l10n.t('Dropout Lens: this call\'s input is too large to show'), command: '' };
    return lens;
  }
}
