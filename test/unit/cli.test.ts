import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, USAGE } from '../../src/cli';
import { DEFAULT_MAX_CHARS } from '../../src/core/parse';
import { runCliProcess } from '../../scripts/fuzz/pipes';
import { toLiteral } from '../../src/core/literal';
import { pyFloatRepr } from '../../src/core/pyformat';
import { DROPOUT_CASES as CASES, fixtureTensor, type DropoutCase as Case } from './dropoutFixtures';

function inputLiteral(t: Case['input']): string {
  return toLiteral(fixtureTensor(t));
}

function pText(c: Case): string {
  if (typeof c.p === 'string') return c.p;
  return c.pIsInt ? String(c.p) : pyFloatRepr(c.p);
}

const noStdin = (): undefined => undefined;

describe(`dropout-lens CLI against ${CASES.length} PyTorch dropout fixtures`, () => {
  it('prints exactly what print(repr(y)) prints, or PyTorch error and warnings with exit 1', () => {
    CASES.forEach((c, i) => {
      const literal = inputLiteral(c.input);
      const args = ['--p', pText(c), '--seed', c.seed, '--call', String(c.call), '--variant', c.variant];
      if (!c.training) args.push('--eval');
      if (c.inplace) args.push('--inplace');
      // Alternate the three ways of passing the literal: argument, `-`, and stdin by default.
      const way = i % 3;
      const r = runCli(way === 0 ? [...args, literal] : way === 1 ? [...args, '-'] : args, () => literal);
      const warnings = c.warnings.map((w) => `UserWarning: ${w}\n`).join('');
      if (c.error) {
        assert.deepStrictEqual(r, { stdout: '', stderr: `${warnings}${c.error.type}: ${c.error.message}\n`, exitCode: 1 }, c.name);
      } else {
        assert.deepStrictEqual(r, { stdout: `${c.repr}\n`, stderr: warnings, exitCode: 0 }, c.name);
      }
    });
  });

  it('--json gives the mask, output and repr of the call', () => {
    const c = CASES.find((x) => x.mask && x.input.shape.length === 2 && x.variant === 'dropout' && !x.inplace) as Case;
    const r = runCli(['--json', '--p', pText(c), '--seed', c.seed, '--call', String(c.call), inputLiteral(c.input)], noStdin);
    assert.strictEqual(r.exitCode, 0);
    const j = JSON.parse(r.stdout);
    assert.deepStrictEqual([j.variant, j.seed, j.call, j.repr, j.shape], ['dropout', c.seed, c.call, c.repr, c.input.shape]);
    assert.deepStrictEqual(j.mask_shape, c.mask?.shape);
    assert.strictEqual(j.mask.join(''), c.mask?.bits);
    assert.strictEqual(j.output.length, j.mask.length);
    assert.ok('p' in j && 'dtype' in j && 'kept' in j);
  });
});

