import * as assert from 'assert';
import { majorMinor, sitePackagesCandidates, tagPlatform, torchBuildOf, torchInfoDir } from '../../src/analysis/torchBuild';
import { parsePanelRequest, type PanelRequest } from '../../src/shared/protocol';

// The files as pip and Debian leave them (METADATA and WHEEL of the 2.6 and 2.13 wheels on this
// project's machine, cut to the lines that matter).
const metadata = (version: string): string => `Metadata-Version: 2.1\nName: torch\nVersion: ${version}\nSummary: Tensors and Dynamic neural networks\n`;
const wheel = (tag: string): string => `Wheel-Version: 1.0\nGenerator: bdist_wheel (0.34.2)\nRoot-Is-Purelib: false\nTag: ${tag}\n\n`;

describe('torch build from site-packages (analysis/torchBuild)', () => {
  it('finds the dist-info directory, or else the egg-info one', () => {
    assert.strictEqual(torchInfoDir(['numpy', 'torch', 'torch-2.6.0.dist-info', 'torchgen']), 'torch-2.6.0.dist-info');
    assert.strictEqual(torchInfoDir(['torch', 'torch-1.13.0a0+gitunknown.egg-info']), 'torch-1.13.0a0+gitunknown.egg-info');
    assert.strictEqual(torchInfoDir(['torchvision-0.21.0.dist-info', 'torch_geometric-2.0.dist-info', 'torch']), undefined);
  });

  it('reads platforms from wheel tags and versions from version strings', () => {
    assert.strictEqual(tagPlatform('cp311-cp311-manylinux_2_28_x86_64'), 'x86-64');
    assert.strictEqual(tagPlatform('cp311-cp311-win_amd64'), 'x86-64');
    assert.strictEqual(tagPlatform('cp310-none-macosx_10_9_x86_64'), 'x86-64');
    assert.strictEqual(tagPlatform('cp312-none-macosx_11_0_arm64'), 'arm64');
    assert.strictEqual(tagPlatform('cp311-cp311-manylinux_2_28_aarch64'), 'arm64');
    assert.strictEqual(tagPlatform('py3-none-any'), 'unknown');
    assert.deepStrictEqual(majorMinor('2.13.0+cpu'), [2, 13]);
    assert.deepStrictEqual(majorMinor('1.13.0a0+gitunknown'), [1, 13]);
    assert.strictEqual(majorMinor('dev'), undefined);
  });

  const cases: [string, Parameters<typeof torchBuildOf>, ReturnType<typeof torchBuildOf>][] = [
    ['2.6 x86-64 wheel', [{ dirName: 'torch-2.6.0.dist-info', metadata: metadata('2.6.0'), wheel: wheel('cp311-cp311-linux_x86_64'), installer: 'pip\n' }],
      { build: 'x86-mkl', version: '2.6.0', source: 'wheel', platform: 'x86-64' }],
    ['2.4.1 Windows wheel', [{ dirName: 'torch-2.4.1+cpu.dist-info', metadata: metadata('2.4.1+cpu'), wheel: wheel('cp312-cp312-win_amd64') }],
      { build: 'x86-mkl', version: '2.4.1+cpu', source: 'wheel', platform: 'x86-64' }],
    ['2.13 x86-64 wheel', [{ dirName: 'torch-2.13.0+cpu.dist-info', metadata: metadata('2.13.0+cpu'), wheel: wheel('cp311-cp311-manylinux_2_28_x86_64') }],
      { build: 'default', version: '2.13.0+cpu', source: 'wheel', platform: 'x86-64' }],
    ['2.7.0 x86-64 wheel', [{ dirName: 'torch-2.7.0.dist-info', metadata: metadata('2.7.0'), wheel: wheel('cp311-cp311-manylinux_2_28_x86_64') }],
      { build: 'default', version: '2.7.0', source: 'wheel', platform: 'x86-64' }],
    ['2.2 macOS arm64 wheel', [{ dirName: 'torch-2.2.2.dist-info', metadata: metadata('2.2.2'), wheel: wheel('cp311-none-macosx_11_0_arm64') }],
      { build: 'default', version: '2.2.2', source: 'wheel', platform: 'arm64' }],
    ['1.13 conda on x64', [{ dirName: 'torch-1.13.1.dist-info', metadata: metadata('1.13.1'), installer: 'conda\n' }, 'x64'],
      { build: 'x86-mkl', version: '1.13.1', source: 'conda', platform: 'x86-64' }],
    ['2.5 conda, host unknown', [{ dirName: 'torch-2.5.1.dist-info', metadata: metadata('2.5.1'), installer: 'conda' }],
      { build: 'default', version: '2.5.1', source: 'conda', platform: 'unknown' }],
    ["Debian's 1.13", [{ dirName: 'torch-1.13.0a0+gitunknown.egg-info', metadata: metadata('1.13.0a0+gitunknown') }, 'x64'],
      { build: 'default', version: '1.13.0a0+gitunknown', source: 'other', platform: 'unknown' }],
    ['no METADATA: the version from the name', [{ dirName: 'torch-2.3.0.dist-info', wheel: wheel('cp39-cp39-manylinux1_x86_64') }],
      { build: 'x86-mkl', version: '2.3.0', source: 'wheel', platform: 'x86-64' }],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.deepStrictEqual(torchBuildOf(...args), expected));
  }

  it('looks where venvs, conda, Windows and Debian keep packages', () => {
    assert.deepStrictEqual(sitePackagesCandidates(3, 11), ['lib/python3.11/site-packages', 'Lib/site-packages', '../local/lib/python3.11/dist-packages', 'lib/python3/dist-packages']);
  });
});

describe('protocol: RunSettings.build', () => {
  const request: PanelRequest = {
    literal: '[1., 2.]',
    settings: { p: 0.5, variant: 'dropout', training: true, inplace: false, seed: '1', call: 1, build: 'x86-mkl' },
    origin: null,
    settingsSource: null,
  };
  it('keeps a known build, accepts none, refuses others', () => {
    assert.deepStrictEqual(parsePanelRequest(request), request);
    const noBuild = { ...request.settings, build: undefined };
    delete noBuild.build;
    assert.deepStrictEqual(parsePanelRequest({ ...request, settings: noBuild })?.settings, noBuild);
    for (const build of ['mkl', 1, null, 'Default']) assert.strictEqual(parsePanelRequest({ ...request, settings: { ...request.settings, build } }), undefined, String(build));
  });
});
