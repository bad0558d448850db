// Bundles the extension (yo-code template style: one esbuild context per entry).
//   node esbuild.js               development build, with source maps
//   node esbuild.js --production  minified, no source maps (used by `vsce package`)
//   node esbuild.js --watch       rebuild on change; the log lines match the esbuild problem matcher
//   node esbuild.js --tests       also the test bundles under out/ (integration suite for both hosts, UI suites)
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints errors in the format of the `$esbuild-watch` problem matcher (connor4312.esbuild-problem-matchers). */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    // The start/finish lines are for the watch task only; a one-off build prints its own summary.
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // The packages bundled, for dist/third-party-notices.txt.
  metafile: true,
  logLevel: 'silent',
  plugins: [problemMatcherPlugin],
  // The walkthrough's example is bundled as its text (src/features/example.ts): the .vsix ships no examples/.
  loader: { '.py': 'text' },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
// Lezer's parser reads process.env.LOG for debug logging, behind a typeof check: in a browser there
// is no process, so the check is settled at build time (and the bundle names no Node global).
const browser = { ...common, platform: 'browser', target: 'es2022', define: { process: 'undefined' } };

// esbuild keeps a hashbang that the entry has itself; add one only when it has none.
const cliBanner = fs.readFileSync('src/cli.ts', 'utf8').startsWith('#!') ? {} : { banner: { js: '#!/usr/bin/env node' } };

/** @type {{ name: string, options: import('esbuild').BuildOptions }[]} */
const entries = [
  { name: 'extension (Node host)', options: { ...node, entryPoints: ['src/extension.node.ts'], outfile: 'dist/extension.js', external: ['vscode'] } },
  {
    name: 'extension (web worker host)',
    options: {
      ...browser, format: 'cjs', entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'],
      mainFields: ['browser', 'module', 'main'],
    },
  },
  // The page's performance marks are for `npm run bench:panel` only (src/webview/benchMarks.ts), which sets DROPOUT_LENS_BENCH=1.
  {
    name: 'panel webview',
    options: {
      ...browser, format: 'iife', entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js',
      define: { ...browser.define, BENCH_MARKS: String(process.env.DROPOUT_LENS_BENCH === '1') },
    },
  },
  { name: 'command-line tool', options: { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', ...cliBanner } },
];

// The panel's icon font (codicon.css names codicon.ttf beside it): shipped in dist/, which the
// webview may load from, instead of node_modules/, which the .vsix leaves out.
const CODICONS = ['codicon.css', 'codicon.ttf'];
function copyCodicons() {
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of CODICONS) fs.copyFileSync(path.join('node_modules/@vscode/codicons/dist', file), path.join('dist/codicons', file));
}

/**
 * The licences of what the .vsix carries from node_modules (the packages bundled into a dist/
 * file, the codicon font), which MIT, BSD and CC BY ask to go along with it: one file, rebuilt
 * from the bundles' inputs so it cannot miss a package.
 */
function writeNotices(metafiles) {
  const packages = new Set(['@vscode/codicons']);
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) packages.add(m[1]);
    }
  }
  // Source adapted from a package (not bundled from node_modules) ships that package's licence too.
  const vendored = [{ dir: 'src/analysis/python/grammar/', title: 'Python grammar and tokenizer adapted from @lezer/python 1.1.19 (MIT)', license: 'src/analysis/python/grammar/LICENSE-lezer-python' }]
    .filter((v) => metafiles.some((m) => Object.keys(m.inputs).some((input) => input.startsWith(v.dir))))
    .map((v) => `${v.title}\n\n${fs.readFileSync(v.license, 'utf8').trim()}\n`);
  const sections = [...packages].sort().map((name) => {
    const dir = path.join('node_modules', name);
    const { version, license } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!file) throw new Error(`${name} has no LICENSE file to ship`);
    return `${name} ${version} (${license})\n\n${fs.readFileSync(path.join(dir, file), 'utf8').trim()}\n`;
  });
  sections.push(...vendored);
  fs.writeFileSync('dist/third-party-notices.txt', `Dropout Lens includes the following third-party software.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`);
}

if (tests) {
  entries.push(
    // Same suite for both hosts; mocha stays external in Node (the host resolves it from node_modules).
    { name: 'integration tests (Node host)', options: { ...node, entryPoints: ['test/integration/index.node.ts'], outfile: 'out/integration/node.js', external: ['vscode', 'mocha'] } },
    {
      name: 'integration tests (web worker host)',
      options: {
        ...browser, format: 'cjs', entryPoints: ['test/integration/index.web.ts'], outfile: 'out/integration/web.js', external: ['vscode'],
        // It brings a process of its own (mocha and assert read it), so process stays defined.
        mainFields: ['browser', 'module', 'main'], inject: ['test/integration/process-shim.ts'], define: {},
      },
    },
    { name: 'UI tests', options: { ...node, entryPoints: fs.readdirSync('test/ui').filter((f) => f.endsWith('.test.ts')).map((f) => `test/ui/${f}`), outdir: 'out/ui', packages: 'external' } },
    // The UI suites that need a workbench of their own: VS Code for the Web, Japanese display language.
    ...['web', 'ja'].map((dir) => ({
      name: `UI tests (${dir})`,
      options: { ...node, entryPoints: fs.readdirSync(`test/ui/${dir}`).filter((f) => f.endsWith('.test.ts')).map((f) => `test/ui/${dir}/${f}`), outdir: `out/ui/${dir}`, packages: 'external' },
    })),
  );
}

async function main() {
  // A one-off build starts from an empty dist/, so no stale file (a dev source map) gets packaged.
  if (!watch) fs.rmSync('dist', { recursive: true, force: true });
  copyCodicons();
  const contexts = await Promise.all(entries.map((e) => esbuild.context(e.options)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [entries[i].name] : []));
  if (failed.length) {
    console.error(`[esbuild] failed: ${failed.join(', ')}`);
    process.exit(1);
  }
  writeNotices(results.flatMap((r, i) => (r.status === 'fulfilled' && r.value.metafile && entries[i].options.outfile?.startsWith('dist/') ? [r.value.metafile] : [])));
  console.log(`[esbuild] built ${entries.length} bundles (${production ? 'production' : 'development'}): ${entries.map((e) => e.options.outfile ?? e.options.outdir).join(', ')}, and dist/codicons/, dist/third-party-notices.txt`);
}

// The bundle options are also read by the unit test that keeps Node modules out of the browser bundles.
module.exports = { entries };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