describe('dropout-lens CLI usage', () => {
  const usageCases: [string[], RegExp][] = [
    [['--bogus', '[1.]'], /unknown option --bogus/],
    [['--p', 'abc', '[1.]'], /--p: not a number/],
    [['--p'], /--p needs a value/],
    [['--seed', '1.5', '[1.]'], /--seed: not an integer/],
    [['--call', '0', '[1.]'], /--call: expected an integer from 1 to 9007199254740991/],
    [['--variant', 'dropout4d', '[1.]'], /unknown variant "dropout4d"/],
    [['[1.]', '[2.]'], /more than one literal/],
    [['--eval=1', '[1.]'], /--eval takes no value/],
    [[], /no literal given/],
  ];
  for (const [args, msg] of usageCases) {
    it(`exits 2 on ${JSON.stringify(args)}`, () => {
      const r = runCli(args, noStdin);
      assert.strictEqual(r.exitCode, 2);
      assert.strictEqual(r.stdout, '');
      assert.match(r.stderr, msg);
      assert.ok(r.stderr.endsWith(USAGE + '\n'));
    });
  }

  it('prints help on stdout with exit 0', () => {
    const r = runCli(['--help'], noStdin);
    assert.strictEqual(r.exitCode, 0);
    assert.ok(r.stdout.startsWith(USAGE));
  });

  it('draws a fresh seed, reports it on stderr, and repeats the run with it', () => {
    const literal = 'torch.tensor([' + Array.from({ length: 64 }, (_, i) => `${i}.5`).join(', ') + '])';
    const first = runCli([literal], noStdin);
    assert.strictEqual(first.exitCode, 0);
    const m = /^seed: (\d+)\n$/.exec(first.stderr);
    assert.ok(m, first.stderr);
    const again = runCli(['--seed', m[1], literal], noStdin);
    assert.deepStrictEqual(again, { stdout: first.stdout, stderr: '', exitCode: 0 });
  });

  it('accepts --name=value and a literal that starts with a minus sign', () => {
    const r = runCli(['--p=0', '--seed=7', '-1.5'], noStdin);
    assert.deepStrictEqual(r, { stdout: 'tensor(-1.5000)\n', stderr: '', exitCode: 0 });
  });

  it('reports a literal error with line and column, exit 1', () => {
    const r = runCli(['--seed', '1', '[1.,\n 2 3]'], noStdin);
    assert.deepStrictEqual(r, { stdout: '', stderr: "dropout-lens: cannot read the literal: line 2, column 4: expected ',' or ']', found '3'\n", exitCode: 1 });
  });

  it("reports PyTorch's own literal errors as Python does, with the place", () => {
    const r = runCli(['--seed', '1', 'torch.tensor([[1., 2.], [3.]])'], noStdin);
    assert.strictEqual(r.exitCode, 1);
    assert.strictEqual(r.stderr, 'ValueError: expected sequence of length 2 at dim 1 (got 1)\n  (in the literal at line 1, column 25)\n');
  });

  it("gives torch.manual_seed's error for a seed out of range", () => {
    const r = runCli(['--seed', '18446744073709551616', '[1.]'], noStdin);
    assert.deepStrictEqual(r, { stdout: '', stderr: 'RuntimeError: Overflow when unpacking long\n', exitCode: 1 });
  });

  it('reads the literal from stdin', () => {
    const r = runCli(['--seed', '0', '--eval', '-'], () => 'np.array([[1, 2], [3, 4]], dtype=np.float64)\n');
    assert.deepStrictEqual(r, { stdout: 'tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)\n', stderr: '', exitCode: 0 });
  });
});

describe('dropout-lens CLI process, stdin through real pipes', () => {
  it('waits for a slow writer (stdin empty at first)', async () => {
    const r = await runCliProcess(['--seed', '1', '-'], { writerSource: 'setTimeout(() => process.stdout.write("[1., 2.]\\n"), 500)' }, 15000);
    assert.deepStrictEqual([r.stdout, r.stderr, r.code], ['tensor([2., 4.])\n', '', 0]);
  });

  it('reads a literal larger than the pipe buffer from another process', async () => {
    // 8 MB: the pipe fills many times over while the CLI reads.
    const writerSource = 'process.stdout.write("torch.tensor([" + "0.25, ".repeat(1398101) + "0.25])")';
    const r = await runCliProcess(['--seed', '1', '--eval', '--json'], { writerSource }, 60000);
    assert.strictEqual(r.stderr, '');
    assert.strictEqual(r.code, 0);
    const out = JSON.parse(r.stdout) as { shape: number[]; output: number[] };
    assert.deepStrictEqual(out.shape, [1398102]);
    assert.ok(out.output.every((v) => v === 0.25));
  });

  it('reads chunks arriving with pauses, split inside a number', async () => {
    const r = await runCliProcess(['--seed', '0', '--eval'], { chunks: ['torch.ten', 'sor([1.', '5, 2', '.5])\n'], delayMs: 100 }, 15000);
    assert.deepStrictEqual([r.stdout, r.stderr, r.code], ['tensor([1.5000, 2.5000])\n', '', 0]);
  });

  it('stops reading past the size limit, with a message and exit 1, even when the writer never stops', async () => {
    const writerSource = 'const s = "1, ".repeat(1 << 16); (function w() { while (process.stdout.write(s)); process.stdout.once("drain", w); })()';
    const r = await runCliProcess(['--seed', '1', '-'], { writerSource }, 60000);
    assert.deepStrictEqual([r.stdout, r.stderr, r.code], ['', `dropout-lens: cannot read the literal: stdin holds more than ${DEFAULT_MAX_CHARS} characters, the limit for a literal\n`, 1]);
  });

  it('stops quietly when the reader closes stdout early (| head)', async () => {
    const r = await runCliProcess(['--seed', '1', '--json', 'torch.ones(2000000)'], undefined, 60000, 1);
    assert.deepStrictEqual([r.stderr, r.code], ['', 0]);
  });

  it('does not wait for stdin when the literal is an argument', async () => {
    const r = await runCliProcess(['--seed', '1', '[1.]'], { writerSource: 'setInterval(() => process.stdout.write("["), 1000)' }, 15000);
    assert.deepStrictEqual([r.stdout, r.code, r.timedOut], ['tensor([2.])\n', 0, false]);
  });
});

