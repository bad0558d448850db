// The packaged .vsix holds what the extension needs at run time and nothing else (.vscodeignore).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

interface ZipEntry {
  readonly name: string;
  /** The entry's bytes, uncompressed. */
  read(): Buffer;
}

/** The entries of a zip file, from its central directory. */
function zipEntries(file: string): ZipEntry[] {
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
  const entries: ZipEntry[] = [];
  for (let at = zip.readUInt32LE(eocd + 16), n = 0; n < count; n++) {
    assert.strictEqual(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      read() {
        assert.strictEqual(zip.readUInt32LE(local), 0x04034b50, 'local file header');
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressedSize);
        // 0: stored, 8: deflated (the only two methods vsce writes).
        return method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('the packaged .vsix', () => {
  const vsix = process.env.DROPOUT_LENS_VSIX;

  it('holds only dist/ (with the codicon font and the licences of bundled packages), media/, translations, the manifest, README, CHANGELOG and LICENSE', () => {
    assert.ok(vsix && fs.existsSync(vsix), `DROPOUT_LENS_VSIX points at the .vsix (${vsix})`);
    const files = zipEntries(vsix).map((e) => e.name).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    const allowed = /^(?:dist\/[\w/.-]+\.js|dist\/codicons\/codicon\.(?:css|ttf)|dist\/third-party-notices\.txt|media\/[\w.-]+\.(?:png|css)|media\/walkthrough\/[\w.-]+\.md|l10n\/[\w.-]+\.json|package\.json|package\.nls(?:\.[\w-]+)?\.json|readme\.md|changelog\.md|LICENSE\.txt)$/;
    assert.deepStrictEqual(files.filter((f) => !allowed.test(f)), [], 'files outside the allowed set');
    // The manifest's %placeholders% and vscode.l10n need every translation file in the package.
    const translations = [
      ...fs.readdirSync('.').filter((f) => /^package\.nls(?:\.[\w-]+)?\.json$/.test(f)),
      ...(fs.existsSync('l10n') ? fs.readdirSync('l10n').map((f) => `l10n/${f}`) : []),
    ];
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { walkthroughs: { steps: { media: { markdown: string } }[] }[] } };
    const walkthroughMedia = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown));
    for (const needed of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/web/extension.js', 'dist/webview.js', 'media/icon.png', 'media/panel.css', 'dist/codicons/codicon.css', 'dist/codicons/codicon.ttf', 'dist/third-party-notices.txt', ...translations, ...walkthroughMedia]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
    // The command-line tool is built into dist/ too, but never runs inside VS Code.
    assert.ok(!files.includes('dist/cli.js'), 'dist/cli.js is not packaged');
    // MIT, BSD and CC BY ask for their notices to travel with the bundled code and the font.
    const notices = zipEntries(vsix).find((e) => e.name === 'extension/dist/third-party-notices.txt')?.read().toString('utf8') ?? '';
    for (const name of ['@vscode-elements/elements', 'lit-html', '@vscode/codicons']) assert.match(notices, new RegExp(`^${name} [\\d.]+ \\(`, 'm'), `${name}'s licence is packaged`);
  });

  it('is named dropout-lens-<version>.vsix and is a production build (no source maps, minified)', () => {
    assert.ok(vsix && fs.existsSync(vsix), `DROPOUT_LENS_VSIX points at the .vsix (${vsix})`);
    const { name, version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { name: string; version: string };
    assert.strictEqual(path.basename(vsix), `${name}-${version}.vsix`);
    const entry = zipEntries(vsix).find((e) => e.name === 'extension/dist/extension.js');
    assert.ok(entry, 'dist/extension.js is packaged');
    const bundle = entry.read().toString('utf8');
    assert.ok(!bundle.includes('sourceMappingURL'), 'no source map reference');
    // Minified: a development build's lines are a few dozen characters long on average. (The line
    // count says less: the bundled example keeps its own line breaks in a template literal.)
    const average = bundle.length / bundle.split('\n').length;
    assert.ok(average > 1000, `dist/extension.js is minified (${Math.round(average)} characters a line on average)`);
  });

  it('carries the marketplace page: a 128x128 PNG icon, banner, categories, keywords, a changelog entry for this version', () => {
    assert.ok(vsix && fs.existsSync(vsix), `DROPOUT_LENS_VSIX points at the .vsix (${vsix})`);
    const entries = zipEntries(vsix);
    const read = (name: string): Buffer => {
      const entry = entries.find((e) => e.name === `extension/${name}`);
      assert.ok(entry, `${name} is packaged`);
      return entry.read();
    };
    const manifest = JSON.parse(read('package.json').toString('utf8')) as {
      version: string; icon: string; galleryBanner?: { color?: string; theme?: string }; categories: string[]; keywords: string[];
    };
    const icon = read(manifest.icon);
    // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
    assert.strictEqual(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepStrictEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), 'galleryBanner.theme');
    for (const keyword of ['pytorch', 'dropout', 'tensor', 'deep learning', 'visualization']) assert.ok(manifest.keywords.includes(keyword), `keyword ${keyword}`);
    assert.ok(manifest.categories.includes('Machine Learning') && manifest.categories.includes('Visualization'), 'categories');
    // Keep a Changelog: a "## [x.y.z] - date" section for the packaged version.
    assert.match(read('changelog.md').toString('utf8'), new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });
});
