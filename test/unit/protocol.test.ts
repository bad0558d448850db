import * as assert from 'assert';
import { LITERAL_BOX_MAX, LITERAL_PREVIEW, digest, literalRequest, parseHostMessage, parsePanelRequest, parsePanelState, parseWebviewMessage, withoutTensor, type PanelRequest } from '../../src/protocol';
import { STRINGS } from '../../src/webview/strings';

const request: PanelRequest = {
  literal: 'torch.tensor([1., 2.])',
  settings: { p: 0.2, variant: 'dropout2d', training: true, inplace: false, seed: '18446744073709551615', call: 3 },
  origin: { fileName: 'a.py', line: 3, uri: 'file:///w/a.py', range: { startLine: 2, startCharacter: 4, endLine: 2, endCharacter: 26 } },
  settingsSource: 'nn.Dropout2d(p=0.2), line 1',
};

describe('protocol: webview -> host', () => {
  it('accepts ready, insert and copy', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'insert', literal: 'x', extra: 1 }), { type: 'insert', literal: 'x' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'copy', text: 'tensor([0.])' }), { type: 'copy', text: 'tensor([0.])' });
  });

  for (const [what, value] of [
    ['null', null], ['a string', 'ready'], ['an array', [{ type: 'ready' }]], ['an unknown type', { type: 'reload' }], ['no type', {}],
    ['insert without text', { type: 'insert' }], ['copy of a number', { type: 'copy', text: 1 }],
  ] as const) {
    it(`rejects ${what}`, () => assert.strictEqual(parseWebviewMessage(value), undefined));
  }
});

describe('protocol: PanelRequest', () => {
  it('accepts a full request and one without origin, keeping only known fields', () => {
    assert.deepStrictEqual(parsePanelRequest({ ...request, extra: true, settings: { ...request.settings, extra: 1 } }), request);
    const bare = { ...request, origin: null, settingsSource: null };
    assert.deepStrictEqual(parsePanelRequest(bare), bare);
    const noRange = { ...request, origin: { fileName: 'b.py', line: 1 } };
    assert.deepStrictEqual(parsePanelRequest(noRange), noRange);
  });

  it('keeps pIsInt when given, and only as a boolean', () => {
    const withInt = { ...request, settings: { ...request.settings, p: 2, pIsInt: true } };
    assert.deepStrictEqual(parsePanelRequest(withInt), withInt);
    assert.strictEqual(parsePanelRequest({ ...request, settings: { ...request.settings, pIsInt: 'yes' } }), undefined);
  });

  it('accepts p outside [0, 1] (the panel shows PyTorch\'s error for it)', () => {
    assert.strictEqual(parsePanelRequest({ ...request, settings: { ...request.settings, p: 1.5 } })?.settings.p, 1.5);
  });

  for (const [what, patch] of [
    ['an unknown variant', { settings: { ...request.settings, variant: 'dropout4d' } }],
    ['call 0', { settings: { ...request.settings, call: 0 } }],
    ['a numeric seed', { settings: { ...request.settings, seed: 5 } }],
    ['p as text', { settings: { ...request.settings, p: '0.5' } }],
    ['a missing literal', { literal: undefined }],
    ['line 0', { origin: { fileName: 'a.py', line: 0 } }],
    ['a negative range', { origin: { ...request.origin, range: { startLine: -1, startCharacter: 0, endLine: 0, endCharacter: 0 } } }],
    ['settingsSource as a number', { settingsSource: 1 }],
  ] as const) {
    it(`rejects ${what}`, () => assert.strictEqual(parsePanelRequest({ ...request, ...patch }), undefined));
  }
});

describe('protocol: host -> webview', () => {
  it('accepts init with and without a request, show and notice', () => {
    assert.deepStrictEqual(parseHostMessage({ type: 'init', strings: STRINGS, requestId: 'a', request }), { type: 'init', strings: STRINGS, requestId: 'a', request });
    assert.deepStrictEqual(parseHostMessage({ type: 'init', strings: STRINGS, requestId: 'a', request: null }), { type: 'init', strings: STRINGS, requestId: 'a', request: null });
    assert.deepStrictEqual(parseHostMessage({ type: 'show', requestId: 'b', request }), { type: 'show', requestId: 'b', request });
    assert.deepStrictEqual(parseHostMessage({ type: 'notice', text: 'Copied.' }), { type: 'notice', text: 'Copied.' });
  });

  for (const [what, value] of [
    ['init with a string missing', { type: 'init', strings: { ...STRINGS, title: undefined }, requestId: 'a', request: null }],
    ['init without requestId', { type: 'init', strings: STRINGS, request: null }],
    ['show with a bad request', { type: 'show', requestId: 'b', request: { ...request, literal: 3 } }],
    ['notice without text', { type: 'notice' }],
    ['an unknown type', { type: 'update' }],
    ['undefined', undefined],
  ] as const) {
    it(`rejects ${what}`, () => assert.strictEqual(parseHostMessage(value), undefined));
  }
});

