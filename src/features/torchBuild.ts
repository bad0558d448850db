import * as vscode from 'vscode';
import { sitePackagesCandidates, torchBuildOf, torchInfoDir, VENDOR_CHECK_GONE, type TorchBuildInfo } from '../analysis/torchBuild';
import type { Build } from '../core/builds';
import { onConfigChange, readConfig } from '../config';
import type { FeatureContext } from './context';

const CHOOSE_BUILD_COMMAND = 'dropoutLens.chooseTorchBuild';
const PYTHON_EXTENSION = 'ms-python.python';

/** The build runs use now, and why, in words for the status bar and the panel. */
export interface BuildChoice {
  readonly build: Build;
  readonly reason: string;
}

/** The parts of the Python extension's environments API read here; its exports are checked, not trusted. */
interface PythonEnvironments {
  getActiveEnvironmentPath(resource?: vscode.Uri): unknown;
  resolveEnvironment(environment: unknown): Promise<unknown>;
  onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

function environmentsOf(exports: unknown): PythonEnvironments | undefined {
  const envs = (exports as { environments?: Partial<PythonEnvironments> } | undefined)?.environments;
  return typeof envs?.getActiveEnvironmentPath === 'function' && typeof envs.resolveEnvironment === 'function' ? (envs as PythonEnvironments) : undefined;
}

/** Node's `process.arch` where the extension host (and so the environment's files) runs; the web host has none. */
function hostArch(): string | undefined {
  return (globalThis as { process?: { arch?: unknown } }).process?.arch as string | undefined;
}

function reasonOf(info: TorchBuildInfo): string {
  const v = info.version;
  if (info.cpu) {
    const kind = info.source === 'conda' ? vscode.l10n.t('x86-64 conda package') : vscode.l10n.t('x86-64 wheel');
    if (info.cpu === 'intel') return vscode.l10n.t('PyTorch {0}, {1} on an Intel processor → MKL masks', v, kind);
    const gone = VENDOR_CHECK_GONE.join('.');
    if (info.cpu === 'other') return vscode.l10n.t('PyTorch {0}, {1}: before {2} the MKL path runs on Intel processors only, and this one is not → default masks', v, kind, gone);
    return vscode.l10n.t('PyTorch {0}, {1} → MKL masks on an Intel processor, default masks on others (before {2} it depends on the processor, which this host cannot tell)', v, kind, gone);
  }
  if (info.build === 'x86-mkl') {
    return info.source === 'conda' ? vscode.l10n.t('PyTorch {0}, x86-64 conda package → MKL masks', v) : vscode.l10n.t('PyTorch {0}, x86-64 wheel → MKL masks', v);
  }
  if (info.source === 'other') return vscode.l10n.t('PyTorch {0}, not from a wheel or conda (a distribution\'s own or a source build) → default masks', v);
  if (info.platform === 'x86-64') return vscode.l10n.t('PyTorch {0}: 2.7 or later → default masks', v);
  if (info.platform === 'arm64') return vscode.l10n.t('PyTorch {0}, arm64 → default masks', v);
  return vscode.l10n.t('PyTorch {0}, platform unknown → default masks', v);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** torch's build in the environment rooted at `prefix`, from its files; undefined when no torch is there. */
async function torchIn(prefix: vscode.Uri, major: number, minor: number, cpuModel: string | undefined): Promise<TorchBuildInfo | undefined> {
  for (const rel of sitePackagesCandidates(major, minor)) {
    const dir = vscode.Uri.joinPath(prefix, rel);
    let names: string[];
    try {
      names = (await vscode.workspace.fs.readDirectory(dir)).map(([name]) => name);
    } catch {
      continue;
    }
    const info = torchInfoDir(names);
    if (!info) continue;
    const at = (file: string): Promise<string | undefined> => readText(vscode.Uri.joinPath(dir, info, file));
    const [metadata, wheel, installer] = await Promise.all([at(info.endsWith('.egg-info') ? 'PKG-INFO' : 'METADATA'), at('WHEEL'), at('INSTALLER')]);
    return torchBuildOf({ dirName: info, metadata, wheel, installer }, hostArch(), cpuModel);
  }
  return undefined;
}

/**
 * `auto`: the build of the PyTorch in the environment the Python extension selected for
 * `resource`, read from its files (never by running Python), on the processor named `cpuModel`
 * (when the host can tell); `default` with the reason otherwise.
 */
async function detect(resource: vscode.Uri | undefined, cpuModel: string | undefined, onEnvChange: (envs: PythonEnvironments) => void): Promise<BuildChoice> {
  const fallback = (why: string): BuildChoice => ({ build: 'default', reason: vscode.l10n.t('{0} → default masks', why) });
  if (!vscode.workspace.isTrusted) return fallback(vscode.l10n.t('untrusted workspace: its Python environment is not read'));
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!extension) return fallback(vscode.l10n.t('no Python extension to tell the environment'));
  try {
    const envs = environmentsOf(extension.isActive ? extension.exports : await extension.activate());
    if (!envs) return fallback(vscode.l10n.t('the Python extension gives no environments API'));
    onEnvChange(envs);
    const env = (await envs.resolveEnvironment(envs.getActiveEnvironmentPath(resource))) as
      | { executable?: { sysPrefix?: unknown }; version?: { major?: unknown; minor?: unknown } }
      | undefined;
    const prefix = env?.executable?.sysPrefix;
    const { major, minor } = env?.version ?? {};
    if (typeof prefix !== 'string' || typeof major !== 'number' || typeof minor !== 'number') return fallback(vscode.l10n.t('no Python environment selected'));
    const info = await torchIn(vscode.Uri.file(prefix), major, minor, cpuModel);
    if (!info) return fallback(vscode.l10n.t('no PyTorch in the selected environment ({0})', prefix));
    return { build: info.build, reason: reasonOf(info) };
  } catch (e) {
    return fallback(vscode.l10n.t('the Python environment could not be read ({0})', String(e)));
  }
}

/** The build in use, kept up to date with the setting, the selected Python environment and trust. */
export class TorchBuildState implements vscode.Disposable {
  private choice: BuildChoice = { build: 'default', reason: vscode.l10n.t('finding the Python environment…') };
  private readonly changed = new vscode.EventEmitter<BuildChoice>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchingEnvs = false;
  private generation = 0;

