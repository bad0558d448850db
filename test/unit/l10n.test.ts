import * as assert from 'assert';
import * as path from 'path';
import bundleJa from '../../l10n/bundle.l10n.ja.json';
import { STRINGS } from '../../src/shared/strings';
import { l10nCalls } from '../../scripts/l10n-strings';

// Every string the extension passes to vscode.l10n.t, read from the sources with TypeScript's
// parser, has a Japanese translation. The panel translates its table (src/shared/strings.ts)
// through a non-literal call; that table is checked as a whole instead.

const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const ja = bundleJa as Record<string, string>;

describe('l10n: the Japanese bundle covers the sources', () => {
  const calls = l10nCalls(SRC);

  it('finds the l10n.t calls', () => {
    assert.ok(calls.filter((c) => c.message !== undefined).length >= 70, `${calls.length} calls`);
  });

  it('translates every literal message', () => {
    const missing = calls.filter((c) => c.message !== undefined && !Object.hasOwn(ja, c.message)).map((c) => `${c.file}:${c.line}: ${c.message}`);
    assert.deepStrictEqual(missing, []);
  });

  it('passes a non-literal message only from the panel\'s string table, which is translated', () => {
    const other = calls.filter((c) => c.message === undefined && !/\bSTRINGS\b/.test(c.source)).map((c) => `${c.file}:${c.line}: ${c.source}`);
    assert.deepStrictEqual(other, []);
    const missing = Object.values(STRINGS).filter((s) => !Object.hasOwn(ja, s));
    assert.deepStrictEqual(missing, []);
  });
});
