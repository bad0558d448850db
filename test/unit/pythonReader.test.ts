import type { Tree } from '@lezer/common';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { tensorExpressionAt } from '../../src/analysis/literalAt';
import { LIST_MIN, nodeText, readPython } from '../../src/analysis/python/reader';
import { makeParser } from '../../src/analysis/python/grammar/parser';
import { parseTensorLiteral } from '../../src/core/parse';
import { TENSOR_MAKERS, TENSOR_METHODS } from '../../src/core/parse/names';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The error nodes of a parse, as `text@offset`. */
function errors(text: string): string[] {
  const found: string[] = [];
  readPython(text).tree.iterate({ enter: (n) => void (n.type.isError && found.push(`${JSON.stringify(text.slice(n.from, n.from + 20))}@${n.from}`)) });
  return found;
}

/** Every node of a tree with its extent. */
function layout(tree: Tree): string {
  const out: string[] = [];
  tree.iterate({ enter: (n) => void out.push(`${n.name}@${n.from}-${n.to}`) });
  return out.join(' ');
}

const parser = makeParser();

describe('analysis: the Python reader', () => {
  it('has its parser generated from the grammar as it is (npm run grammar)', function () {
    this.timeout(60000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generate, DIR } = require(path.join(ROOT, 'scripts', 'gen-python-parser.js')) as { generate(): Record<string, string>; DIR: string };
    for (const [name, text] of Object.entries(generate())) {
      assert.ok(fs.readFileSync(path.join(DIR, name), 'utf8') === text, `${name} is stale: run npm run grammar`);
    }
  });

  it('reads a float that ends in its dot as one number, as Python does (upstream @lezer/python does not)', () => {
    const text = 'x = [1., -2., 3.e5, .5, 1_0.]\n';
    assert.deepStrictEqual(errors(text), []);
    const numbers: string[] = [];
    const source = readPython(text);
    source.tree.iterate({ enter: (n) => void (n.name === 'Number' && numbers.push(nodeText(source, n))) });
    assert.deepStrictEqual(numbers, ['1.', '2.', '3.e5', '.5', '1_0.']);
  });

  it('reads every example and test workspace file without an error node', () => {
    const dirs = [path.join(ROOT, 'examples'), path.join(ROOT, 'test', 'integration', 'workspace')];
    const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.py')).map((f) => path.join(d, f)));
    assert.ok(files.length >= 4, files.join(', '));
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      // The integration suite's file holds one deliberate syntax error (a missing comma), as Python says.
      const typo = text.indexOf('2.0 3.0]');
      assert.deepStrictEqual(errors(text), typo < 0 ? [] : [`${JSON.stringify(text.slice(typo + 4, typo + 24))}@${typo + 4}`], file);
    }
  });

  it('gives the same tree after an edit, parsed again only where it changed, as a parse from nothing', () => {
    // Large enough that the parser reuses whole statements and blocks of the old tree.
    const base = fs.readFileSync(path.join(ROOT, 'examples', 'mlp_dropout.py'), 'utf8').repeat(20);
    const inserts = ['x', '(', ')', '\n', '    ', '"', "'''", '#', ']', 'def f(:', '\\\n', '1.'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    let text = base;
    for (let k = 0; k < 200; k++) {
      readPython(text);
      const at = next(text.length + 1);
      // Insert, delete, or replace a piece, then compare with a parse that knows no earlier tree.
      const cut = next(3) === 0 ? next(8) : 0;
      text = text.slice(0, at) + (next(4) === 0 ? '' : inserts[next(inserts.length)]) + text.slice(Math.min(text.length, at + cut));
      assert.strictEqual(layout(readPython(text).tree), layout(parser.parse(text)), `edit ${k} at ${at}`);
      if (k % 50 === 49) text = base;
    }
  });

  it('reads a long list of numbers as one empty list of the same extent, offsets unchanged', () => {
    const list = `[${Array.from({ length: 300 }, (_, r) => `[${Array.from({ length: 10 }, (_, c) => `${r}.${c}e-3`).join(', ')}]`).join(',\n ')}]`;
    assert.ok(list.length > LIST_MIN);
    const text = `a = "[1, 2]"\nx = torch.tensor(${list}, dtype=torch.float64)  # [3]\ny = 1\n`;
    const source = readPython(text);
    const lists: string[] = [];
    let numbers = 0;
    source.tree.iterate({
      enter: (n) => {
        if (n.name === 'ArrayExpression') lists.push(nodeText(source, n));
        if (n.name === 'Number') numbers++;
      },
    });
    assert.deepStrictEqual(lists, [list]);
    assert.strictEqual(numbers, 1, 'only y = 1 is read as a number');
    // A short list, or one holding anything but numbers, is read as usual.
    const short = readPython('x = [[1, 2], [3, n]]');
    let count = 0;
    short.tree.iterate({ enter: (n) => void (n.name === 'Number' && count++) });
    assert.strictEqual(count, 3);
  });
});

