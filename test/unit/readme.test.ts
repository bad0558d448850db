// What the READMEs (English and Japanese) say about the product, checked against the product:
// the commands, their titles and keybindings and the settings with their defaults (package.json
// and its translations), the walkthrough's title, and the command-line tool's synopsis, options and
// exit statuses (its --help). Each table is compared both ways: a row for every item, and no
// row for an item that does not exist, so whoever adds or changes one updates the READMEs too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    keybindings: { command: string; key: string; mac?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { default: unknown }> };
    walkthroughs: { title: string }[];
  };
}
const manifest = JSON.parse(read('package.json')) as Manifest;
const README = { en: read('README.md'), ja: read('README.ja.md') };
const NLS = { en: JSON.parse(read('package.nls.json')) as Record<string, string>, ja: JSON.parse(read('package.nls.ja.json')) as Record<string, string> };
const localized = (lang: 'en' | 'ja', s: string) => s.replace(/^%(.+)%$/, (_, key: string) => NLS[lang][key]);

/** The rows of every Markdown table in `text` whose first cell matches `first`, as trimmed cells. */
function rows(text: string, first: RegExp): string[][] {
  return text.split('\n').filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim())).filter((cells) => first.test(cells[0]));
}

/** The section of `text` under the heading `heading`, up to the next heading of its level. */
function section(text: string, heading: string): string {
  const at = text.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `the README has a section "${heading}"`);
  const level = /^#+ /.exec(heading)?.[0] ?? '## ';
  const end = text.indexOf(`\n${level}`, at + heading.length + 2);
  return text.slice(at, end < 0 ? undefined : end);
}

/** "ctrl+alt+shift+d" and "Ctrl+Shift+Alt+D" alike: the sorted, lower-case keys. */
const chord = (keys: string) => keys.toLowerCase().split('+').sort().join('+');

describe('README: what it says about the product is what package.json and the tool do', () => {
  const { commands, keybindings, menus, configuration, walkthroughs } = manifest.contributes;

  /** How each README's commands table says where a command is. */
  const WHERE = {
    en: { palette: 'palette', python: 'palette (Python)', context: 'context menu' },
    ja: { palette: 'コマンド パレット', python: 'コマンド パレット（Python）', context: '右クリック メニュー' },
  };

  for (const lang of ['en', 'ja'] as const) {
    it(`the commands table (${lang}) lists every command with its title, keybinding and menus, and nothing else`, () => {
      const table = rows(README[lang], /^Dropout Lens: /);
      const listed = table.map(([name]) => /\(`([\w.]+)`\)$/.exec(name)?.[1]);
      assert.deepStrictEqual(listed.sort(), commands.map((c) => c.command).sort());
      for (const [name, keys, where] of table) {
        const c = commands.find((x) => name.endsWith(`(\`${x.command}\`)`));
        assert.ok(c);
        assert.strictEqual(name, `${c.category}: ${localized(lang, c.title)} (\`${c.command}\`)`);
        const bound = keybindings.filter((k) => k.command === c.command);
        const kbd = [...keys.matchAll(/<kbd>([^<]+)<\/kbd>/g)].map((m) => chord(m[1]));
        assert.deepStrictEqual(kbd, bound.flatMap((k) => [chord(k.key), ...(k.mac ? [chord(k.mac)] : [])]), `keybindings of ${c.command}`);
        const palette = menus.commandPalette.find((m) => m.command === c.command);
        assert.ok(where.startsWith(palette?.when === 'editorLangId == python' ? WHERE[lang].python : WHERE[lang].palette), `${c.command}: ${where}`);
        assert.strictEqual(where.includes(WHERE[lang].context), menus['editor/context'].some((m) => m.command === c.command), `${c.command}: ${where}`);
      }
    });
  }

  for (const lang of ['en', 'ja'] as const) {
    it(`the settings table (${lang}) lists every setting with its default, and nothing else`, () => {
      const table = rows(README[lang], /^`dropoutLens\./);
      const settings = configuration.properties;
      assert.deepStrictEqual(table.map(([name]) => name.slice(1, -1)).sort(), Object.keys(settings).sort());
      for (const [name, value] of table) assert.strictEqual(value, `\`${JSON.stringify(settings[name.slice(1, -1)].default)}\``, name);
    });

    it(`names the walkthrough by its title (${lang})`, () => {
      for (const w of walkthroughs) assert.ok(README[lang].includes(localized(lang, w.title)), localized(lang, w.title));
    });
  }

  describe('the command-line section, against dropout-lens --help', () => {
    const help = runCli(['--help'], () => undefined).stdout;
    const usage = help.split('\n')[0];
    // The option lines of --help: two spaces, the option as written, two or more spaces, its meaning.
    const options = [...help.matchAll(/^ {2}(\S.*?) {2,}\S/gm)].map((m) => m[1]).filter((o) => o !== '-h, --help');
    const statuses = [...(/^Exit status: (.*)$/m.exec(help)?.[1] ?? '').matchAll(/(\d+) ([^,.]+)/g)].map((m) => m[1]);

    it('reads the synopsis, options and exit statuses from --help', () => {
      assert.match(usage, /^usage: dropout-lens /);
      assert.ok(options.includes('--json') && options.includes('-'), JSON.stringify(options));
      assert.deepStrictEqual(statuses, ['0', '1', '2']);
    });

    for (const [lang, heading] of [['en', '## Command line'], ['ja', '## コマンドライン']] as const) {
      it(`README (${lang}) gives the synopsis, a row for every option and exit status, and no other`, () => {
        const text = section(README[lang], heading);
        assert.ok(text.includes(`\n${usage}\n`), `the synopsis "${usage}"`);
        const optionRows = rows(text, /^`(?:-|LITERAL)/).map(([o]) => o.slice(1, -1));
        assert.deepStrictEqual(optionRows.sort(), options.sort());
        const statusRows = rows(text, /^`\d+`$/).map(([s]) => s.slice(1, -1));
        assert.deepStrictEqual(statusRows, statuses);
      });

      it(`README (${lang}): each example prints what the tool prints`, () => {
        const examples = [...section(README[lang], heading).matchAll(/^```console\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1].split(/^(?=\$ )/m));
        assert.ok(examples.length >= 3, `${examples.length} examples`);
        for (const example of examples) {
          const [command, ...output] = example.split('\n');
          const m = /^\$ (?:echo '([^']*)' \| )?dropout-lens (.*)$/.exec(command);
          assert.ok(m, command);
          // The arguments are words or '...' strings, as the shell splits them.
          const args = [...m[2].matchAll(/'([^']*)'|(\S+)/g)].map((a) => a[1] ?? a[2]);
          const r = runCli(args, () => (m[1] === undefined ? undefined : `${m[1]}\n`));
          assert.strictEqual(r.stdout + r.stderr, output.join('\n'), command);
        }
      });
    }
  });
});
