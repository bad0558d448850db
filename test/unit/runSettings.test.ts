import * as assert from 'assert';
import { resolveSettings, type RunDefaults, type RunOverrides } from '../../src/analysis/runSettings';

// The one resolver of a run's settings (src/analysis/runSettings.ts): the caller's overrides, then
// the code around the expression, then the dropoutLens.* settings.

const l10n = { t: (message: string, ...args: Array<string | number | boolean>) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };
const DEFAULTS: RunDefaults = { defaultP: 0.25, variant: 'dropout', seed: null };
const BUILD = { build: 'default' as const, reason: 'the setting' };

/** Resolves the run on `needle` (its first occurrence) of `text`. */
function at(text: string, needle: string, overrides: RunOverrides = {}, defaults: RunDefaults = DEFAULTS) {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return resolveSettings(overrides, defaults, BUILD, { text, start, end: start + needle.length }, l10n);
}

describe('resolveSettings: one resolver for every run', () => {
  const code = 'torch.manual_seed(7)\ndrop = nn.Dropout(p=0.4, inplace=True)\nx = torch.tensor([1., 2.])\nprint(drop(x))\n';

  it("takes p, inplace and the seed from the code, and says where they came from", () => {
    const r = at(code, 'torch.tensor([1., 2.])');
    assert.deepStrictEqual(r.settings, { p: 0.4, pIsInt: false, variant: 'dropout', training: true, inplace: true, seed: '7', call: 1, build: 'default' });
    assert.strictEqual(r.settingsSource, 'nn.Dropout(p=0.4), line 2; seed from torch.manual_seed(7), line 1');
    assert.strictEqual(r.unseeded, false);
  });

  it('an override wins over the code, and the source names it', () => {
    const r = at(code, 'torch.tensor([1., 2.])', { p: 0.1, inplace: false, seed: 3, call: 4, build: 'x86-mkl' });
    assert.deepStrictEqual(r.settings, { p: 0.1, pIsInt: false, variant: 'dropout', training: true, inplace: false, seed: '3', call: 4, build: 'x86-mkl' });
    assert.strictEqual(r.settingsSource, 'nn.Dropout(p=0.4), line 2; p, inplace from the command argument');
    assert.strictEqual(r.buildReason, 'the command argument');
  });

  it('training=False and a p written as an int come from a functional call', () => {
    const r = at('y = F.dropout(torch.tensor([1., 2.]), 2, training=False)\n', 'torch.tensor([1., 2.])');
    assert.deepStrictEqual([r.settings.p, r.settings.pIsInt, r.settings.training], [2, true, false]);
  });

  it('without a dropout call nor a seed in the code: the settings, and the code is unseeded', () => {
    const r = at('x = torch.tensor([1., 2.])\n', 'torch.tensor([1., 2.])');
    assert.deepStrictEqual([r.settings.p, r.settings.variant, r.settingsSource, r.unseeded], [0.25, 'dropout', 'settings (p = 0.25, dropout)', true]);
    assert.match(r.settings.seed, /^\d+$/, 'a fresh seed');
    // A seed setting is not the code's: the run repeats, and the code is not said to be unseeded.
    const fixed = at('x = torch.tensor([1., 2.])\n', 'torch.tensor([1., 2.])', {}, { ...DEFAULTS, seed: '11' });
    assert.deepStrictEqual([fixed.settings.seed, fixed.unseeded], ['11', false]);
  });

  it('a caller that names its own source (the options flow) does not read the code', () => {
    const r = at(code, 'torch.tensor([1., 2.])', { settingsSource: 'the options' });
    assert.deepStrictEqual([r.settings.p, r.settings.inplace, r.settingsSource, r.unseeded], [0.25, false, 'the options', false]);
    assert.notStrictEqual(r.settings.seed, undefined);
  });

  it('says when a dropout between the seed and the expression draws first', () => {
    const text = 'torch.manual_seed(0)\na = F.dropout(torch.tensor([1., 2.]), 0.5)\nb = F.dropout(torch.tensor([3., 4.]), 0.2)\n';
    assert.match(at(text, 'torch.tensor([3., 4.])').settingsSource, /, but the dropout on line 2 draws first, so the code itself prints another mask$/);
  });

  it('without a place (the playground): the settings alone', () => {
    const r = resolveSettings({}, { defaultP: 0.3, variant: 'alpha_dropout', seed: '5' }, BUILD, undefined, l10n);
    assert.deepStrictEqual(r, {
      settings: { p: 0.3, pIsInt: false, variant: 'alpha_dropout', training: true, inplace: false, seed: '5', call: 1, build: 'default' },
      settingsSource: 'settings (p = 0.3, alpha_dropout)', buildReason: 'the setting', unseeded: false,
    });
  });
});