describe('analysis: the tensor expression at the cursor, for every literal form the core reads', () => {
  const cases: { text: string; expr: string; inside: string; dtype: string }[] = [
    { text: 'x = torch.as_tensor([1., 2.], dtype=torch.float64)\n', expr: 'torch.as_tensor([1., 2.], dtype=torch.float64)', inside: '2.]', dtype: 'float64' },
    { text: 'x = torch.LongTensor([[1, 2], [3, 4]])\n', expr: 'torch.LongTensor([[1, 2], [3, 4]])', inside: '3, 4', dtype: 'int64' },
    { text: 'x = torch.BoolTensor([True, False])\n', expr: 'torch.BoolTensor([True, False])', inside: 'False', dtype: 'bool' },
    { text: 'x = torch.tensor([1.5, 2.5]).long()\n', expr: 'torch.tensor([1.5, 2.5]).long()', inside: '2.5', dtype: 'int64' },
    { text: 'x = torch.ones(2, 3).bool()\n', expr: 'torch.ones(2, 3).bool()', inside: 'bool', dtype: 'bool' },
    { text: 'a = np.array([[1, 2]]).astype(np.float32)\n', expr: 'np.array([[1, 2]]).astype(np.float32)', inside: '[1, 2]', dtype: 'float32' },
    { text: 'a = torch.from_numpy(np.array([0.5, 1.5]))\n', expr: 'torch.from_numpy(np.array([0.5, 1.5]))', inside: '0.5', dtype: 'float64' },
    { text: 'x = torch.tensor(\n    [[1., 2.],  # row 0\n     [3., 4.]],\n    dtype=torch.float64,\n).reshape(4)\n', expr: 'torch.tensor(\n    [[1., 2.],  # row 0\n     [3., 4.]],\n    dtype=torch.float64,\n).reshape(4)', inside: '# row', dtype: 'float64' },
    { text: 'tensor([[ 1.5000, -2.0000]], requires_grad=True, grad_fn=<MulBackward0>)', expr: 'tensor([[ 1.5000, -2.0000]], requires_grad=True, grad_fn=<MulBackward0>)', inside: '-2.0', dtype: 'float32' },
    // A notebook cell is a document of its own.
    { text: 'drop = nn.Dropout(0.2)\ndrop(torch.arange(6.).view(2, 3))', expr: 'torch.arange(6.).view(2, 3)', inside: 'view', dtype: 'float32' },
  ];
  for (const { text, expr, inside, dtype } of cases) {
    it(`${expr.replace(/\s+/g, ' ')}: the whole expression from anywhere inside, run as ${dtype}`, () => {
      const start = text.indexOf(expr);
      for (const offset of [start, start + expr.indexOf(inside), start + expr.length]) {
        const found = tensorExpressionAt(text, offset);
        assert.ok(found, `something at ${offset}`);
        assert.strictEqual(text.slice(found.start, found.end), expr, `at ${offset}`);
      }
      assert.strictEqual(parseTensorLiteral(expr).tensor.dtype, dtype);
    });
  }

  it('knows exactly the calls and methods the core reads (one table for both)', () => {
    const call: Record<string, string> = { 'torch.ones': '(2)', 'torch.zeros': '(2)', 'torch.arange': '(3)', 'torch.linspace': '(0, 1, 3)', 'torch.eye': '(2)', 'torch.full': '((2,), 1.)', 'torch.from_numpy': '(np.array([1.]))' };
    for (const name of TENSOR_MAKERS) {
      const text = `${name}${call[name] ?? '([1.])'}`;
      assert.ok(parseTensorLiteral(text).tensor, text);
      assert.deepStrictEqual(tensorExpressionAt(text, 1), { start: 0, end: text.length }, text);
    }
    for (const method of TENSOR_METHODS) {
      const text = method === 'astype' ? 'np.array([1.]).astype(np.float32)' : `torch.ones(4).${method}(${method === 'reshape' || method === 'view' ? '2, 2' : ''})`;
      assert.ok(parseTensorLiteral(text).tensor, text);
      assert.deepStrictEqual(tensorExpressionAt(text, 1), { start: 0, end: text.length }, text);
    }
  });

  it('finds nothing outside an expression, nor in a call it does not know', () => {
    const text = 'y = model(x)\nz = th.tensor([1.])\n';
    assert.strictEqual(tensorExpressionAt(text, text.indexOf('x)')), undefined);
    assert.strictEqual(tensorExpressionAt(text, text.indexOf('th.')), undefined, 'th is no name the core reads');
    assert.strictEqual(text.slice(...Object.values(tensorExpressionAt(text, text.indexOf('1.'))!) as [number, number]), '[1.]', 'its list still is a literal');
  });
});
