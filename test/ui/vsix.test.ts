// The packaged .vsix holds what the extension needs at run time and nothing else (.vscodeignore).
import * as assert from 'assert';
import * as fs from 'fs';

/** Entry names of a zip file, read from its central directory. */
function zipEntries(file: string): string[] {
  const zip = fs.readFileSync(file);
  // The end-of-central-directory record (signature 0x06054b50) sits in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  const names: string[] = [];
  for (let at = zip.readUInt32LE(eocd + 16), n = 0; n < count; n++) {
    assert.strictEqual(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('the packaged .vsix', () => {
  const vsix = process.env.DROPOUT_LENS_VSIX;

  it('holds only dist/, media/, translations, the manifest, README, CHANGELOG and LICENSE', () => {
    assert.ok(vsix && fs.existsSync(vsix), `DROPOUT_LENS_VSIX points at the .vsix (${vsix})`);
    const files = zipEntries(vsix).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    const allowed = /^(?:dist\/[\w/.-]+\.js|media\/[\w.-]+\.(?:png|css)|l10n\/[\w.-]+\.json|package\.json|package\.nls(?:\.[\w-]+)?\.json|readme\.md|changelog\.md|LICENSE\.txt)$/;
    assert.deepStrictEqual(files.filter((f) => !allowed.test(f)), [], 'files outside the allowed set');
    // The manifest's %placeholders% and vscode.l10n need every translation file in the package.
    const translations = [
      ...fs.readdirSync('.').filter((f) => /^package\.nls(?:\.[\w-]+)?\.json$/.test(f)),
      ...(fs.existsSync('l10n') ? fs.readdirSync('l10n').map((f) => `l10n/${f}`) : []),
    ];
    for (const needed of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/web/extension.js', 'dist/webview.js', 'media/icon.png', 'media/panel.css', ...translations]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
  });
});
