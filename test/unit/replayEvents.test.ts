import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { toLiteral } from '../../src/core/literal';
import { parseTensorLiteral } from '../../src/core/parse';
import { runDropout } from '../../src/core/run';
import type { Translator } from '../../src/analysis/explain';
import { replay } from '../../src/replay';
import { describeDraw, INLINE_MAX_CHARS, inlineOutputs } from '../../src/replay/inline';

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'replay');
const NAMES = fs.readdirSync(DIR).filter((n) => n.endsWith('.py')).sort();
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

describe('replay events over the corpus', () => {
  for (const name of NAMES) {
    it(name, () => {
      const source = read(name);
      const r = replay(source, { fileName: name, seed: '7' });
      // Every byte of stdout comes from one print event, in order.
      assert.strictEqual(r.events.prints.map((p) => p.text).join(''), r.stdout);
      for (const p of r.events.prints) {
        assert.match(source.slice(p.from, p.to), /^print\s*\(/, `${name}: a print event's span is its call`);
        assert.strictEqual(source.slice(0, p.from).split('\n').length, p.line);
        if (p.approximate) assert.ok(r.approximate, 'no print is approximate in an exact replay');
      }
      const stopsAt = /^# replay-stops-at: (\d+)$/m.exec(source);
      if (stopsAt) assert.deepStrictEqual([r.events.stop?.kind, r.events.stop?.line], ['stop', Number(stopsAt[1])]);
      else if (r.exitCode === 0) assert.strictEqual(r.events.stop, undefined);
      else assert.strictEqual(r.events.stop?.message, r.stderr.trimEnd().split('\n').pop());
      for (const d of r.events.dropouts) {
        // The panel's run from (seed, drawn) on the input as a literal gives the output the script got.
        assert.ok(d.input && d.output, `${name}:${d.line}: the call's tensors are kept`);
        // No origin: nothing had seeded or drawn, and this call draws nothing either (p = 0 or 1, eval).
        const input = parseTensorLiteral(toLiteral(d.input)).tensor;
        assert.deepStrictEqual(input.data, d.input.data, `${name}:${d.line}: the literal reads back to the input`);
        const run = runDropout(input, { variant: d.variant, p: d.p, pIsInt: d.pIsInt, training: d.training, inplace: d.inplace, seed: d.origin?.seed ?? '0', drawn: d.drawn });
        assert.deepStrictEqual(run.output.data, d.output.data, `${name}:${d.line}: ${d.text} after ${d.drawn} outputs`);
      }
    });
  }

  it('finds the dropouts of the corpus at their calls, a loop once per pass', () => {
    const r = replay(read('loop_dropout.py'), { fileName: 'loop_dropout.py' });
    assert.deepStrictEqual(r.events.dropouts.map((d) => [d.line, d.text, d.drawn, d.drawsBefore]), [
      [8, 'drop(x)', 0, 0], [8, 'drop(x)', 20, 1], [8, 'drop(x)', 40, 2], [8, 'drop(x)', 60, 3],
    ]);
    assert.deepStrictEqual(r.events.prints.map((p) => p.line), [9, 9, 9, 9]);
  });

  it('keeps the input of an in-place call as it was before the call', () => {
    const d = replay(read('blog_inplace.py'), { fileName: 'blog_inplace.py' }).events.dropouts[0];
    assert.deepStrictEqual([...(d.input?.data ?? [])], new Array(8).fill(1));
    assert.strictEqual(d.inplace, true);
    assert.ok(d.output?.data.some((v) => v === 0));
  });
});

describe('replay events: what drew before a dropout', () => {
  const source = [
    'import torch',
    'import torch.nn as nn',
    'torch.manual_seed(42)',
    'x = torch.randn(2, 5)',
    'fc = nn.Linear(4, 3)',
    'drop = nn.Dropout(p=0.3)',
    'drop.eval()',
    'print(drop(x))',
    'drop.train()',
    'for i in range(3):',
    '    y = drop(x)',
    'print(y)',
    '',
  ].join('\n');
  const r = replay(source, { fileName: 'd.py' });

  it('names the seed, the ops that drew, and the stream position', () => {
    const [evalCall, first, second] = r.events.dropouts;
    assert.deepStrictEqual(first.origin?.seed, '42');
    assert.deepStrictEqual(first.origin?.span && [first.origin.span.text, first.origin.span.line], ['torch.manual_seed(42)', 3]);
    // randn(2, 5): 5 Box-Muller pairs of two doubles, 2 outputs each; Linear(4, 3): 12 + 3.
    assert.deepStrictEqual([first.drawn, first.drawsBefore, first.drewBefore.map((d) => d.text)], [35, 2, ['torch.randn(2, 5)', 'nn.Linear(4, 3)']]);
    // The eval-mode call drew nothing: it does not count as a draw before the next ones.
    assert.deepStrictEqual([evalCall.training, evalCall.drawn, evalCall.drawsBefore], [false, 35, 2]);
    assert.deepStrictEqual([second.drawn, second.drawsBefore, second.drewBefore.map((d) => d.text)], [55, 3, ['torch.randn(2, 5)', 'nn.Linear(4, 3)', 'drop(x)']]);
    assert.deepStrictEqual([first.line, first.text, first.p, first.variant, first.inplace], [11, 'drop(x)', 0.3, 'dropout', false]);
  });

  it('resets at a later manual_seed', () => {
    const again = replay('import torch\ntorch.manual_seed(1)\na = torch.rand(3)\ntorch.manual_seed(2)\nb = torch.nn.functional.dropout(torch.ones(4))\n', { fileName: 'r.py' });
    const d = again.events.dropouts[0];
    assert.deepStrictEqual([d.origin?.seed, d.origin?.span?.line, d.drawn, d.drawsBefore], ['2', 4, 0, 0]);
  });

  it('says where the replay stopped and why, and stops at its time budget', () => {
    const stopped = replay('import torch\ntorch.manual_seed(0)\ntry:\n    pass\nexcept Exception:\n    pass\n', { fileName: 's.py' });
    assert.deepStrictEqual(stopped.events.stop, { kind: 'stop', line: 3, message: 'cannot replay the statement `try: pass except Exception: pass `: TryStatement is not in the subset replay follows' });
    // A loop that never ends stops at the budget too, in its body.
    const endless = replay('import torch\ntorch.manual_seed(0)\nwhile True:\n    pass\n', { fileName: 'w.py', budgetMs: 20 });
    assert.deepStrictEqual([endless.events.stop?.kind, endless.events.stop?.line], ['stop', 4]);
    const raised = replay('import torch\nprint(1)\nprint(undefined_name)\n', { fileName: 'n.py' });
    assert.deepStrictEqual(raised.events.stop, { kind: 'raise', line: 3, message: "NameError: name 'undefined_name' is not defined" });
    const slow = replay('import torch\ntorch.manual_seed(0)\nfor i in range(10**6):\n    x = torch.rand(1)\nprint(x)\n', { fileName: 'b.py', budgetMs: 20 });
    assert.strictEqual(slow.events.stop?.kind, 'stop');
    assert.match(slow.events.stop?.message ?? '', /20 ms/);
  });
});

describe('replay events in the editor: inline outputs and the draw description', () => {
  const en: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

  it('shows each print once: its first line, ×n for a loop, the whole output for the hover', () => {
    const r = replay(read('loop_dropout.py'), { fileName: 'loop_dropout.py' });
    const [loop] = inlineOutputs(r.events.prints, en);
    assert.strictEqual(loop.executions, 4);
    assert.strictEqual(loop.full, r.stdout);
    assert.strictEqual(loop.text, `→ ${r.stdout.split('\n')[0]} (×4)`);
    const long = replay(`print("${'x'.repeat(200)}")\n`, { fileName: 'l.py' });
    assert.strictEqual(inlineOutputs(long.events.prints, en)[0].text, `→ ${'x'.repeat(INLINE_MAX_CHARS - 1)}…`);
    const two = replay('import torch\ntorch.manual_seed(0)\nprint(torch.ones(2, 2))\nprint("a", end="")\n', { fileName: 'p.py' });
    assert.deepStrictEqual(inlineOutputs(two.events.prints, en).map((o) => [o.text, o.full, o.approximate]), [
      ['→ tensor([[1., 1.], …', 'tensor([[1., 1.],\n        [1., 1.]])\n', false],
      ['→ a', 'a', false],
    ]);
  });

  it('marks prints after an approximate value with ≈', () => {
    const r = replay('import torch\ntorch.manual_seed(0)\nprint(1)\nx = torch.randn(20, dtype=torch.float64)\nprint(x.sum())\n', { fileName: 'a.py' });
    assert.ok(r.approximate, r.stderr);
    assert.deepStrictEqual(inlineOutputs(r.events.prints, en).map((o) => o.text.slice(0, 4)), ['→ 1', '→ ≈ ']);
  });

  it('describes where a call draws: the seed, its rank, and what drew before it', () => {
    const describe = (code: string, k = 0) => describeDraw(replay(`import torch\nimport torch.nn as nn\n${code}`, { fileName: 'd.py' }).events.dropouts[k], en);
    assert.strictEqual(describe('torch.manual_seed(42)\nx = torch.randn(2, 5)\nfc = nn.Linear(4, 3)\nd = nn.Dropout(0.3)\ny = d(x)\n'),
      '3rd draw after torch.manual_seed(42) (line 3); torch.randn(2, 5) and nn.Linear(4, 3) drew before it');
    assert.strictEqual(describe('torch.manual_seed(0)\ny = nn.functional.dropout(torch.ones(3))\n'), '1st draw after torch.manual_seed(0) (line 3); nothing drew before it');
    assert.strictEqual(describe('torch.manual_seed(0)\nfor i in range(12):\n    a = torch.rand(1)\nb = torch.randn(2)\nc = torch.randint(0, 5, (2,))\nd = torch.randperm(3)\ne = torch.bernoulli(torch.rand(2))\ny = nn.functional.dropout(torch.ones(3))\n'),
      '18th draw after torch.manual_seed(0) (line 3); torch.rand(1), torch.randn(2), torch.randint(0, 5, (2,)) and torch.randperm(3) drew before it (17 draws in all)');
    const one = replay('import torch\ntorch.manual_seed(0)\ny = torch.nn.functional.dropout(torch.ones(3))\n', { fileName: 'o.py' }).events.dropouts[0];
    const nth = (before: number) => describeDraw({ ...one, drawsBefore: before }, en).split(' draw')[0];
    assert.deepStrictEqual([10, 11, 12, 20, 21, 101, 111, 112].map(nth), ['11th', '12th', '13th', '21st', '22nd', '102nd', '112th', '113th']);
    const unseeded = replay('import torch\nx = torch.rand(2)\ny = torch.nn.functional.dropout(torch.ones(3))\n', { fileName: 'u.py', seed: '9' });
    assert.strictEqual(describeDraw(unseeded.events.dropouts[0], en), '2nd draw after the unseeded generator (seed 9); torch.rand(2) drew before it');
  });
});
