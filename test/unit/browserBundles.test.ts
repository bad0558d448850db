import * as assert from 'assert';
import * as esbuild from 'esbuild';
import { builtinModules } from 'module';
import * as path from 'path';

// The bundles that run in a browser (the web worker extension host of VS Code for the Web, the
// panel's page) must not import Node modules: VS Code for the Web has no Node, and esbuild
// would otherwise only find out if a polyfill is missing. Built here with esbuild.js's own
// options, every import esbuild resolves is recorded.

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Entry {
  readonly name: string;
  readonly options: esbuild.BuildOptions;
}

const isNodeBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

/** Builds `options` in memory and returns the Node built-ins its sources import, and the output. */
async function nodeImports(options: esbuild.BuildOptions): Promise<{ builtins: string[]; output: string }> {
  const builtins: string[] = [];
  const recorder: esbuild.Plugin = {
    name: 'record-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (isNodeBuiltin(args.path)) builtins.push(`${args.path} (from ${path.relative(ROOT, args.importer)})`);
        return undefined; // resolve as usual
      });
    },
  };
  try {
    const result = await esbuild.build({ ...options, absWorkingDir: ROOT, write: false, minify: false, sourcemap: false, logLevel: 'silent', plugins: [recorder] });
    return { builtins, output: result.outputFiles?.map((f) => f.text).join('\n') ?? '' };
  } catch {
    // esbuild refuses a built-in for the browser; the recorded list says which.
    return { builtins, output: '' };
  }
}

describe('browser bundles: no Node modules', () => {
  let browserEntries: Entry[];

  before(async () => {
    const config = (await import(path.join(ROOT, 'esbuild.js'))) as { entries: Entry[] };
    browserEntries = config.entries.filter((e) => e.options.platform === 'browser');
  });

  it('covers the web extension and the panel page', () => {
    assert.deepStrictEqual(browserEntries.map((e) => e.options.outfile).sort(), ['dist/web/extension.js', 'dist/webview.js']);
  });

  it('imports no Node built-in module in any browser bundle, and requires nothing but vscode', async () => {
    for (const entry of browserEntries) {
      const { builtins, output } = await nodeImports(entry.options);
      assert.deepStrictEqual(builtins, [], `${entry.name} imports Node modules`);
      assert.ok(output.length > 0, `${entry.name} builds`);
      const required = [...output.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      assert.deepStrictEqual([...new Set(required)].filter((r) => r !== 'vscode'), [], `${entry.name} requires only vscode at run time`);
      // Node's globals do not exist in a web worker either (the web test bundle shims process itself).
      assert.doesNotMatch(output, /\b(?:process\.(?:env|platform|cwd|versions)|Buffer\.from|__dirname|__filename)\b/, `${entry.name} uses a Node global`);
    }
  });

  it('catches an import of a Node module with the same options', async () => {
    const web = browserEntries.find((e) => e.options.outfile === 'dist/web/extension.js');
    assert.ok(web);
    const { builtins } = await nodeImports({ ...web.options, entryPoints: undefined, outfile: undefined, stdin: { contents: "import { readFileSync } from 'node:fs'; import * as os from 'os'; export const x = [readFileSync, os];", loader: 'ts', resolveDir: ROOT } });
    assert.deepStrictEqual(builtins, ['node:fs (from <stdin>)', 'os (from <stdin>)']);
  });
});
