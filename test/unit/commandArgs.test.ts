import * as assert from 'assert';
import type { Translator } from '../../src/analysis/explain';
import { ArgsError, parseApplyArgs } from '../../src/commandArgs';

// The editor commands' argument (the hover's trusted "Try it" link passes one): every field
// checked, a refusal names the field.

const en: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

function refusal(raw: unknown): string {
  try {
    parseApplyArgs(raw, en);
  } catch (e) {
    if (e instanceof ArgsError) return e.message;
    throw e;
  }
  return assert.fail(`accepted ${JSON.stringify(raw)}`);
}

describe('command arguments', () => {
  it('accepts what the hover and other callers pass, and nothing else', () => {
    const args = { literal: 'torch.ones(4, 5)', p: 2, pIsInt: true, variant: 'dropout2d', training: false, inplace: true, seed: '18446744073709551615', call: 3, drawn: 35, build: 'x86-mkl', fileName: 'mlp.py', line: 12, settingsSource: 'nn.Dropout2d(p=2), line 4' };
    assert.deepStrictEqual(parseApplyArgs(args, en), args);
    assert.deepStrictEqual(parseApplyArgs({ seed: -5, p: 30 }, en), { seed: -5, p: 30, pIsInt: undefined, variant: undefined, training: undefined, inplace: undefined, call: undefined, drawn: undefined, build: undefined, literal: undefined, fileName: undefined, line: undefined, settingsSource: undefined });
    assert.deepStrictEqual(parseApplyArgs(undefined, en), {});
  });

  for (const [raw, message] of [
    ['x', /^the command argument must be an object\.$/],
    [[{ p: 0.5 }], /must be an object/],
    [{ p: 0.5, mask: [1] }, /unknown field "mask"/],
    [{ build: 'cuda' }, /^the command argument "build" must be one of default, x86-mkl\.$/],
    [{ __proto__: null, constructor: 1 }, /unknown field "constructor"/],
    [{ p: '0.5' }, /"p" has the wrong type/],
    [{ p: Number.NaN }, /"p" must be a finite number/],
    [{ p: Number.POSITIVE_INFINITY }, /"p" must be a finite number/],
    [{ p: 0.5, pIsInt: true }, /"pIsInt" is true only with a whole number "p"/],
    [{ pIsInt: true }, /"pIsInt"/],
    [{ variant: 'dropout9d' }, /"variant" must be one of dropout, dropout1d/],
    [{ training: 1 }, /"training" has the wrong type/],
    [{ inplace: 'yes' }, /"inplace" has the wrong type/],
    [{ seed: 'abc' }, /"seed" must be a whole number from -2\^63 to 2\^64-1/],
    [{ seed: '18446744073709551616' }, /"seed" must be a whole number/],
    [{ seed: 2 ** 60 }, /"seed" must be a whole number/],
    [{ seed: 1.5 }, /"seed" must be a whole number/],
    [{ seed: '1'.repeat(100_000) }, /"seed" must be a whole number/],
    [{ seed: true }, /"seed" has the wrong type/],
    [{ drawn: -1 }, /^the command argument "drawn" must be an integer from 0 to 9007199254740991 \(got -1\)\.$/],
    [{ drawn: 2.5 }, /"drawn" must be an integer/],
    [{ drawn: 2 ** 53 }, /"drawn" must be an integer/],
    [{ drawn: '3' }, /"drawn" has the wrong type/],
    [{ literal: 5 }, /"literal" has the wrong type/],
    [{ fileName: 'a.py' }, /^the command argument gives "fileName" and "line" together, or neither\.$/],
    [{ fileName: 'a.py', line: 0 }, /^the command argument "line" must be a whole number from 1\.$/],
    [{ fileName: 'x'.repeat(1001), line: 1 }, /"fileName" is longer than 1000 characters/],
    [{ fileName: 3, line: 1 }, /"fileName" has the wrong type/],
    [{ settingsSource: 'x'.repeat(1001) }, /"settingsSource" is longer than 1000 characters/],
  ] as const) {
    it(`refuses ${JSON.stringify(raw)?.slice(0, 60)}`, () => assert.match(refusal(raw), message));
  }
});
