// `npx dropout-lens` from the npm tarball, as on a clean machine: `npm pack` in a copy of the
// sources (its prepack script builds dist/cli.js there, the working tree is left alone), then the
// .tgz installed offline into an empty folder (the tool has no runtime dependencies) and run.
import * as assert from 'assert';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** What `npm pack` needs of the repository to build the tool (prepack builds every bundle: the extension's holds the walkthrough's example). */
const SOURCES = ['package.json', '.npmignore', 'esbuild.js', 'tsconfig.json', 'README.md', 'README.ja.md', 'LICENSE', 'src', 'examples/seeded_cell.py'];
// The tool carries the literal parser, the replay engine and the Python parser it reads scripts with.
const MAX_TARBALL_BYTES = 160 * 1024;

function run(command: string, args: string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, input, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.ok(!r.error, `${command} ${args.join(' ')} started: ${r.error}`);
  return r;
}

describe('the npm package: npx dropout-lens from the packed tarball', function () {
  this.timeout(60000);
  let scratch: string;
  let tarball: string;
  let user: string;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-pack-'));
    const copy = path.join(scratch, 'repo');
    fs.mkdirSync(copy);
    for (const f of SOURCES) fs.cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const pack = run('npm', ['pack', '--pack-destination', scratch], copy);
    assert.strictEqual(pack.status, 0, pack.stderr);
    tarball = path.join(scratch, fs.readdirSync(scratch).find((f) => f.endsWith('.tgz')) ?? 'no .tgz written');
    user = path.join(scratch, 'user');
    fs.mkdirSync(user);
    fs.writeFileSync(path.join(user, 'package.json'), '{ "private": true }\n');
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], user);
    assert.strictEqual(install.status, 0, install.stderr);
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the tool, the licences of what it bundles, package.json and the READMEs, and stays small', () => {
    const files = run('tar', ['-tzf', tarball], scratch).stdout.trim().split('\n').sort();
    assert.deepStrictEqual(files, ['package/LICENSE', 'package/README.ja.md', 'package/README.md', 'package/dist/cli.js', 'package/dist/third-party-notices.txt', 'package/package.json']);
    const size = fs.statSync(tarball).size;
    assert.ok(size < MAX_TARBALL_BYTES, `${size} bytes < ${MAX_TARBALL_BYTES}`);
  });

  it('runs on a literal given as an argument, with the seed of torch.manual_seed', () => {
    const r = run('npx', ['--no-install', 'dropout-lens', '--seed', '0', '--p', '0.2', 'torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])'], user);
    // What PyTorch 1.13 prints for torch.manual_seed(0); nn.Dropout(p=0.2)(x) (examples/getting_started.py).
    assert.deepStrictEqual([r.status, r.stdout, r.stderr], [0, 'tensor([[ 0.0000,  2.5000,  3.7500,  0.0000],\n        [ 6.2500,  7.5000,  8.7500, 10.0000]])\n', '']);
  });

  it('reads the literal from stdin and prints JSON with --json', () => {
    const r = run('npx', ['--no-install', 'dropout-lens', '--seed', '0', '--p', '0.2', '--json', '-'], user, 'torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])\n');
    assert.strictEqual(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { mask: number[]; shape: number[]; seed: string };
    assert.deepStrictEqual([json.shape, json.mask, json.seed], [[2, 4], [0, 1, 1, 0, 1, 1, 1, 1], '0']);
  });

  it('fails like PyTorch on an int64 tensor (exit 1) and on a bad option (exit 2)', () => {
    const int64 = run('npx', ['--no-install', 'dropout-lens', '--seed', '0', 'torch.tensor([1, 2, 3])'], user);
    assert.deepStrictEqual([int64.status, int64.stdout, int64.stderr], [1, '', "RuntimeError: result type Float can't be cast to the desired output type Long\n"]);
    const usage = run('npx', ['--no-install', 'dropout-lens', '--no-such-option'], user);
    assert.strictEqual(usage.status, 2);
    assert.match(usage.stderr, /^usage: dropout-lens /m);
  });
});
