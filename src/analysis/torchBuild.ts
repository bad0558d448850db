/**
 * Which build's masks an installed PyTorch draws (docs/builds.md), told from the files pip or
 * conda leave in site-packages, without running Python: the `torch-<version>.dist-info`
 * directory's METADATA (the version), WHEEL (the platform tag) and INSTALLER.
 */
import type { Build } from '../core/builds';

/** What one site-packages directory holds about torch. */
interface TorchFiles {
  /** The `torch-<version>.dist-info` (or `.egg-info`) directory's name. */
  readonly dirName: string;
  readonly metadata?: string;
  readonly wheel?: string;
  readonly installer?: string;
}

type TorchPlatform = 'x86-64' | 'arm64' | 'unknown';

/** Who made the processor, as far as its model name tells: `unknown` when it does not (a VM's generic name, the web host). */
export type CpuVendor = 'intel' | 'other' | 'unknown';

export interface TorchBuildInfo {
  readonly build: Build;
  /** As METADATA (or the directory's name) gives it, e.g. `2.6.0+cu124`. */
  readonly version: string;
  /** `wheel` (pip), `conda` (a conda package), `other` (a distribution's package, a source build). */
  readonly source: 'wheel' | 'conda' | 'other';
  readonly platform: TorchPlatform;
  /**
   * Set only when the masks depend on the processor: an MKL build from before
   * VENDOR_CHECK_GONE, whose MKL path runs on Intel processors only.
   */
  readonly cpu?: CpuVendor;
}

/**
 * The first release whose MKL path runs on every x86-64 processor; before it, other vendors'
 * processors take the MT19937 path (docs/builds.md, "The Intel-only check": on an AMD EPYC the
 * 1.13.1 wheel draws the default masks, 2.0.0 and later the MKL ones).
 */
export const VENDOR_CHECK_GONE: readonly [number, number] = [2, 0];

/** The torch metadata directory among a directory's entries, if any. */
export function torchInfoDir(names: readonly string[]): string | undefined {
  return names.find((n) => /^torch-[^-]+\.dist-info$/.test(n)) ?? names.find((n) => /^torch-[^-]+\.egg-info$/.test(n));
}

/** The value of the first `Name: value` header line of a METADATA or WHEEL file. */
function header(text: string | undefined, name: string): string | undefined {
  const m = text ? new RegExp(`^${name}:[ \\t]*(\\S.*?)\\s*$`, 'm').exec(text) : null;
  return m ? m[1] : undefined;
}

/** The platform of a wheel tag such as `cp311-cp311-manylinux_2_28_x86_64` or `cp312-none-macosx_11_0_arm64`. */
export function tagPlatform(tag: string): TorchPlatform {
  if (/(x86_64|amd64)$/i.test(tag)) return 'x86-64';
  if (/(arm64|aarch64)$/i.test(tag)) return 'arm64';
  return 'unknown';
}

/** The `x.y` of a version string, e.g. [2, 6] of `2.6.0+cu124`; undefined when it is not one. */
export function majorMinor(version: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * The vendor of a processor from its model name as Node's `os.cpus()` gives it ("Intel(R) Xeon(R)
 * Platinum 8375C", "AMD EPYC 7B13"). PyTorch asks the CPUID vendor, which the name does not always
 * carry (a VM's "QEMU Virtual CPU"): such names stay `unknown` rather than guess.
 */
export function cpuVendorOf(model: string | undefined): CpuVendor {
  if (model && /\bintel\b/i.test(model)) return 'intel';
  if (model && /\b(amd|hygon|zhaoxin|centaur|via)\b/i.test(model)) return 'other';
  return 'unknown';
}

const before = (mm: [number, number], [major, minor]: readonly [number, number]): boolean => mm[0] < major || (mm[0] === major && mm[1] < minor);

/**
 * The build of the torch these files describe. `hostArch` is Node's `process.arch` where the files
 * are (a conda package has no wheel tag to tell its platform), when known; `cpuModel` the model
 * name of its processor (Node's `os.cpus()[0].model`), when known.
 * MKL's Bernoulli path is in x86-64 wheels and conda packages before 2.7, and before
 * VENDOR_CHECK_GONE it runs on Intel processors only; every other install draws the default masks
 * (a distribution's own package is built without MKL). An MKL build on a processor of unknown
 * vendor is taken for Intel's, with `cpu` saying so.
 */
export function torchBuildOf(files: TorchFiles, hostArch?: string, cpuModel?: string): TorchBuildInfo {
  const version = header(files.metadata, 'Version') ?? /^torch-([^-]+)\./.exec(files.dirName)?.[1] ?? '?';
  const tag = header(files.wheel, 'Tag');
  const conda = !tag && files.installer?.trim() === 'conda';
  const source = tag ? 'wheel' : conda ? 'conda' : 'other';
  const platform = tag ? tagPlatform(tag) : conda && hostArch === 'x64' ? 'x86-64' : conda && hostArch === 'arm64' ? 'arm64' : 'unknown';
  const mm = majorMinor(version);
  const mkl = mm !== undefined && before(mm, [2, 7]) && source !== 'other' && platform === 'x86-64';
  if (!mkl || !before(mm, VENDOR_CHECK_GONE)) return { build: mkl ? 'x86-mkl' : 'default', version, source, platform };
  const cpu = cpuVendorOf(cpuModel);
  return { build: cpu === 'other' ? 'default' : 'x86-mkl', version, source, platform, cpu };
}

/**
 * Where an environment keeps its packages, relative to `sys.prefix`, in Python's search order:
 * venvs and conda on Linux/macOS, Windows, then Debian's system Python (pip's /usr/local first).
 */
export function sitePackagesCandidates(major: number, minor: number): string[] {
  return [`lib/python${major}.${minor}/site-packages`, 'Lib/site-packages', `../local/lib/python${major}.${minor}/dist-packages`, 'lib/python3/dist-packages'];
}
