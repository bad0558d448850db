import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Build } from '../../src/core/builds';
import { replay } from '../../src/replay';
import { MAX_WHILE_ITERATIONS } from '../../src/replay/loops';

// What `python SCRIPT.py` printed under each oracle, recorded by scripts/fixtures/gen_replay.py.
const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'replay');

interface Outcome {
  stdout: string;
  exit: number;
  stderrLast: string;
}

function oracle(version: string): Record<string, Outcome> {
  return (JSON.parse(fs.readFileSync(path.join(DIR, `oracle-${version}.json`), 'utf8')) as { scripts: Record<string, Outcome> }).scripts;
}

const OLD = oracle('1.13');
const NEW = oracle('2.13');
/** The official x86-64 2.6 wheel, which draws dropout's and `bernoulli_(p)`'s noise through MKL: `--build x86-mkl`. */
const MKL = oracle('2.6');
const NAMES = fs.readdirSync(DIR).filter((n) => n.endsWith('.py')).sort();

/** Where PyTorch 2.13 prints otherwise than 1.13: `default` follows 1.13 (the README's reference), `x86-mkl` follows 2.6. */
const DIFFERENCES: Record<string, string> = {
  'err_item.py': "2.13 raises RuntimeError: a Tensor with 3 elements cannot be converted to Scalar",
  'grad_fns.py': 'nn.Linear on a 1-D input: 2.13 prints grad_fn=<ViewBackward0>, 1.13 <AddBackward0>',
  'matmul_grad.py': 'a 1-D vector @ a matrix: 2.13 prints grad_fn=<SqueezeBackward4>, 1.13 <SqueezeBackward3>',
  'mv_error.py': '2.13 raises RuntimeError: size mismatch, got input (2), mat (2x3), vec (4); 1.13 size mismatch, got 2, 2x3,4',
};

/** Scripts that draw Bernoulli noise with a float p (dropout, `bernoulli_(p)`): the only draws that differ on the MKL build. */
const drawsNoise = (source: string): boolean => /dropout|Dropout|bernoulli/.test(source);

/** Replay of the corpus script `name` under `build` against what Python printed. */
function checkScript(name: string, expected: Outcome, build: Build): void {
  const source = fs.readFileSync(path.join(DIR, name), 'utf8');
  const r = replay(source, { fileName: name, build });
  const stopsAt = /^# replay-stops-at: (\d+)$/m.exec(source);
  if (stopsAt) {
    // Python runs it through; replay keeps what it printed up to the statement it cannot follow.
    assert.strictEqual(r.exitCode, 3, r.stderr);
    assert.ok(expected.stdout.startsWith(r.stdout), `stdout is not a prefix of Python's:\n${r.stdout}`);
    assert.match(r.stderr, new RegExp(`(^|\\n)${name.replace('.', '\\.')}:${stopsAt[1]}: cannot replay .+: .+\\n$`));
    return;
  }
  assert.strictEqual(r.stdout, expected.stdout);
  assert.strictEqual(r.exitCode, expected.exit, r.stderr);
  if (expected.exit !== 0) assert.strictEqual(r.stderr.trimEnd().split('\n').pop(), expected.stderrLast);
  assert.strictEqual(r.seedUsed, undefined, 'every corpus script seeds before drawing');
}

describe(`replay against ${NAMES.length} scripts run by PyTorch 1.13 and 2.13`, () => {
  it('has both oracles for every script, agreeing except where DIFFERENCES records it', () => {
    for (const name of NAMES) {
      assert.ok(OLD[name] && NEW[name], `${name}: regenerate with scripts/fixtures/generate.sh`);
      if (DIFFERENCES[name]) assert.notDeepStrictEqual(NEW[name], OLD[name], `${name} no longer differs: drop it from DIFFERENCES`);
      else assert.deepStrictEqual(NEW[name], OLD[name], name);
    }
  });

  for (const name of NAMES) it(name, () => checkScript(name, OLD[name], 'default'));
});

describe(`replay --build x86-mkl against the same scripts run by the PyTorch 2.6 x86-64 wheel`, () => {
  it('has the 2.6 oracle for every script; without Bernoulli noise 2.6 prints as 2.13, with it the masks move', () => {
    const moved = NAMES.filter((name) => {
      assert.ok(MKL[name], `${name}: regenerate with scripts/fixtures/generate.sh (MKL_PYTHON)`);
      const source = fs.readFileSync(path.join(DIR, name), 'utf8');
      if (!drawsNoise(source)) assert.deepStrictEqual(MKL[name], NEW[name], name);
      return MKL[name].stdout !== NEW[name].stdout;
    });
    // Most noise-drawing scripts print another mask (a few draw nothing: p = 0, eval, errors).
    assert.ok(moved.length > NAMES.filter((n) => drawsNoise(fs.readFileSync(path.join(DIR, n), 'utf8'))).length / 2, moved.join(' '));
  });

  for (const name of NAMES) it(name, () => checkScript(name, MKL[name], 'x86-mkl'));
});

