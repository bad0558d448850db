import * as assert from 'assert';
import { dropoutCallAt, effectiveValue, findDropoutCalls, readValue } from '../../src/analysis/dropoutCalls';
import { diagnose, literalRank } from '../../src/analysis/diagnose';
import { tensorExpressionAt } from '../../src/analysis/literalAt';
import { drawsBefore, findManualSeeds, seedInScope } from '../../src/analysis/manualSeed';
import { blankOut, nearestDropoutInScope, scopesAt } from '../../src/analysis/scope';
import { LIST_MIN, readPython } from '../../src/analysis/python/reader';

/** Offset of the first occurrence of `needle` (plus `delta`), failing loudly when absent. */
function at(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in text`);
  return i + delta;
}

describe('analysis: strings and comments', () => {
  it('hold no calls', () => {
    const src = `s = "nn.Dropout(0.2)"  # nn.Dropout(3)\nt = '''F.dropout(x, 2)'''\n`;
    assert.deepStrictEqual(findDropoutCalls(src), []);
  });
});

/** The number nodes the reader finds in `src`, as text. */
function numbersIn(src: string): string[] {
  const numbers: string[] = [];
  readPython(src).tree.iterate({ enter: (n) => void (n.name === 'Number' && numbers.push(src.slice(n.from, n.to))) });
  return numbers;
}

describe('analysis: long lists of numbers', () => {
  /** A 2-d list of `rows` x 100 numbers written as users do (exponents, signs, `_`, line breaks). */
  const numbers = (rows: number) => `[${Array.from({ length: rows }, (_, r) => `[${Array.from({ length: 100 }, (_, c) => (c % 3 === 0 ? `-${r}.5e-3` : c % 3 === 1 ? `1_0${c}` : `+.${c}`)).join(', ')}]`).join(',\n ')}]`;
  const big = numbers(20);

  it('is read as one list whose numbers the parser skips', () => {
    const src = `x = torch.tensor(${big})\ny = x[0]`;
    assert.ok(big.length >= LIST_MIN);
    assert.deepStrictEqual(numbersIn(src), ['0'], 'only the short subscript is read');
  });

  it('is read as usual when it holds anything but numbers', () => {
    for (const odd of ['float("nan")', 'e', 'x', '# note\n', '1j', 'True']) {
      const src = big.replace('+.2', odd);
      assert.ok(numbersIn(src).length > 1000, odd);
    }
  });

  it('leaves the calls, their arguments and the expression at the cursor as they were', () => {
    const src = `drop = F.dropout(torch.tensor(${big}), p=0.3, training=False)\nz = ${big}\n`;
    const [call] = findDropoutCalls(src);
    assert.strictEqual(call.args.input?.text, `torch.tensor(${big})`);
    assert.deepStrictEqual(call.args.p?.value, { kind: 'number', value: 0.3, isInt: false });
    assert.deepStrictEqual(call.args.training?.value, { kind: 'bool', value: false });
    const inside = at(src, '1_049');
    assert.deepStrictEqual(tensorExpressionAt(src, inside), { start: at(src, 'torch.tensor'), end: at(src, '), p=0.3') + 1 });
    const bare = src.lastIndexOf('1_049');
    assert.deepStrictEqual(tensorExpressionAt(src, bare), { start: src.lastIndexOf(big), end: src.lastIndexOf(big) + big.length });
  });
});

