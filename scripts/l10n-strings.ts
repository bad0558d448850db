/**
 * Every string the extension passes to `vscode.l10n.t` (or an injected translator called as
 * `l10n.t`), read from the TypeScript sources with the compiler's parser, so a string cannot
 * hide from the Japanese bundle check. Calls whose message is not a literal are listed apart.
 *
 *   node out/scripts/l10n-strings.js   prints the strings that l10n/bundle.l10n.ja.json lacks
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export interface L10nCall {
  readonly file: string;
  readonly line: number;
  /** The message, when it is written as a literal. */
  readonly message?: string;
  /** The source line, for calls whose message is an expression. */
  readonly source: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The `l10n.t(...)` calls in every .ts file under `dir`. */
export function l10nCalls(dir: string): L10nCall[] {
  const calls: L10nCall[] = [];
  for (const file of sourceFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 't' &&
        /(^|\.)l10n$/.test(node.expression.expression.getText(sf))
      ) {
        const first = node.arguments[0];
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const source = text.split('\n')[line].trim();
        const message = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
        calls.push({ file: path.relative(process.cwd(), file), line: line + 1, message, source });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return calls;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
  const missing = [...new Set(l10nCalls(path.join(root, 'src')).flatMap((c) => (c.message !== undefined && !(c.message in bundle) ? [c.message] : [])))];
  console.log(JSON.stringify(Object.fromEntries(missing.map((m) => [m, ''])), null, 2));
}
