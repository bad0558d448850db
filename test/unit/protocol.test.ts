import * as assert from 'assert';
import { checkPanelRequest, checkPanelState, checkWebviewMessage, LITERAL_BOX_MAX, LITERAL_PREVIEW, MAX_LITERAL_TEXT, digest, literalRequest, parseHostMessage, parsePanelRequest, parsePanelState, parseWebviewMessage, withoutTensor, type PanelRequest } from '../../src/shared/protocol';
import { STRINGS } from '../../src/shared/strings';

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

  it('keeps the build and why the editor chose it (the panel shows both), the reason only as text', () => {
    const withBuild = { ...request, settings: { ...request.settings, build: 'x86-mkl' as const }, buildReason: 'PyTorch 2.4.1, x86-64 wheel → MKL masks' };
    assert.deepStrictEqual(parsePanelRequest(withBuild), withBuild);
    assert.deepStrictEqual(parseHostMessage({ type: 'show', requestId: 'r', request: withBuild }), { type: 'show', requestId: 'r', request: withBuild });
    assert.strictEqual(parsePanelRequest({ ...withBuild, buildReason: 1 }), undefined);
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

describe('protocol: what the fuzz found accepted (issue #10, item 7), refused naming the field', () => {
  const tensor = { shape: [2], dtype: 'float32', data: new Float32Array(2), requiresGrad: false };
  const big = { length: LITERAL_BOX_MAX + 1, digest: 'x', tensor };
  const withTensor = (patch: object) => ({ ...request, literal: 'torch.tensor([...', large: { ...big, tensor: { ...tensor, ...patch } } });
  const withOrigin = (patch: object) => ({ ...request, origin: { ...request.origin, ...patch } });
  const state = { requestId: 'a', request, literal: null, settings: request.settings, slice: [0] };

  for (const [what, value, field] of [
    ['a command: URI', withOrigin({ uri: 'command:workbench.action.reloadWindow' }), /^request\.origin\.uri: a command URI/],
    ['an https: URI', withOrigin({ uri: 'https://example.com/a.py' }), /^request\.origin\.uri: a https URI/],
    ['a URI without a scheme', withOrigin({ uri: '/w/a.py' }), /^request\.origin\.uri: not a URI with a scheme/],
    ['a URI with a line break', withOrigin({ uri: 'file:///w/a.py\n' }), /^request\.origin\.uri/],
    ['a reversed range', withOrigin({ range: { startLine: 2, startCharacter: 4, endLine: 1, endCharacter: 26 } }), /^request\.origin\.range: ends before it starts/],
    ['a reversed range on one line', withOrigin({ range: { startLine: 2, startCharacter: 26, endLine: 2, endCharacter: 4 } }), /^request\.origin\.range/],
    ['a tensor of rank 10^5', withTensor({ shape: new Array(100_000).fill(1), data: new Float32Array(1) }), /^request\.large\.tensor\.shape: more than 128 elements/],
    ['a dimension of 2^53', withTensor({ shape: [2 ** 53, 0], data: new Float32Array(0) }), /^request\.large\.tensor\.shape\[0\]: not a whole number from 0 to 4194304/],
    ['more elements than a literal may hold', withTensor({ shape: [4096, 4096], data: new Float32Array(0) }), /^request\.large\.tensor\.shape: more than 4194304 elements/],
    ['int64 data holding 0.5', withTensor({ dtype: 'int64', data: new Float64Array([1, 0.5]) }), /^request\.large\.tensor\.data\[1\]: 0\.5 in a int64 tensor/],
    ['int64 data beyond 2^53', withTensor({ dtype: 'int64', data: new Float64Array([2 ** 60, 0]) }), /^request\.large\.tensor\.data\[0\]/],
    ['bool data holding 255', withTensor({ dtype: 'bool', data: new Uint8Array([0, 255]) }), /^request\.large\.tensor\.data\[1\]: 255 in a bool tensor/],
    ['requiresGrad on int64', withTensor({ dtype: 'int64', data: new Float64Array(2), requiresGrad: true }), /^request\.large\.tensor\.requiresGrad: true on a int64 tensor/],
    ['a 20 M-character literal', { ...request, literal: 'x'.repeat(20_000_000) }, /^request\.literal: longer than 100000 characters/],
    ['p = Infinity', { ...request, settings: { ...request.settings, p: Infinity } }, /^request\.settings\.p: not a finite number/],
  ] as const) {
    it(`refuses a request with ${what}`, () => assert.match(String(checkPanelRequest(value).error), field));
    it(`refuses it inside a host message too (${what})`, () => assert.strictEqual(parseHostMessage({ type: 'show', requestId: 'r', request: value }), undefined));
  }

  for (const [what, value, field] of [
    ['a slice index beyond any dimension', { ...state, slice: [2 ** 40] }, /^slice\[0\]: not a whole number from 0 to 4194303/],
    ['more slice indices than dimensions', { ...state, slice: new Array(129).fill(0) }, /^slice: more than 128 elements/],
    ['a literal box longer than the box', { ...state, literal: 'x'.repeat(LITERAL_BOX_MAX + 1) }, /^literal: longer than 100000 characters/],
  ] as const) {
    it(`refuses a state with ${what}`, () => assert.match(String(checkPanelState(value).error), field));
  }

  it('refuses an insert or a copy longer than a literal the parser reads back', () => {
    const long = 'x'.repeat(MAX_LITERAL_TEXT + 1);
    assert.match(String(checkWebviewMessage({ type: 'insert', literal: long }).error), /^literal: longer than 33554432 characters/);
    assert.match(String(checkWebviewMessage({ type: 'copy', text: long }).error), /^text: longer than/);
    assert.deepStrictEqual(checkWebviewMessage({ type: 'insert', literal: long.slice(1) }).value?.type, 'insert');
  });

  it('accepts the document URIs VS Code gives (file, untitled, notebook cells, virtual and remote workspaces)', () => {
    for (const uri of ['file:///w/a.py', 'untitled:Untitled-1', 'vscode-notebook-cell:/w/n.ipynb#W1sZmlsZQ%3D%3D', 'vscode-vfs://github/o/r/a.py', 'vscode-test-web://mount/a.py', 'vscode-remote://ssh-remote%2Bh/w/a.py']) {
      assert.strictEqual(checkPanelRequest(withOrigin({ uri })).error, undefined, uri);
    }
  });

  it('accepts int64, bool and float tensors that the parser could give', () => {
    assert.ok(parsePanelRequest(withTensor({ dtype: 'int64', data: new Float64Array([-(2 ** 53), 7]) })));
    assert.ok(parsePanelRequest(withTensor({ dtype: 'bool', data: new Uint8Array([1, 0]) })));
    assert.ok(parsePanelRequest(withTensor({ dtype: 'float64', data: new Float64Array([NaN, -Infinity]), requiresGrad: true })));
  });
});