describe('analysis: dropout calls', () => {
  it('binds keyword and positional arguments to the right parameters', () => {
    const src = 'a = nn.Dropout(p=0.2, inplace=True)\nb = F.dropout(x, 0.3, False)\nc = torch.nn.functional.alpha_dropout(x, training=True)';
    const [a, b, c] = findDropoutCalls(src);
    assert.strictEqual(a.form, 'module');
    assert.strictEqual(a.variant, 'dropout');
    assert.deepStrictEqual(a.args.p?.value, { kind: 'number', value: 0.2, isInt: false });
    assert.deepStrictEqual(a.args.inplace?.value, { kind: 'bool', value: true });
    assert.strictEqual(b.form, 'functional');
    assert.strictEqual(b.args.input?.text, 'x');
    assert.deepStrictEqual(b.args.p?.value, { kind: 'number', value: 0.3, isInt: false });
    assert.deepStrictEqual(b.args.training?.value, { kind: 'bool', value: false });
    assert.strictEqual(c.variant, 'alpha_dropout');
    assert.strictEqual(c.args.p, undefined);
    assert.deepStrictEqual(effectiveValue(c, 'p'), { kind: 'number', value: 0.5, isInt: false });
  });
  it('knows that functional alpha dropout defaults to training=False', () => {
    const [plain, alpha] = findDropoutCalls('F.dropout(x)\nF.feature_alpha_dropout(x)');
    assert.deepStrictEqual(effectiveValue(plain, 'training'), { kind: 'bool', value: true });
    assert.deepStrictEqual(effectiveValue(alpha, 'training'), { kind: 'bool', value: false });
  });
  it('follows calls across line breaks and nested brackets', () => {
    const src = 'self.drop = nn.Dropout2d(\n    p=(0.1),  # comment\n    inplace=False,\n)';
    const [call] = findDropoutCalls(src);
    assert.strictEqual(call.variant, 'dropout2d');
    assert.strictEqual(call.args.p?.text, '(0.1)');
    assert.strictEqual(call.args.p?.value.kind, 'other');
    assert.deepStrictEqual(call.args.inplace?.value, { kind: 'bool', value: false });
    assert.strictEqual(src.slice(call.calleeStart, call.end), src.slice(src.indexOf('nn.')));
  });
  it('does not claim look-alikes', () => {
    assert.deepStrictEqual(findDropoutCalls('dropout(x)\nmy.Dropout(0.1)\nF.Dropout(0.1)\ntorch.Dropout(1)\nnn.Dropout'), []);
  });
  it('reads Python literals without evaluating expressions', () => {
    assert.deepStrictEqual(readValue(' 20 '), { kind: 'number', value: 20, isInt: true });
    assert.deepStrictEqual(readValue('1e-1'), { kind: 'number', value: 0.1, isInt: false });
    assert.deepStrictEqual(readValue('-.5'), { kind: 'number', value: -0.5, isInt: false });
    assert.deepStrictEqual(readValue('1_0'), { kind: 'number', value: 10, isInt: true });
    assert.deepStrictEqual(readValue('rate'), { kind: 'other' });
    assert.deepStrictEqual(readValue('1/5'), { kind: 'other' });
  });
  it('finds the part under the cursor, preferring inner calls', () => {
    const src = 'y = F.dropout(F.dropout(x, p=0.1), p=0.2, inplace=True)';
    assert.strictEqual(dropoutCallAt(src, at(src, 'F.dropout', 2))?.part, 'callee');
    const inner = dropoutCallAt(src, at(src, 'p=0.1', 3));
    assert.strictEqual(inner?.part, 'p');
    assert.strictEqual(inner?.call.args.p?.text, '0.1');
    assert.strictEqual(dropoutCallAt(src, at(src, 'p=0.2'))?.call.args.p?.text, '0.2');
    assert.strictEqual(dropoutCallAt(src, at(src, 'inplace'))?.part, 'inplace');
    assert.strictEqual(dropoutCallAt(src, at(src, '(x', 1)), undefined, 'the input has nothing to explain');
    assert.strictEqual(dropoutCallAt(src, 1), undefined);
  });
});

describe('analysis: tensor expression at the cursor', () => {
  const src = 'x = torch.tensor([[1., 2.],\n                  [3., 4.]], dtype=torch.float64).reshape(4)\ny = x[0]\nz = [[1, 2], [3, 4]]\n';
  const expr = 'torch.tensor([[1., 2.],\n                  [3., 4.]], dtype=torch.float64).reshape(4)';
  it('gives the whole constructor with its trailing reshape from anywhere inside', () => {
    for (const needle of ['torch.tensor', '2.]', '4.]]', 'float64', 'reshape(4']) {
      const r = tensorExpressionAt(src, at(src, needle, 1));
      assert.ok(r, needle);
      assert.strictEqual(src.slice(r.start, r.end), expr, needle);
    }
  });
  it('gives the outermost bare list, never a subscript', () => {
    const r = tensorExpressionAt(src, at(src, '3, 4]'));
    assert.ok(r);
    assert.strictEqual(src.slice(r.start, r.end), '[[1, 2], [3, 4]]');
    assert.strictEqual(tensorExpressionAt(src, at(src, 'x[0', 2)), undefined);
  });
  it('accepts the printed form and numpy', () => {
    const printed = 'tensor([0.0000, 2.5000], dtype=torch.float64)';
    assert.deepStrictEqual(tensorExpressionAt(printed, 10), { start: 0, end: printed.length });
    const np = 'a = np.array([1, 2])';
    assert.strictEqual(np.slice(tensorExpressionAt(np, 15)!.start), 'np.array([1, 2])');
  });
});

