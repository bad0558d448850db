import * as assert from 'assert';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol';

describe('protocol: webview -> host', () => {
  it('accepts ready', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  });

  for (const [what, value] of [
    ['null', null], ['a string', 'ready'], ['an array', [{ type: 'ready' }]], ['an unknown type', { type: 'reload' }], ['no type', {}],
  ] as const) {
    it(`rejects ${what}`, () => assert.strictEqual(parseWebviewMessage(value), undefined));
  }
});

describe('protocol: host -> webview', () => {
  const selection = { text: 'F.dropout(x, p=0.5)', fileName: 'a.py', line: 3 };

  it('accepts init with and without a selection', () => {
    assert.deepStrictEqual(parseHostMessage({ type: 'init', extensionVersion: '0.1.0', selection }), { type: 'init', extensionVersion: '0.1.0', selection });
    assert.deepStrictEqual(parseHostMessage({ type: 'init', extensionVersion: '0.1.0', selection: null }), { type: 'init', extensionVersion: '0.1.0', selection: null });
  });

  it('keeps only the known fields', () => {
    const parsed = parseHostMessage({ type: 'init', extensionVersion: '1', selection: { ...selection, extra: 1 }, extra: true });
    assert.deepStrictEqual(parsed, { type: 'init', extensionVersion: '1', selection });
  });

  for (const [what, value] of [
    ['a missing version', { type: 'init', selection: null }],
    ['a missing selection', { type: 'init', extensionVersion: '1' }],
    ['a selection without text', { type: 'init', extensionVersion: '1', selection: { fileName: 'a.py', line: 1 } }],
    ['line 0', { type: 'init', extensionVersion: '1', selection: { ...selection, line: 0 } }],
    ['a fractional line', { type: 'init', extensionVersion: '1', selection: { ...selection, line: 1.5 } }],
    ['an unknown type', { type: 'update', extensionVersion: '1', selection: null }],
    ['undefined', undefined],
  ] as const) {
    it(`rejects ${what}`, () => assert.strictEqual(parseHostMessage(value), undefined));
  }
});
