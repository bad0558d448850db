import * as assert from 'assert';
import { runCli, USAGE } from '../../src/cli';
import { toLiteral } from '../../src/core/literal';
import { pyFloatRepr } from '../../src/core/pyformat';
import { fixtureTensor, loadDropoutCases } from './dropoutFixtures';

const MKL_CASES = loadDropoutCases('dropout-mkl.json');
const noStdin = (): undefined => undefined;

describe(`dropout-lens --build against ${MKL_CASES.length} PyTorch 2.6 (x86-mkl) fixtures`, () => {
  it('prints what the x86-64 MKL build prints', () => {
    for (const c of MKL_CASES) {
      const p = c.p as number;
      const args = ['--build', 'x86-mkl', '--p', c.pIsInt ? String(p) : pyFloatRepr(p), '--seed', c.seed, '--call', String(c.call), '--variant', c.variant];
      if (!c.training) args.push('--eval');
      if (c.inplace) args.push('--inplace');
      const r = runCli([...args, toLiteral(fixtureTensor(c.input))], noStdin);
      assert.deepStrictEqual(r, { stdout: `${c.repr}\n`, stderr: c.warnings.map((w) => `UserWarning: ${w}\n`).join(''), exitCode: 0 }, c.name);
    }
  });

  it('--json reports the build; without --build it is default', () => {
    const mkl = JSON.parse(runCli(['--json', '--build=x86-mkl', '--seed', '123', 'torch.ones(6, 6)'], noStdin).stdout);
    const book = MKL_CASES.find((c) => c.name === "the book's cell");
    assert.strictEqual(mkl.build, 'x86-mkl');
    assert.strictEqual(mkl.mask.join(''), book?.mask?.bits);
    const def = JSON.parse(runCli(['--json', '--seed', '123', 'torch.ones(6, 6)'], noStdin).stdout);
    assert.strictEqual(def.build, 'default');
    assert.notStrictEqual(def.mask.join(''), mkl.mask.join(''));
  });

  it('refuses an unknown build with exit 2, and documents --build', () => {
    const r = runCli(['--build', 'mkl', '[1.]'], noStdin);
    assert.strictEqual(r.exitCode, 2);
    assert.match(r.stderr, /--build: unknown build "mkl" \(one of default, x86-mkl\)/);
    assert.ok(r.stderr.endsWith(USAGE + '\n'));
    assert.match(runCli(['--help'], noStdin).stdout, /--build NAME/);
  });
});
