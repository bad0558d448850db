import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseTensorLiteral } from '../../src/core/parse';
import { runDropout } from '../../src/core/run';
import { EXTENSION_ID, FEATURES_FILE, hoverText, openFile, positionOf, withSetting } from './editorHelpers';

// dropoutLens.torchBuild in a real extension host: the commands draw the chosen build's masks and
// say why; `auto` without the Python extension (as in these hosts) falls back to default.

const APPLY = 'dropoutLens.applyToSelection';
const LITERAL = 'torch.ones(6, 6)';

interface Run {
  build: string;
  buildReason: string;
  mask: number[] | null;
}

async function apply(args: Record<string, unknown> = {}): Promise<Run> {
  const r = await vscode.commands.executeCommand<Run | { error: string }>(APPLY, { literal: LITERAL, seed: 123, ...args });
  assert.ok(r && !('error' in r), JSON.stringify(r));
  return r;
}

/** Runs until the build the commands use is `build` (the state follows a setting change asynchronously). */
async function settled(build: string): Promise<Run> {
  const end = Date.now() + 10000;
  for (;;) {
    const r = await apply();
    if (r.build === build || Date.now() > end) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const maskOf = (build: 'default' | 'x86-mkl'): number[] => Array.from(runDropout(parseTensorLiteral(LITERAL).tensor, { seed: 123, build }).mask!);

describe('PyTorch build (dropoutLens.torchBuild)', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('auto without the Python extension: default masks, and the reason', async () => {
    assert.strictEqual(vscode.extensions.getExtension('ms-python.python'), undefined, 'these hosts run without the Python extension');
    const r = await settled('default');
    assert.strictEqual(r.build, 'default');
    assert.deepStrictEqual(r.mask, maskOf('default'));
    assert.match(r.buildReason, /Python extension/);
  });

  it('the setting chooses the x86-mkl masks; the command argument overrides it', async () => {
    await withSetting('torchBuild', 'x86-mkl', async () => {
      const r = await settled('x86-mkl');
      assert.strictEqual(r.build, 'x86-mkl');
      assert.deepStrictEqual(r.mask, maskOf('x86-mkl'));
      assert.notDeepStrictEqual(r.mask, maskOf('default'));
      assert.match(r.buildReason, /dropoutLens\.torchBuild/);
      const d = await apply({ build: 'default' });
      assert.deepStrictEqual([d.build, d.mask], ['default', maskOf('default')]);
    });
    assert.strictEqual((await settled('default')).build, 'default');
  });

  it('the hover names the build after its Try it link', async () => {
    const editor = await openFile(FEATURES_FILE);
    const text = await hoverText(editor.document.uri, positionOf(editor.document, 'p=0.2', 2));
    assert.match(text.split('[▶')[1] ?? '', /\n\nMasks of the default build: .*→ default masks$/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses an unknown build in the argument, and has the command that changes the setting', async () => {
    const r = await vscode.commands.executeCommand<{ error: string }>(APPLY, { literal: LITERAL, build: 'mkl' });
    assert.match(r.error, /"build" must be one of default, x86-mkl/);
    assert.ok((await vscode.commands.getCommands(true)).includes('dropoutLens.chooseTorchBuild'));
  });
});
