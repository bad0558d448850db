import * as assert from 'assert';
import { cpuVendorOf, majorMinor, sitePackagesCandidates, tagPlatform, torchBuildOf, torchInfoDir, VENDOR_CHECK_GONE } from '../../src/analysis/torchBuild';
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
      { build: 'x86-mkl', version: '1.13.1', source: 'conda', platform: 'x86-64', cpu: 'unknown' }],
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

  it('tells the vendor from the model names Node gives, and not from a generic one', () => {
    assert.strictEqual(cpuVendorOf('Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz'), 'intel');
    assert.strictEqual(cpuVendorOf('11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz'), 'intel');
    assert.strictEqual(cpuVendorOf('AMD EPYC 7B13'), 'other');
    assert.strictEqual(cpuVendorOf('AMD Ryzen 9 5950X 16-Core Processor'), 'other');
    assert.strictEqual(cpuVendorOf('Hygon C86 7185 32-core Processor'), 'other');
    for (const model of ['QEMU Virtual CPU version 2.5+', 'Common KVM processor', '', undefined]) assert.strictEqual(cpuVendorOf(model), 'unknown', String(model));
  });

  describe('before the vendor check went, the MKL masks hold on Intel processors only', () => {
    const old = '1.13.1';
    const x86Wheel = { dirName: `torch-${old}.dist-info`, metadata: metadata(old), wheel: wheel('cp311-cp311-manylinux1_x86_64') };
    const conda = { dirName: `torch-${old}.dist-info`, metadata: metadata(old), installer: 'conda' };
    const wheelInfo = { version: old, source: 'wheel', platform: 'x86-64' } as const;
    it('Intel: MKL masks', () => assert.deepStrictEqual(torchBuildOf(x86Wheel, 'x64', 'Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz'), { ...wheelInfo, build: 'x86-mkl', cpu: 'intel' }));
    it('AMD: default masks', () => assert.deepStrictEqual(torchBuildOf(x86Wheel, 'x64', 'AMD EPYC 7763 64-Core Processor'), { ...wheelInfo, build: 'default', cpu: 'other' }));
    it('a conda package on AMD: default masks', () => assert.deepStrictEqual(torchBuildOf(conda, 'x64', 'AMD EPYC 7763 64-Core Processor'), { ...wheelInfo, source: 'conda', build: 'default', cpu: 'other' }));
    it('processor unknown (the web host): MKL masks, marked as depending on it', () => assert.deepStrictEqual(torchBuildOf(x86Wheel, undefined, undefined), { ...wheelInfo, build: 'x86-mkl', cpu: 'unknown' }));
    it('a Windows wheel on AMD: default masks', () => assert.strictEqual(torchBuildOf({ ...x86Wheel, wheel: wheel('cp310-cp310-win_amd64') }, 'x64', 'AMD Ryzen 7 5800X').build, 'default'));
    it('from the release that dropped it on, MKL masks on any processor, with no vendor to say', () => {
      const gone = VENDOR_CHECK_GONE.join('.');
      assert.deepStrictEqual(torchBuildOf({ ...x86Wheel, metadata: metadata(`${gone}.0`) }, 'x64', 'AMD EPYC 7B13'), { ...wheelInfo, version: `${gone}.0`, build: 'x86-mkl' });
    });
    it('arm64 and 2.7 wheels draw default masks on any processor, with no vendor to say', () => {
      assert.deepStrictEqual(torchBuildOf({ ...x86Wheel, wheel: wheel('cp311-none-macosx_11_0_arm64') }, 'arm64', 'Apple M2'), { ...wheelInfo, platform: 'arm64', build: 'default' });
      assert.deepStrictEqual(torchBuildOf({ ...x86Wheel, metadata: metadata('2.7.0') }, 'x64', 'Intel(R) Xeon(R)'), { ...wheelInfo, version: '2.7.0', build: 'default' });
    });
  });

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