describe('dropout-lens run (replay)', () => {
  const SCRIPT = 'import torch\ntorch.manual_seed(3)\nprint(torch.nn.functional.dropout(torch.ones(4), 0.5))\n';

  it('prints what python prints for a file, and reads - from stdin', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-run-'));
    try {
      const file = path.join(dir, 'cell.py');
      fs.writeFileSync(file, `\ufeff${SCRIPT}`);
      const fromFile = runCli(['run', file], () => undefined);
      const fromStdin = runCli(['run', '-'], () => SCRIPT);
      // torch.manual_seed(3); F.dropout(torch.ones(4), 0.5) in real PyTorch 1.13 and 2.13.
      assert.deepStrictEqual(fromFile, { stdout: 'tensor([2., 2., 0., 2.])\n', stderr: '', exitCode: 0 });
      assert.deepStrictEqual(fromStdin, fromFile);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--build x86-mkl replays the MKL draws of the 2.6 x86-64 wheel; the default is default', () => {
    // The same script printed by the official PyTorch 2.6 x86-64 wheel (MKL path).
    const mkl = { stdout: 'tensor([2., 0., 2., 0.])\n', stderr: '', exitCode: 0 };
    assert.deepStrictEqual(runCli(['run', '--build', 'x86-mkl', '-'], () => SCRIPT), mkl);
    assert.deepStrictEqual(runCli(['run', '--build=x86-mkl', '-'], () => SCRIPT), mkl);
    assert.deepStrictEqual(runCli(['run', '--build', 'default', '-'], () => SCRIPT), runCli(['run', '-'], () => SCRIPT));
  });

  it('stops with exit 3 where it cannot follow, keeping what it printed', () => {
    const r = runCli(['run', '-'], () => `${SCRIPT}while True:\n    pass\n`);
    assert.strictEqual(r.stdout, 'tensor([2., 2., 0., 2.])\n');
    assert.match(r.stderr, /^<stdin>:4: cannot replay /m);
    assert.strictEqual(r.exitCode, 3);
  });

  it('gives usage errors and an unreadable file exit 2, with the usage', () => {
    for (const args of [['run'], ['run', 'a.py', 'b.py'], ['run', '--seed', 'x', 'a.py'], ['run', '--nope', 'a.py'], ['run', '--build', 'x86', 'a.py'], ['run', 'a.py', '--build']]) {
      const r = runCli(args, () => undefined);
      assert.strictEqual(r.exitCode, 2, args.join(' '));
      assert.match(r.stderr, /usage: dropout-lens run \[--seed S\] \[--build NAME\] FILE\.py \| -/);
    }
    const missing = runCli(['run', path.join(os.tmpdir(), 'no-such-dropout-lens-script.py')], () => undefined);
    assert.strictEqual(missing.exitCode, 2);
    assert.match(missing.stderr, /can't open file .*No such file or directory/);
  });
});