describe('analysis: scopes', () => {
  const src = [
    'drop = nn.Dropout(0.5)', // module level
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        self.drop = nn.Dropout(p=0.2)',
    '',
    '    def forward(self, x):',
    '        t = torch.tensor([1., 2.])',
    '        return self.drop(t)',
    '',
    'def other():',
    '    u = torch.tensor([3.])',
    '    v = F.dropout(u, 0.7)',
    'w = torch.tensor([4.])',
  ].join('\n');
  it('lists enclosing def and class blocks, innermost first', () => {
    assert.deepStrictEqual(scopesAt(src, at(src, 't = torch')).map((s) => s.kind), ['def', 'class', 'module']);
    assert.deepStrictEqual(scopesAt(src, at(src, 'w = ')).map((s) => s.kind), ['module']);
  });
  it('picks the dropout of the same function, then class, then module', () => {
    assert.strictEqual(nearestDropoutInScope(src, at(src, 'torch.tensor([1.'))?.args.p?.text, '0.2');
    assert.strictEqual(nearestDropoutInScope(src, at(src, 'torch.tensor([3.'))?.args.p?.text, '0.7');
    assert.strictEqual(nearestDropoutInScope(src, at(src, 'torch.tensor([4.'))?.args.p?.text, '0.7', 'nearest at module level');
    const wrapped = 'y = F.dropout(torch.tensor([1.]), p=0.3)\nd = nn.Dropout(0.9)';
    assert.strictEqual(nearestDropoutInScope(wrapped, at(wrapped, '[1.'))?.args.p?.text, '0.3', 'a call around the literal wins');
  });
  it('with the literal blanked out, does not read calls inside it and keeps the call around it', () => {
    const src = 'y = F.dropout(torch.tensor([1.]), p=0.3)\nd = nn.Dropout(0.9)';
    const start = at(src, 'torch.tensor');
    const blanked = blankOut(src, start, at(src, '])') + 2);
    assert.strictEqual(blanked.length, src.length);
    assert.strictEqual(nearestDropoutInScope(blanked, start)?.args.p?.text, '0.3');
    // Positional arguments after the literal are still read.
    const positional = 'y = F.dropout(torch.tensor([1.]), 0.3, False)';
    const call = nearestDropoutInScope(blankOut(positional, at(positional, 'torch'), at(positional, '])') + 2), at(positional, 'torch'));
    assert.deepStrictEqual([call?.args.p?.text, call?.args.training?.text], ['0.3', 'False']);
    const inside = 'x = [F.dropout(a, 0.7),\n 2]\nd = nn.Dropout(0.9)';
    const list = at(inside, '[');
    assert.strictEqual(nearestDropoutInScope(inside, list)?.args.p?.text, '0.7', 'read when not blanked out');
    const emptied = blankOut(inside, list, at(inside, '2]') + 2);
    assert.strictEqual(emptied.split('\n').length, 3, 'line breaks kept');
    assert.strictEqual(nearestDropoutInScope(emptied, list)?.args.p?.text, '0.9', 'blanked out');
  });
});

