import * as vscode from 'vscode';
import { diagnose, type Finding } from '../analysis/diagnose';
import { onConfigChange, readConfig } from '../config';
import type { FeatureContext } from './context';

const DIAGNOSTIC_SOURCE = 'Dropout Lens';
/** Typing pauses shorter than this do not re-analyse the document. */
const DEBOUNCE_MS = 250;

/** Findings of each analysed document, by URI, for the quick fixes of its diagnostics. */
type FindingsByUri = Map<string, { readonly version: number; readonly findings: readonly Finding[] }>;

/** Errors and warnings on dropout constructs in Python documents, kept current as the user types. */
export function registerDiagnostics(ctx: FeatureContext): void {
  const collection = vscode.languages.createDiagnosticCollection('dropoutLens');
  const findings: FindingsByUri = new Map();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const forget = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    findings.delete(key);
    collection.delete(document.uri);
  };
  const analyse = (document: vscode.TextDocument) => {
    if (document.languageId !== 'python' || document.isClosed) return;
    if (!readConfig(document).diagnosticsEnabled) {
      forget(document);
      return;
    }
    const started = Date.now();
    const found = diagnose(document.getText());
    // With the clock time: bench:panel tells from it when a document reached the extension host.
    ctx.log.debug(`diagnostics: ${document.uri.toString()} at ${started} (ms since 1970) in ${Date.now() - started} ms`);
    findings.set(document.uri.toString(), { version: document.version, findings: found });
    collection.set(document.uri, found.map((f) => toDiagnostic(document, f)));
  };
  const schedule = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      analyse(document);
    }, DEBOUNCE_MS));
  };

  ctx.extension.subscriptions.push(
    collection,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument(analyse),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // A language change (e.g. plain text set to Python) arrives as close + open; edits here.
      if (e.contentChanges.length > 0) schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument(forget),
    // VS Code 1.91 does not report the cells of a notebook opened in the background as opened documents.
    vscode.workspace.onDidOpenNotebookDocument((notebook) => notebook.getCells().forEach((c) => analyse(c.document))),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => notebook.getCells().forEach((c) => forget(c.document))),
    onConfigChange(['diagnostics.enabled'], () => vscode.workspace.textDocuments.forEach(analyse)),
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, new QuickFixes(findings), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
  // Documents already open are analysed after activation returns, not during it: reading a large
  // file (`npm run bench:hover`) would add to the start-up cost (`npm run bench:activation`).
  vscode.workspace.textDocuments.forEach(schedule);
  vscode.workspace.notebookDocuments.forEach((notebook) => notebook.getCells().forEach((c) => schedule(c.document)));
}

function toDiagnostic(document: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(f.start), document.positionAt(f.end));
  const diagnostic = new vscode.Diagnostic(
    range,
    findingMessage(f),
    f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = f.code;
  return diagnostic;
}

function findingMessage(f: Finding): string {
  switch (f.code) {
    case 'p-out-of-range':
      return vscode.l10n.t('PyTorch raises ValueError: {0}', f.pytorchMessage ?? '');
    case 'p-one':
      return vscode.l10n.t('p = 1 zeroes every element: the output is all zeros in training mode, so nothing reaches the next layer.');
    case 'input-rank':
      return vscode.l10n.t('Dropout2d expects a 4-D input (N, C, H, W); on this 3-D input PyTorch 1.13 does 1-D channel-wise dropout over (N, C, L) instead, with a warning. Use Dropout1d for that, or add the missing dimension.');
  }
}

/** "Use p=0.2 (20%)" and "Use PyTorch's default p=0.5" on a p outside [0, 1]. */
class QuickFixes implements vscode.CodeActionProvider {
  constructor(private readonly findings: FindingsByUri) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const known = this.findings.get(document.uri.toString());
    // Findings of an older version have stale offsets: no fix until the diagnostics catch up.
    if (!known || known.version !== document.version) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = known.findings.find((f) => f.code === diagnostic.code && document.offsetAt(diagnostic.range.start) === f.start && document.offsetAt(diagnostic.range.end) === f.end);
      for (const fix of finding?.fixes ?? []) {
        const title = fix.kind === 'percentage'
          ? vscode.l10n.t('Use p={0} ({1}%)', fix.newText, String(fix.percent))
          : vscode.l10n.t("Use PyTorch's default p={0}", fix.newText);
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.kind === 'percentage';
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, fix.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}
