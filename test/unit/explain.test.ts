import * as assert from 'assert';
import { explainAt, type Translator } from '../../src/analysis/explain';

// The hover text, built under Node with an English identity translator (the integration suite
// checks the same text through VS Code's hover provider).

const en: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

/** The explanation at `needle` (+ delta) in `src`. */
function at(src: string, needle: string, delta = 0, fallbackP = 0.5) {
  const i = src.indexOf(needle);
  assert.ok(i >= 0, `${needle} in source`);
  return explainAt(src, i + delta, en, fallbackP);
}

describe('explain: hover text of dropout constructs', () => {
  it('works out the scale and the Binomial interval for p, and points at the hovered argument', () => {
    const src = 'drop = nn.Dropout(p=0.2)';
    const e = at(src, 'p=0.2', 1)!;
    assert.strictEqual(src.slice(e.start, e.end), 'p=0.2');
    assert.match(e.markdown, /= ×1\.25\./);
    assert.match(e.markdown, /Expected share of zeros: 20%\..*for 100 elements, 95% of runs zero between 12 and 28\./);
    assert.deepStrictEqual(e.tryIt, { literal: 'torch.ones(4, 5)', p: 0.2, pIsInt: false, variant: 'dropout', training: true, inplace: false });
  });

  it('explains p = 0, p = 1, PyTorch\'s default and a p outside [0, 1] in PyTorch\'s words', () => {
    assert.match(at('nn.Dropout(0.0)', '0.0')!.markdown, /p = 0: nothing is dropped; the output equals the input\./);
    assert.match(at('nn.Dropout(p=1)', 'p=1')!.markdown, /p = 1: every element is zeroed/);
    const dflt = at('F.dropout(x)', 'dropout')!.markdown;
    assert.match(dflt, /p is not given: PyTorch's default p = 0\.5 applies\./);
    assert.match(dflt, /= ×2\./);
    const int = at('nn.Dropout(20)', '20')!;
    assert.match(int.markdown, /PyTorch raises `ValueError: dropout probability has to be between 0 and 1, but got 20`/);
    assert.deepStrictEqual([int.tryIt.p, int.tryIt.pIsInt], [20, true]);
    assert.match(at('nn.Dropout(-0.5)', '-0.5')!.markdown, /but got -0\.5`/);
  });

  it('says when p is not a literal, and uses the setting to try it', () => {
    const e = at('F.dropout(x, p=self.p)', 'self.p', 0, 0.3)!;
    assert.match(e.markdown, /p is `self\.p`, which is not a literal: its value is known only when the code runs\. "Try it" uses p = 0\.3/);
    assert.strictEqual(e.tryIt.p, 0.3);
  });

  it('knows the channel-wise and alpha variants, and the alpha functional default training=False', () => {
    const channels = at('nn.Dropout3d(0.5)', 'Dropout3d')!.markdown;
    assert.match(channels, /\(N, C, D, H, W\) or \(C, D, H, W\)/);
    assert.match(channels, /Each channel is zeroed with probability p = 0\.5; the kept channels are multiplied by 1\/\(1-p\) = ×2\./);
    assert.match(channels, /for 100 channels, 95% of runs zero between 40 and 60\./);
    const alpha = at('F.feature_alpha_dropout(torch.ones(1, 2, 3), 0.2)', 'feature_alpha')!;
    assert.match(alpha.markdown, /Each channel is dropped with probability p = 0\.2\./);
    assert.match(alpha.markdown, /defaults to \*\*False\*\*/);
    assert.deepStrictEqual([alpha.tryIt.literal, alpha.tryIt.training], ['torch.ones(1, 2, 3)', false]);
  });

  it('calls training `train` in torch.dropout, where nothing has a default', () => {
    const src = 'torch.dropout(x, 0.1, train=False)';
    assert.match(at(src, 'train=')!.markdown, /^\*\*`torch\.dropout`\*\*[^]*train = False \(evaluation mode\)/);
    assert.match(at('torch.dropout(x)', 'dropout')!.markdown, /p is not given, and `torch\.dropout` has no default for it: PyTorch raises a TypeError\./);
  });

  it('explains inplace, and a value decided at run time', () => {
    assert.match(at('nn.Dropout(0.1, inplace=True)', 'inplace')!.markdown, /the caller's tensor is overwritten/);
    assert.match(at('nn.Dropout(0.1, inplace=flag)', 'inplace')!.markdown, /inplace = `flag`: decided when the code runs\./);
    assert.match(at('nn.Dropout(0.1, False)', 'False')!.markdown, /inplace = False: a new tensor is returned/);
  });

  it('says nothing away from dropout constructs', () => {
    assert.strictEqual(at('x = torch.ones(3)', 'ones'), undefined);
    assert.strictEqual(at('y = F.dropout(x, 0.2)', 'x,'), undefined, 'the input');
    assert.strictEqual(at('s = "nn.Dropout(0.2)"', 'Dropout'), undefined, 'inside a string');
  });

  it('keeps code spans intact when the source has backticks or line breaks', () => {
    const e = at('F.dropout(x, p=cfg[\n  "p"])', 'cfg')!;
    assert.match(e.markdown, /p is `cfg\[ "p"\]`/);
  });
});