describe('replay: the contract outside the corpus', () => {
  const unseeded = 'import torch\nprint(torch.rand(3))\n';

  it('an unseeded draw takes a fresh seed and says it on stderr; --seed N equals manual_seed(N)', () => {
    const r = replay(unseeded, { fileName: 'u.py' });
    assert.match(r.stderr, /^seed: \d+\n$/);
    assert.strictEqual(r.stderr, `seed: ${r.seedUsed}\n`);
    const fixed = replay(unseeded, { fileName: 'u.py', seed: '5' });
    const seeded = replay('import torch\ntorch.manual_seed(5)\nprint(torch.rand(3))\n', { fileName: 's.py' });
    assert.strictEqual(fixed.stdout, seeded.stdout);
    assert.strictEqual(fixed.seedUsed, '5');
  });

  it('a while loop whose condition never turns false stops (Python would hang) instead of freezing the caller', () => {
    const r = replay('import torch\nn = 0\nwhile n >= 0:\n    n += 1\nprint(n)\n', { fileName: 'w.py' });
    assert.deepStrictEqual([r.stdout, r.exitCode], ['', 3]);
    assert.strictEqual(r.stderr, `w.py:3: cannot replay this while loop: its condition still holds after ${MAX_WHILE_ITERATIONS} iterations\n`);
  });

  it('a for loop that appends to the list it goes through stops (Python would see the new items)', () => {
    const r = replay('xs = [1, 2]\nfor x in xs:\n    print(x)\n    if x < 3:\n        xs.append(x + 2)\n', { fileName: 'a.py' });
    assert.deepStrictEqual([r.stdout, r.exitCode], ['1\n', 3]);
    assert.match(r.stderr, /^a\.py:2: cannot replay a loop over a list that the loop changes: /);
  });

  it('zip() and enumerate() are iterators: a second loop over one sees nothing', () => {
    const source = 'z = zip([1, 2], [5, 6])\nfor i, (a, b) in enumerate(zip([1, 2], [3, 4]), 1):\n    print(i, a, b)\nprint(list(z), list(z))\n';
    const r = replay(source, { fileName: 'z.py' });
    // What python3 prints for it.
    assert.deepStrictEqual([r.stdout, r.exitCode], ['1 1 3\n2 2 4\n[(1, 5), (2, 6)] []\n', 0]);
  });

  it('nothing random reached: no seed line', () => {
    const r = replay('import torch\nprint(torch.ones(2))\n', { fileName: 'a.py' });
    assert.deepStrictEqual([r.stderr, r.exitCode, r.seedUsed], ['', 0, undefined]);
  });

  it('stops with the line and the reason, keeping what was printed', () => {
    const r = replay('print(1)\nimport os\nprint(2)\n', { fileName: 'x.py' });
    assert.deepStrictEqual([r.stdout, r.exitCode], ['1\n', 3]);
    assert.strictEqual(r.stderr, 'x.py:2: cannot replay the import of os: replay knows torch, numpy, random and math\n');
  });

  it('a raise shows a traceback with the line as Python shows it', () => {
    const r = replay('import torch.nn.functional as F\nimport torch\nF.dropout(torch.ones(2),   p=1.5)\n', { fileName: 'e.py' });
    assert.strictEqual(r.exitCode, 1);
    assert.strictEqual(
      r.stderr,
      'Traceback (most recent call last):\n  File "e.py", line 3, in <module>\n    F.dropout(torch.ones(2),   p=1.5)\n' +
        'ValueError: dropout probability has to be between 0 and 1, but got 1.5\n',
    );
  });

  it('marks float64 randn approximate on stderr, exit still 0; float32 randn is exact', () => {
    const r = replay('import torch\ntorch.manual_seed(0)\nx = torch.randn(16, dtype=torch.float64)\n', { fileName: 'r.py' });
    assert.strictEqual(r.exitCode, 0);
    assert.ok(r.approximate);
    assert.match(r.stderr, /^approximate: float64 randn/);
    for (const n of [15, 16, 17]) assert.ok(!replay(`import torch\ntorch.manual_seed(0)\nx = torch.randn(${n})\n`, { fileName: 'r.py' }).approximate);
  });
});

describe('replay: layering', () => {
  it('imports nothing of VS Code, the features or the webview (the CLI runs it)', () => {
    const root = path.join(__dirname, '..', '..', '..', 'src', 'replay');
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
    for (const file of files(root).filter((f) => f.endsWith('.ts'))) {
      const imports = [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      const bad = imports.filter((i) => i === 'vscode' || /\/(features|webview)\b/.test(i));
      assert.deepStrictEqual(bad, [], file);
    }
  });
});