describe('protocol: PanelState', () => {
  const state = { requestId: 'a', request, literal: '[1.]', settings: request.settings, slice: [0, 2] };
  it('round-trips through JSON', () => assert.deepStrictEqual(parsePanelState(JSON.parse(JSON.stringify(state))), state));
  it('accepts a literal left out (null: the request\'s own)', () => assert.deepStrictEqual(parsePanelState({ ...state, literal: null }), { ...state, literal: null }));
  it('rejects an older shape', () => assert.strictEqual(parsePanelState({ selection: null }), undefined));
  it('rejects a negative slice index', () => assert.strictEqual(parsePanelState({ ...state, slice: [-1] }), undefined));
  it('keeps the Monte-Carlo\'s N', () => assert.deepStrictEqual(parsePanelState({ ...state, draws: 5000 }), { ...state, draws: 5000 }));
  for (const draws of [0, 1.5, 100_001, '1000', null]) {
    it(`rejects N = ${JSON.stringify(draws)}`, () => assert.strictEqual(parsePanelState({ ...state, draws }), undefined));
  }
});

describe('protocol: large literals', () => {
  const text = `torch.tensor([${Array.from({ length: 30_000 }, (_, i) => `${i}.5`).join(', ')}])`;
  const tensor = { shape: [30_000], dtype: 'float32' as const, data: new Float32Array(30_000).map((_, i) => i + 0.5), requiresGrad: false };
  const rest = { settings: request.settings, origin: request.origin, settingsSource: null };
  const large = literalRequest(text, tensor, rest);

  it('sends a literal that fits the box as text, and a longer one as its tensor and a preview', () => {
    assert.deepStrictEqual(literalRequest(request.literal, tensor, rest), { ...rest, literal: request.literal });
    assert.ok(text.length > LITERAL_BOX_MAX);
    assert.strictEqual(large.literal, text.slice(0, LITERAL_PREVIEW));
    assert.deepStrictEqual(large.large, { length: text.length, digest: digest(text), tensor });
  });

  it('accepts the large request and keeps its typed array as is (no copy)', () => {
    const parsed = parsePanelRequest(large);
    assert.deepStrictEqual(parsed, large);
    assert.strictEqual(parsed?.large?.tensor?.data, tensor.data);
  });

  it('saves it without the tensor, and accepts that saved form', () => {
    const saved = withoutTensor(large);
    assert.strictEqual(saved.large?.tensor, null);
    assert.strictEqual(withoutTensor(request), request);
    const state = { requestId: 'a', request: saved, literal: null, settings: request.settings, slice: [] };
    assert.deepStrictEqual(parsePanelState(JSON.parse(JSON.stringify(state))), state);
  });

  for (const [what, patch] of [
    ['data of another length than the shape', { shape: [29_999] }],
    ['a float32 tensor in a Float64Array', { data: new Float64Array(30_000) }],
    ['data as a plain array', { data: Array.from(tensor.data) }],
    ['an unknown dtype', { dtype: 'float16' }],
    ['a negative dimension', { shape: [-30_000] }],
    ['requiresGrad missing', { requiresGrad: undefined }],
  ] as const) {
    it(`rejects a tensor with ${what}`, () => assert.strictEqual(parsePanelRequest({ ...large, large: { ...large.large, tensor: { ...tensor, ...patch } } }), undefined));
  }

  for (const [what, patch] of [
    ['a length that fits the box', { length: LITERAL_BOX_MAX }],
    ['no digest', { digest: undefined }],
    ['no tensor field', { tensor: undefined }],
  ] as const) {
    it(`rejects a large literal with ${what}`, () => assert.strictEqual(parsePanelRequest({ ...large, large: { ...large.large, ...patch } }), undefined));
  }

  it('rejects a preview longer than LITERAL_PREVIEW', () => assert.strictEqual(parsePanelRequest({ ...large, literal: text }), undefined));

  it('tells texts apart by their digest', () => {
    assert.strictEqual(digest(text), digest(text.slice()));
    assert.notStrictEqual(digest(text), digest(text.replace('29999.5', '29999.6')));
    assert.notStrictEqual(digest('ab'), digest('ba'));
  });
});