  constructor(private readonly cpuModel: string | undefined) {}

  get current(): BuildChoice {
    return this.choice;
  }

  /** Reads the setting and, for `auto`, the environment again; a newer refresh wins over a slower older one. */
  async refresh(): Promise<BuildChoice> {
    const generation = ++this.generation;
    const setting = readConfig().torchBuild;
    const choice =
      setting === 'auto'
        ? await detect(vscode.window.activeTextEditor?.document.uri, this.cpuModel, (envs) => this.watch(envs))
        : { build: setting, reason: vscode.l10n.t('set in dropoutLens.torchBuild') };
    if (generation === this.generation) {
      this.choice = choice;
      this.changed.fire(choice);
    }
    return this.choice;
  }

  private watch(envs: PythonEnvironments): void {
    if (this.watchingEnvs || !envs.onDidChangeActiveEnvironmentPath) return;
    this.watchingEnvs = true;
    this.disposables.push(envs.onDidChangeActiveEnvironmentPath(() => void this.refresh()));
  }

  track(disposable: vscode.Disposable): void {
    this.disposables.push(disposable);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

async function chooseBuild(state: TorchBuildState): Promise<void> {
  const detected = readConfig().torchBuild === 'auto' ? state.current : undefined;
  const items: (vscode.QuickPickItem & { value: 'auto' | Build })[] = [
    { value: 'auto', label: 'auto', description: detected ? `${detected.build}: ${detected.reason}` : vscode.l10n.t('from the selected Python environment') },
    { value: 'default', label: 'default', description: vscode.l10n.t('PyTorch 2.7 or later; macOS arm64, Linux aarch64, builds without MKL') },
    { value: 'x86-mkl', label: 'x86-mkl', description: vscode.l10n.t('x86-64 wheels and conda packages up to PyTorch 2.6 (MKL)') },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Whose dropout masks should Dropout Lens draw?') });
  if (!picked) return;
  const config = vscode.workspace.getConfiguration('dropoutLens');
  const inWorkspace = config.inspect('torchBuild')?.workspaceValue !== undefined;
  await config.update('torchBuild', picked.value, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}

/** The build state, its status bar item (on Python editors) and the command that changes it. */
export function registerTorchBuild(features: FeatureContext): TorchBuildState {
  const state = new TorchBuildState(features.cpuModel);
  const item = vscode.window.createStatusBarItem('dropoutLens.torchBuild', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Dropout Lens: PyTorch build');
  item.command = CHOOSE_BUILD_COMMAND;
  const show = (): void => {
    const { build, reason } = state.current;
    item.text = vscode.l10n.t('$(beaker) masks: {0}', build);
    item.tooltip = vscode.l10n.t('Dropout Lens draws the dropout masks of the {0} build: {1}. Click to change.', build, reason);
    if (vscode.window.activeTextEditor?.document.languageId === 'python') item.show();
    else item.hide();
  };
  state.track(state.onDidChange(show));
  state.track(vscode.window.onDidChangeActiveTextEditor(show));
  state.track(onConfigChange(['torchBuild'], () => void state.refresh()));
  state.track(vscode.workspace.onDidGrantWorkspaceTrust(() => void state.refresh()));
  state.track(vscode.commands.registerCommand(CHOOSE_BUILD_COMMAND, () => chooseBuild(state)));
  features.extension.subscriptions.push(item, state);
  show();
  void state.refresh().then((c) => features.log.info(`PyTorch build: ${c.build} (${c.reason})`));
  return state;
}
