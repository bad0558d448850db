import * as assert from 'assert';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import nls from '../../package.nls.json';
import nlsJa from '../../package.nls.ja.json';
import bundleJa from '../../l10n/bundle.l10n.ja.json';
import { EXTENSION_ID } from './editorHelpers';

// The Japanese translations are complete. (That every `l10n.t` string in src/ is in the bundle
// is checked by the unit suite, which can read the sources: test/unit/l10n.test.ts.)

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** A string of names and placeholders only (`Dropout Lens: {0}`) reads the same in Japanese. */
const onlyNames = (s: string) => !/[A-Za-z]/.test(s.replace(/Dropout Lens|\{\d+\}/g, ''));
const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

/** Every `%key%` string anywhere in the manifest. */
function manifestKeys(value: unknown): string[] {
  if (typeof value === 'string') return /^%(.+)%$/.test(value) ? [value.slice(1, -1)] : [];
  if (Array.isArray(value)) return value.flatMap(manifestKeys);
  if (value && typeof value === 'object') return Object.values(value).flatMap(manifestKeys);
  return [];
}

describe('English and Japanese', () => {
  it('every %key% of package.json is in package.nls.json and translated in package.nls.ja.json', () => {
    const keys = manifestKeys(manifest);
    assert.ok(keys.length >= 10, `placeholders found: ${keys.length}`);
    for (const key of keys) {
      assert.ok(Object.hasOwn(nls, key), `${key} in package.nls.json`);
      assert.ok(Object.hasOwn(nlsJa, key), `${key} in package.nls.ja.json`);
    }
    assert.deepStrictEqual(Object.keys(nlsJa).sort(), Object.keys(nls).sort(), 'the same keys in both');
    for (const [key, text] of Object.entries(nlsJa as Record<string, string>)) assert.match(text, JAPANESE, `${key} is Japanese`);
  });

  it('the running extension shows the English texts, not placeholders', () => {
    const live = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: unknown; l10n: string };
    assert.strictEqual(live.l10n, './l10n');
    assert.deepStrictEqual(manifestKeys(live.contributes), []);
    const commands = (live.contributes as { commands: { command: string; title: string }[] }).commands;
    assert.strictEqual(commands.find((c) => c.command === 'dropoutLens.applyToSelection')?.title, (nls as Record<string, string>)['command.applyToSelection']);
  });

  it('every entry of the l10n bundle is translated, with the same placeholders', () => {
    const entries = Object.entries(bundleJa as Record<string, string>);
    assert.ok(entries.length >= 70, `${entries.length} entries`);
    for (const [english, japanese] of entries) {
      if (!onlyNames(english)) assert.match(japanese, JAPANESE, `translated: ${english}`);
      assert.deepStrictEqual(placeholders(japanese), placeholders(english), `placeholders of: ${english}`);
    }
  });
});
