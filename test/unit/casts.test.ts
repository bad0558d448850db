import * as assert from 'assert';
import { LiteralError } from '../../src/core/errors';
import { toLiteral } from '../../src/core/literal';
import { parseTensorLiteral } from '../../src/core/parse';
import { repr } from '../../src/core/repr';

function refusal(text: string): LiteralError {
  try {
    parseTensorLiteral(text);
  } catch (e) {
    assert.ok(e instanceof LiteralError, String(e));
    return e;
  }
  return assert.fail(`expected ${text} to be refused`);
}

/** Expected values below are PyTorch 1.13's (print(t.tolist()) of the same literal). */
describe('parseTensorLiteral: chains of casts, converted in one pass', () => {
  it('reads a short literal with a long cast chain on 4 Mi elements (was refused as too much copying)', () => {
    const text = 'torch.zeros(4194304)' + '.double().float()'.repeat(40);
    const t = parseTensorLiteral(text).tensor;
    assert.strictEqual(t.dtype, 'float32');
    assert.strictEqual(t.data.length, 4194304);
    assert.ok(t.data.every((v) => v === 0));
  });
  it('keeps float32 -> float64 exact and float64 -> float32 rounding', () => {
    const f32 = parseTensorLiteral('torch.tensor([0.1, 16777217.])' + '.double().float()'.repeat(5)).tensor;
    assert.deepStrictEqual([f32.dtype, Array.from(f32.data)], ['float32', [Math.fround(0.1), 16777216]]);
    const f64 = parseTensorLiteral('torch.tensor([0.1, 16777217.], dtype=torch.float64).float().double()').tensor;
    assert.deepStrictEqual([f64.dtype, Array.from(f64.data)], ['float64', [0.10000000149011612, 16777216]]);
    const kept = parseTensorLiteral('torch.tensor([0.1], dtype=torch.float64).double().view(-1).double()').tensor;
    assert.deepStrictEqual(Array.from(kept.data), [0.1]);
  });
  it('composes truncation, rounding and bool through reshapes', () => {
    const t = parseTensorLiteral('torch.tensor([-0.5, 2.7, 16777217., 0.]).long().view(2, 2).float().reshape(-1).long().double()').tensor;
    assert.deepStrictEqual([t.dtype, t.shape, Array.from(t.data)], ['float64', [4], [0, 2, 16777216, 0]]);
    const b = parseTensorLiteral("torch.tensor([float('nan'), 0.25, -0.]).bool().float().long().bool().double()").tensor;
    assert.deepStrictEqual([b.dtype, Array.from(b.data)], ['float64', [1, 1, 0]]);
    assert.ok(Object.is(parseTensorLiteral('torch.tensor([-0.]).double().float()').tensor.data[0], -0));
  });
  it("reports the first cast's refusal in the chain's order, at its offset, before a later method's error", () => {
    const text = 'torch.tensor([9223372036854774784.], dtype=torch.float64).long().float().long().reshape(5)';
    const e = refusal(text);
    assert.match(e.message, /^converting 9.223372036854776e\+18 to int64 is undefined/);
    assert.strictEqual(e.offset, text.lastIndexOf('long'));
    const nan = refusal("torch.tensor([1., float('nan')]).double().long().view(3)");
    assert.match(nan.message, /^converting nan to int64/);
    assert.strictEqual(nan.pyType, undefined);
  });
  it('prints an int64 beyond 2^53 made by .long() with all its digits, and writes it back exactly (found by npm run fuzz)', () => {
    const t = parseTensorLiteral('torch.tensor([-7.622696903342067e+16, 2.6009845714841457e+18]).long()').tensor;
    assert.strictEqual(repr(t), 'tensor([ -76226967900258304, 2600984640579698688])');
    assert.deepStrictEqual(Array.from(parseTensorLiteral(toLiteral(t)).tensor.data), Array.from(t.data));
  });
  it('gives a syntax error after the chain before any cast is evaluated', () => {
    const e = refusal("torch.tensor([float('nan')]).long() )");
    assert.strictEqual(e.message, "unexpected ')' after the literal");
  });
});