describe('analysis: diagnostics', () => {
  it('reports p out of range with PyTorch\'s message and offers the fixes', () => {
    const src = 'a = nn.Dropout(p=20)\nb = F.dropout(x, 1.5)\nc = nn.Dropout(-0.1)\nd = nn.AlphaDropout(p=250)';
    const f = diagnose(src);
    assert.deepStrictEqual(f.map((x) => x.pytorchMessage), [
      'dropout probability has to be between 0 and 1, but got 20',
      'dropout probability has to be between 0 and 1, but got 1.5',
      'dropout probability has to be between 0 and 1, but got -0.1',
      'dropout probability has to be between 0 and 1, but got 250',
    ]);
    assert.deepStrictEqual(f[0].fixes, [{ kind: 'percentage', newText: '0.2', percent: 20 }, { kind: 'default', newText: '0.5' }]);
    assert.deepStrictEqual(f[1].fixes.map((x) => x.newText), ['0.015', '0.5']);
    assert.deepStrictEqual(f[2].fixes.map((x) => x.kind), ['default']);
    assert.deepStrictEqual(f[3].fixes.map((x) => x.kind), ['default']);
    assert.strictEqual(src.slice(f[0].start, f[0].end), '20');
  });
  it('warns on p=1 and on Dropout2d over a 3-D literal input, and stays quiet otherwise', () => {
    const src = 'a = nn.Dropout(1.0)\nb = F.dropout2d(torch.randn(2, 3, 4))\nc = nn.Dropout2d(0.1)(torch.zeros((2, 3, 4)))\nd = F.dropout2d(torch.randn(1, 2, 3, 4), p=rate)\ne = nn.Dropout(0.2)';
    assert.deepStrictEqual(diagnose(src).map((x) => [x.code, x.severity]), [
      ['p-one', 'warning'],
      ['input-rank', 'warning'],
      ['input-rank', 'warning'],
    ]);
  });
  it('reads the rank of literal inputs', () => {
    assert.strictEqual(literalRank('torch.randn(2, 3, 4)'), 3);
    assert.strictEqual(literalRank('torch.ones((2, 3), dtype=torch.float64)'), 2);
    assert.strictEqual(literalRank('torch.tensor([ [ [1.]]])'), 3);
    assert.strictEqual(literalRank('x'), undefined);
  });
});

describe('analysis: torch.manual_seed in the code', () => {
  const src = [
    'torch.manual_seed(1_000)',
    'class Net(nn.Module):',
    '    def forward(self, x):',
    '        torch.manual_seed(7)',
    '        t = torch.tensor([1., 2.])',
    '        torch.manual_seed(8)',
    'torch.cuda.manual_seed(5)',
    'torch.manual_seed(seed)',
    'u = torch.tensor([3.])',
    'torch.random.manual_seed( -1 )',
    'w = torch.tensor([4.])',
  ].join('\n');
  it('reads integer literal seeds only, and not the GPU generator\'s', () => {
    assert.deepStrictEqual(findManualSeeds(src).map((s) => s.seed), ['1000', '7', '8', '-1']);
  });
  it('takes the last seed before the literal, in the innermost scope that sets one', () => {
    assert.strictEqual(seedInScope(src, at(src, 'torch.tensor([1.'))?.seed, '7');
    assert.strictEqual(seedInScope(src, at(src, 'torch.tensor([3.'))?.seed, '1000');
    assert.strictEqual(seedInScope(src, at(src, 'torch.tensor([4.'))?.seed, '-1');
    assert.strictEqual(seedInScope('t = torch.tensor([1.])\ntorch.manual_seed(3)', 5), undefined, 'a seed set after the literal does not count');
    const first = 'def f():\n    torch.manual_seed(3)\nt = torch.tensor([1.])';
    assert.strictEqual(seedInScope(first, at(first, 'torch.tensor')), undefined, "a function's seed, even on the first line, is not the module's");
  });
  it('finds the functional dropout calls that draw between the seed and the literal', () => {
    const code = [
      'torch.manual_seed(0)',
      'y = F.dropout(x, p=0.5, training=True)',
      'e = F.dropout(x, 0.5, False)',
      'n = F.dropout(x, p=0)',
      'def f(v):',
      '    return torch.dropout(v, 0.3, True)',
      'drop = nn.Dropout(0.2)',
      'a = F.alpha_dropout(x, 0.2)',
      'z = F.dropout(torch.ones(3, 3), p=0.2)',
      'w = F.dropout(x, 0.1)',
    ].join('\n');
    const seed = seedInScope(code, at(code, 'torch.ones'));
    assert.ok(seed);
    const lines = (calls: { calleeStart: number }[]) => calls.map((c) => code.slice(0, c.calleeStart).split('\n').length);
    // Not: eval (line 3), p=0 (4), inside a def (6), a module's constructor (7), the functional
    // alpha variant's default training=False (8), the literal's own call (9), a later call (10).
    assert.deepStrictEqual(lines(drawsBefore(code, seed, at(code, 'torch.ones'))), [2]);
    assert.deepStrictEqual(drawsBefore(code, seed, at(code, 'y =')), [], 'nothing before the first call');
  });
});
