import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DropoutLensApi } from '../../src/extension';
import type { FeatureContext } from '../../src/features/context';
import { PanelController } from '../../src/features/panel/panelController';
import { parseTensorLiteral } from '../../src/core/parse';
import { LITERAL_PREVIEW, literalRequest, withoutTensor, type HostMessage, type PanelRequest, type PanelState, type RunSettings } from '../../src/shared/protocol';
import { STRINGS } from '../../src/shared/strings';
import type { OpenPanelResult } from '../../src/features/panel';
import { EXTENSION_ID, openFile, showUntitled, until, withSetting, workspaceUri } from './editorHelpers';

// The panel's host side in a real extension host (Node and web worker): the PanelApi the editor
// commands use, the real page's handshake under its CSP, the serializer's restore, and every
// message the page can send (through a panel whose webview the test plays).

const DEMO = 'dropout_demo.py';
const LITERAL = 'torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])';
const SETTINGS: RunSettings = { p: 0.2, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1 };
const PLAYGROUND: PanelRequest = { literal: 'torch.tensor([1., 2., 3., 4., 5.])', settings: SETTINGS, origin: null, settingsSource: null };

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dropoutLens.panel'));
}

async function closePanels(): Promise<void> {
  await vscode.window.tabGroups.close(panelTabs());
  await until(() => panelTabs().length === 0, 'no panel');
}

async function api(): Promise<DropoutLensApi> {
  const extension = vscode.extensions.getExtension<DropoutLensApi>(EXTENSION_ID);
  assert.ok(extension);
  return extension.activate();
}

/** A request on dropout_demo.py's literal, with its range, as the editor commands send it. */
async function demoRequest(): Promise<PanelRequest> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(DEMO));
  const start = document.positionAt(document.getText().indexOf(LITERAL));
  return {
    literal: LITERAL,
    settings: { p: 0.25, variant: 'dropout', training: true, inplace: false, seed: '0', call: 1 },
    origin: {
      fileName: DEMO, line: start.line + 1, uri: document.uri.toString(),
      range: { startLine: start.line, startCharacter: start.character, endLine: start.line, endCharacter: start.character + LITERAL.length },
    },
    settingsSource: 'F.dropout(x, p=0.25), line 8',
  };
}

/** A panel whose webview is played by the test: it records what the host posts and sends what the page would. */
function fakePanel() {
  const received = new vscode.EventEmitter<unknown>();
  const disposed = new vscode.EventEmitter<void>();
  const posted: HostMessage[] = [];
  const panel = {
    title: 'Dropout Lens', visible: true, iconPath: undefined as unknown,
    webview: {
      options: {}, html: '', cspSource: 'https://self.test',
      asWebviewUri: (uri: vscode.Uri) => uri,
      onDidReceiveMessage: received.event,
      postMessage: async (m: HostMessage) => {
        posted.push(m);
        return true;
      },
    },
    onDidDispose: disposed.event,
    reveal: () => undefined,
    dispose: () => disposed.fire(),
  };
  return { panel: panel as unknown as vscode.WebviewPanel, posted, send: (m: unknown) => received.fire(m), html: () => panel.webview.html };
}

function fakeContext(warnings: string[]): FeatureContext {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const log = { warn: (m: string) => warnings.push(m) } as unknown as vscode.LogOutputChannel;
  return { extension: { extensionUri: extension.extensionUri, subscriptions: [] } as unknown as vscode.ExtensionContext, log };
}

