import * as assert from 'assert';
import { parseTensorLiteral } from '../../src/core/parse';
import { makeTensor, numel, type DType, type Tensor } from '../../src/core/tensor';
import type { RunSettings } from '../../src/shared/protocol';
import { snippet } from '../../src/webview/model';

const settings: RunSettings = { p: 0.5, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1 };

/** A tensor of `shape` holding -1, 2, -3, 4, ... (bool: alternating), so every row has a negative value. */
function tensor(shape: number[], dtype: DType): Tensor {
  const data = Array.from({ length: numel(shape) }, (_, i) => (dtype === 'bool' ? i % 2 : (i % 2 ? 1 : -1) * (i + 1)));
  return makeTensor({ shape, dtype, data });
}

/** The snippet's `x = ...` statement, its lines. */
function xLines(t: Tensor): string[] {
  const lines = snippet(t, settings).split('\n');
  const start = lines.findIndex((l) => l.startsWith('x = '));
  const end = lines.findIndex((l) => l.startsWith('drop = '));
  return lines.slice(start, end);
}

/**
 * Each row (a line opening k of the n brackets) starts under the k-th last of the first line's
 * n opening brackets, as PyTorch prints a tensor and as Python's visual indent has it; lines
 * between blocks are empty.
 */
function assertAligned(lines: readonly string[], nd: number): void {
  const first = lines[0].indexOf('[');
  assert.strictEqual(lines[0].slice(first, first + nd), '['.repeat(nd), lines[0]);
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const opens = /^( *)(\[+)/.exec(line);
    assert.ok(opens, `a row starts with its brackets: ${JSON.stringify(line)}`);
    assert.strictEqual(opens[1].length, first + nd - opens[2].length, `${JSON.stringify(line)} under the first row's bracket\n${lines.join('\n')}`);
  }
}

describe('snippet: the tensor literal of the reproduce snippet', () => {
  it('writes a 2-d literal with its second row under the first row', () => {
    assert.deepStrictEqual(xLines(tensor([2, 3], 'float32')), [
      'x = torch.tensor([[-1.0, 2.0, -3.0],',
      '                  [4.0, -5.0, 6.0]])',
    ]);
  });

  it('writes a 1-d literal on one line', () => {
    assert.deepStrictEqual(xLines(tensor([4], 'float32')), ['x = torch.tensor([-1.0, 2.0, -3.0, 4.0])']);
  });

  it('writes 3-d and 4-d literals with each block under its bracket, a blank line between blocks', () => {
    assert.deepStrictEqual(xLines(tensor([2, 2, 1], 'float32')), [
      'x = torch.tensor([[[-1.0],',
      '                   [2.0]],',
      '',
      '                  [[-3.0],',
      '                   [4.0]]])',
    ]);
    assert.deepStrictEqual(xLines(tensor([2, 1, 1, 2], 'float32')), [
      'x = torch.tensor([[[[-1.0, 2.0]]],',
      '',
      '',
      '                  [[[-3.0, 4.0]]]])',
    ]);
  });

  it('names the dtype after the aligned rows of an int64 or bool tensor', () => {
    assert.deepStrictEqual(xLines(tensor([2, 2], 'int64')), [
      'x = torch.tensor([[-1, 2],',
      '                  [-3, 4]], dtype=torch.int64)',
    ]);
    assert.deepStrictEqual(xLines(tensor([2, 2], 'bool')), [
      'x = torch.tensor([[False, True],',
      '                  [False, True]], dtype=torch.bool)',
    ]);
  });

  for (const dtype of ['float32', 'float64', 'int64', 'bool'] as const) {
    for (const shape of [[5], [3, 4], [2, 3, 2], [2, 2, 2, 3]]) {
      it(`aligns every row of a ${shape.join('x')} ${dtype} tensor, and reads back as the input`, () => {
        const t = tensor(shape, dtype);
        const lines = xLines(t);
        assertAligned(lines, shape.length);
        const read = parseTensorLiteral(lines.join('\n').slice('x = '.length)).tensor;
        assert.deepStrictEqual([read.shape, read.dtype, Array.from(read.data)], [t.shape, t.dtype, Array.from(t.data)]);
      });
    }
  }
});