describe('panel: host side', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('PanelApi.show opens one panel beside the editor, keeps the editor focused, and reuses it', async () => {
    await closePanels();
    const editor = await openFile(DEMO);
    const { panel } = await api();
    panel.show(await demoRequest());
    await until(() => panelTabs().length === 1, 'the panel tab');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');
    panel.show({ ...(await demoRequest()), settings: { ...SETTINGS, p: 0.9 } });
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(panelTabs().length, 1, 'a second request updates the same panel');
  });

  it('Open Panel without a selection opens the playground on the dropoutLens settings, and keeps an open panel as it is', async () => {
    await closePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await withSetting('defaultP', 0.3, () => withSetting('seed', 11, () => withSetting('variant', 'alpha_dropout', async () =>
      vscode.commands.executeCommand<OpenPanelResult>('dropoutLens.openPanel'))));
    assert.deepStrictEqual({ title: result.panelTitle, visible: result.visible }, { title: 'Dropout Lens', visible: true });
    assert.deepStrictEqual(result.settings, { p: 0.3, pIsInt: false, variant: 'alpha_dropout', training: true, inplace: false, seed: '11', call: 1, build: 'default' });
    assert.strictEqual(result.settingsSource, 'settings (p = 0.3, alpha_dropout)');
    await until(() => panelTabs().length === 1, 'the playground');
    const again = await vscode.commands.executeCommand<OpenPanelResult>('dropoutLens.openPanel');
    assert.strictEqual(panelTabs().length, 1);
    assert.deepStrictEqual(again.settings, result.settings, 'the open panel as it was, whatever the settings now');
  });

  it('Open Panel on a selection takes the code\'s dropout (inplace included) and says when the code sets no seed', async () => {
    await closePanels();
    const editor = await showUntitled('drop = nn.Dropout(p=0.25, inplace=True)\nx = torch.tensor([1., 2., 3.])\nprint(drop(x))\n');
    const literal = 'torch.tensor([1., 2., 3.])';
    const at = editor.document.getText().indexOf(literal);
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + literal.length));
    const result = await vscode.commands.executeCommand<OpenPanelResult>('dropoutLens.openPanel');
    assert.deepStrictEqual([result.settings?.p, result.settings?.inplace, result.unseeded], [0.25, true, true]);
    assert.strictEqual(result.settingsSource, 'nn.Dropout(p=0.25), line 1');
    await closePanels();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('what the page reports it shows is what the editor\'s Copy and Replace take, for its own request and expression only', async () => {
    const editor = await openFile(DEMO);
    const controller = new PanelController(fakeContext([]));
    const fake = fakePanel();
    const request = await demoRequest();
    await controller.restore(fake.panel, { requestId: 'shown', request, literal: null, settings: request.settings, slice: [] });
    const r = request.origin?.range;
    assert.ok(r);
    const range = new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
    assert.deepStrictEqual(controller.onScreen(editor.document, range), { literal: LITERAL, settings: request.settings }, 'before any report: the request');
    const changed: RunSettings = { ...request.settings, p: 0.7, seed: '99', variant: 'dropout1d', call: 3 };
    fake.send({ type: 'current', requestId: 'shown', literal: 'torch.tensor([[5., 6.]])', settings: changed });
    await until(() => controller.onScreen(editor.document, range)?.settings.seed === '99', 'the report');
    assert.deepStrictEqual(controller.onScreen(editor.document, range), { literal: 'torch.tensor([[5., 6.]])', settings: changed });
    // A report of an earlier request (still on its way when a new one was shown) is not taken.
    fake.send({ type: 'current', requestId: 'older', literal: null, settings: { ...changed, seed: '1' } });
    fake.send({ type: 'current', requestId: 'shown', literal: null, settings: { ...changed, seed: '2' } });
    await until(() => controller.onScreen(editor.document, range)?.settings.seed === '2', 'the last report');
    assert.strictEqual(controller.onScreen(editor.document, range.with({ end: range.end.translate(0, -1) })), undefined, 'another range');
    controller.dispose();
  });

  it('insert below writes y = <result> on a new line after the statement, aligned, and leaves the expression', async () => {
    const line = 'x = torch.tensor([[1., 2.], [3., 4.]])';
    const editor = await showUntitled(`def f():\n    ${line}\n    return x\n`);
    const document = editor.document;
    const request: PanelRequest = {
      literal: line.slice(4), settings: SETTINGS, settingsSource: null,
      origin: { fileName: 'Untitled', line: 2, uri: document.uri.toString(), range: { startLine: 1, startCharacter: 8, endLine: 1, endCharacter: 4 + line.length } },
    };
    const controller = new PanelController(fakeContext([]));
    const fake = fakePanel();
    await controller.restore(fake.panel, { requestId: 'below', request, literal: null, settings: request.settings, slice: [] });
    fake.send({ type: 'insert', literal: 'torch.tensor([[0., 2.5],\n        [3.75, 0.]])', where: 'below' });
    await until(() => fake.posted.length === 1, 'the notice');
    assert.deepStrictEqual(fake.posted[0], { type: 'notice', text: vscode.l10n.t(STRINGS.insertedBelow, 'Untitled') });
    assert.strictEqual(document.getText(), `def f():\n    ${line}\n    y = torch.tensor([[0., 2.5],\n                [3.75, 0.]])\n    return x\n`);
    // The expression itself is untouched: Replace still finds it.
    fake.send({ type: 'insert', literal: 'torch.tensor([0.])' });
    await until(() => fake.posted.length === 2, 'the second notice');
    assert.ok(document.getText().startsWith('def f():\n    x = torch.tensor([0.])\n    y = torch.tensor('), document.getText());
    controller.dispose();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the real page loads under its CSP and asks for its content; the host answers with the strings and the request', async () => {
    const warnings: string[] = [];
    const controller = new PanelController(fakeContext(warnings));
    const panel = vscode.window.createWebviewPanel('dropoutLens.panel', 'Dropout Lens', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    const posted: unknown[] = [];
    const post = panel.webview.postMessage.bind(panel.webview);
    // Records what the host posts, and still delivers it.
    panel.webview.postMessage = (m: unknown) => {
      posted.push(m);
      return post(m);
    };
    const request = await demoRequest();
    const state: PanelState = { requestId: 'saved-1', request, literal: LITERAL, settings: { ...request.settings, p: 0.6 }, slice: [] };
    controller.restore(panel, JSON.parse(JSON.stringify(state)));
    assert.match(panel.webview.html, /default-src 'none'/);
    await until(() => posted.length > 0, "the page's ready, answered with init");
    const init = posted[0] as HostMessage & { type: 'init' };
    assert.strictEqual(init.type, 'init');
    assert.strictEqual(init.requestId, 'saved-1', 'a restored page gets the id it saved, so it keeps its edits');
    assert.deepStrictEqual(init.request, request);
    assert.deepStrictEqual(Object.keys(init.strings).sort(), Object.keys(STRINGS).sort());
    assert.deepStrictEqual(warnings, []);
    controller.dispose();
  });

  it('a saved state of another shape is ignored (and logged): the restored panel starts empty', async () => {
    const warnings: string[] = [];
    const controller = new PanelController(fakeContext(warnings));
    const fake = fakePanel();
    controller.restore(fake.panel, { selection: { text: 'x' } });
    fake.send({ type: 'ready' });
    assert.strictEqual(fake.posted.length, 1);
    assert.strictEqual(fake.posted[0].type === 'init' && fake.posted[0].request, null);
    assert.match(warnings.join('\n'), /saved state/);
    controller.dispose();
  });

  it('a literal beyond the box goes as its tensor; restored, the host reads it again from its document while unchanged', async () => {
    const literal = `torch.tensor([${Array.from({ length: 30_000 }, (_, i) => `${i % 97}.25`).join(', ')}])`;
    const editor = await showUntitled(`x = ${literal}\ny = 1\n`);
    const document = editor.document;
    const tensor = parseTensorLiteral(literal).tensor;
    const start = document.positionAt(4);
    const end = document.positionAt(4 + literal.length);
    const request = literalRequest(literal, tensor, {
      settings: SETTINGS, settingsSource: null,
      origin: { fileName: 'Untitled-1', line: 1, uri: document.uri.toString(), range: { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character } },
    });
    assert.strictEqual(request.literal.length, LITERAL_PREVIEW);
    assert.ok(request.large?.tensor?.data instanceof Float32Array, 'the tensor as a typed array');
    // What the page saved: no tensor. What VS Code hands back after a restart went through JSON.
    const saved: PanelState = { requestId: 'big', request: withoutTensor(request), literal: null, settings: SETTINGS, slice: [] };
    const restoredInit = async () => {
      const controller = new PanelController(fakeContext([]));
      const fake = fakePanel();
      await controller.restore(fake.panel, JSON.parse(JSON.stringify(saved)));
      fake.send({ type: 'ready' });
      controller.dispose();
      const init = fake.posted[0];
      assert.ok(init?.type === 'init' && init.request);
      return init.request;
    };
    const again = await restoredInit();
    assert.deepStrictEqual(again.large?.tensor?.shape, [30_000]);
    assert.deepStrictEqual(again.large?.tensor?.data, tensor.data);
    assert.strictEqual(again.literal, request.literal);
    // One digit changed in the document: the saved request no longer describes it.
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(20), document.positionAt(21)), '8')));
    const changed = await restoredInit();
    assert.strictEqual(changed.large?.tensor, null, 'no tensor: the page asks for the expression again');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a command that opens the panel while a restored large request is read again wins: one panel, the newer request', async () => {
    await closePanels();
    const literal = `torch.tensor([${Array.from({ length: 30_000 }, (_, i) => `${i % 89}.5`).join(', ')}])`;
    const editor = await showUntitled(`x = ${literal}\n`);
    const document = editor.document;
    const end = document.positionAt(4 + literal.length);
    const request = literalRequest(literal, parseTensorLiteral(literal).tensor, {
      settings: SETTINGS, settingsSource: null,
      origin: { fileName: 'Untitled-1', line: 1, uri: document.uri.toString(), range: { startLine: 0, startCharacter: 4, endLine: end.line, endCharacter: end.character } },
    });
    const saved: PanelState = { requestId: 'big', request: withoutTensor(request), literal: null, settings: SETTINGS, slice: [] };
    const controller = new PanelController(fakeContext([]));
    const restored = fakePanel();
    let restoredDisposed = false;
    restored.panel.onDidDispose(() => (restoredDisposed = true));
    const newer = await demoRequest();
    // The command runs while restore() waits for the document.
    const restoring = controller.restore(restored.panel, JSON.parse(JSON.stringify(saved)));
    controller.open(newer);
    await restoring;
    assert.ok(restoredDisposed, 'the restored panel gave way');
    assert.ok(controller.isOpen, 'the panel the command opened is still the live one');
    await until(() => panelTabs().length === 1, 'one panel tab');
    restored.send({ type: 'ready' });
    assert.deepStrictEqual(restored.posted, [], 'the disposed panel is not answered');
    controller.dispose();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('ignores and logs malformed messages from the page', async () => {
    const warnings: string[] = [];
    const controller = new PanelController(fakeContext(warnings));
    const fake = fakePanel();
    controller.restore(fake.panel, undefined);
    for (const bad of [null, 'ready', { type: 'insert' }, { type: 'copy', text: 3 }, { type: 'eval', code: '1' }]) fake.send(bad);
    assert.deepStrictEqual(fake.posted, []);
    assert.strictEqual(warnings.filter((w) => w.startsWith('panel: ignored malformed message')).length, 5);
    controller.dispose();
  });

  it('insert replaces the expression in its document as one undo step, and refuses once the text changed', async () => {
    const editor = await openFile(DEMO);
    const original = editor.document.getText();
    const controller = new PanelController(fakeContext([]));
    const fake = fakePanel();
    const request = await demoRequest();
    controller.restore(fake.panel, { requestId: 'r', request, literal: LITERAL, settings: request.settings, slice: [] });
    const output = 'torch.tensor([[0.0, 2.6666667, 4.0], [5.3333335, 0.0, 8.0]])';
    fake.send({ type: 'insert', literal: output });
    await until(() => fake.posted.length === 1, 'the notice');
    assert.deepStrictEqual(fake.posted[0], { type: 'notice', text: vscode.l10n.t(STRINGS.inserted, DEMO) });
    assert.strictEqual(editor.document.getText(), original.replace(LITERAL, output));
    // A second insert replaces what the first wrote.
    fake.send({ type: 'insert', literal: LITERAL });
    await until(() => fake.posted.length === 2, 'the second notice');
    assert.strictEqual(editor.document.getText(), original);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original.replace(LITERAL, output), 'one undo step per insert');
    // Now the document no longer holds what the panel last wrote there: nothing is overwritten.
    fake.send({ type: 'insert', literal: '[1.]' });
    await until(() => fake.posted.length === 3, 'the refusal');
    assert.match((fake.posted[2] as { text: string }).text, /^Could not insert: the expression changed in dropout_demo\.py/);
    assert.strictEqual(editor.document.getText(), original.replace(LITERAL, output));
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original);
    controller.dispose();
  });

  for (const eol of ['LF', 'CRLF'] as const) {
    it(`insert follows its expression through edits, never writes into an identical one elsewhere, and refuses once it was edited (${eol})`, async () => {
      const line = 'torch.tensor([1., 2.])';
      const editor = await showUntitled(`a = ${line}\nb = ${line}\nc = ${line}\n`);
      const document = editor.document;
      if (eol === 'CRLF') assert.ok(await editor.edit((e) => e.setEndOfLine(vscode.EndOfLine.CRLF)));
      const request: PanelRequest = {
        literal: line, settings: SETTINGS, settingsSource: null,
        origin: { fileName: 'Untitled', line: 2, uri: document.uri.toString(), range: { startLine: 1, startCharacter: 4, endLine: 1, endCharacter: 4 + line.length } },
      };
      const controller = new PanelController(fakeContext([]));
      const fake = fakePanel();
      await controller.restore(fake.panel, { requestId: 'three', request, literal: null, settings: request.settings, slice: [] });
      const notice = async (n: number) => {
        await until(() => fake.posted.length === n, `notice ${n}`);
        return (fake.posted[n - 1] as { text: string }).text;
      };
      // The middle literal was selected; the first line goes: the target is now on line 0.
      assert.ok(await editor.edit((e) => e.delete(new vscode.Range(0, 0, 1, 0))));
      fake.send({ type: 'insert', literal: 'torch.tensor([[0.],\n [4.]])' });
      assert.strictEqual(await notice(1), vscode.l10n.t(STRINGS.inserted, 'Untitled'));
      const nl = eol === 'CRLF' ? '\r\n' : '\n';
      assert.strictEqual(document.getText(), `b = torch.tensor([[0.],${nl}     [4.]])${nl}c = ${line}${nl}`, 'the selected literal replaced (rows aligned under its column), the third one untouched');
      // What was written is replaced again (read back from the document: CRLF included).
      fake.send({ type: 'insert', literal: 'torch.tensor([0., 4.])' });
      assert.strictEqual(await notice(2), vscode.l10n.t(STRINGS.inserted, 'Untitled'));
      assert.strictEqual(document.getText(), `b = torch.tensor([0., 4.])${nl}c = ${line}${nl}`);
      // An edit inside the target: nothing is written any more, though the text still parses.
      assert.ok(await editor.edit((e) => e.replace(new vscode.Range(0, 22, 0, 23), '5')));
      fake.send({ type: 'insert', literal: 'torch.tensor([9., 9.])' });
      assert.match(await notice(3), /^Could not insert: the expression changed in Untitled since the panel read it/);
      assert.strictEqual(document.getText(), `b = torch.tensor([0., 5.])${nl}c = ${line}${nl}`);
      controller.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }

  it('a restored state may name only a document of the workspace or an open one', async () => {
    const warnings: string[] = [];
    const controller = new PanelController(fakeContext(warnings));
    const request = await demoRequest();
    // Another authority: outside the workspace on every host (the web one mounts it at the root).
    const outside = workspaceUri(DEMO).with({ authority: 'elsewhere' }).toString();
    const fake = fakePanel();
    await controller.restore(fake.panel, { requestId: 'o', request: { ...request, origin: { ...request.origin, uri: outside } }, literal: null, settings: request.settings, slice: [] });
    fake.send({ type: 'insert', literal: '[1.]' });
    await until(() => fake.posted.length === 1, 'the notice');
    assert.deepStrictEqual(fake.posted[0], { type: 'notice', text: `Could not insert: ${STRINGS.noOriginInsert}` });
    assert.ok(warnings.some((w) => w.includes('neither in the workspace nor open')), warnings.join('\n'));
    // A command URI does not even make a state.
    const other = fakePanel();
    await controller.restore(other.panel, { requestId: 'c', request: { ...request, origin: { ...request.origin, uri: 'command:workbench.action.reloadWindow' } }, literal: null, settings: request.settings, slice: [] });
    assert.ok(warnings.some((w) => /ignored a saved state .*\(request\.origin\.uri: a command URI/.test(w)), warnings.join('\n'));
    controller.dispose();
  });

  it('insert without a range in an editor says what is needed', async () => {
    const controller = new PanelController(fakeContext([]));
    const fake = fakePanel();
    controller.restore(fake.panel, { requestId: 'p', request: PLAYGROUND, literal: PLAYGROUND.literal, settings: SETTINGS, slice: [] });
    fake.send({ type: 'insert', literal: '[1.]' });
    await until(() => fake.posted.length === 1, 'the notice');
    assert.deepStrictEqual(fake.posted[0], { type: 'notice', text: `Could not insert: ${STRINGS.noOriginInsert}` });
    controller.dispose();
  });

  it('copy puts the text on the clipboard', async () => {
    const controller = new PanelController(fakeContext([]));
    const fake = fakePanel();
    controller.restore(fake.panel, undefined);
    fake.send({ type: 'copy', text: 'tensor([0., 2.])' });
    await until(() => fake.posted.length === 1, 'the notice');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'tensor([0., 2.])');
    controller.dispose();
  });
});
