// The statistics section and its Monte-Carlo view: the kept count of this call, then N, Stop, the
// progress and the histogram of a simulation run by McRunner (in the worker, or on the page).
import { pyFloatRepr } from '../core/pyformat';
import { MAX_PANEL_DRAWS } from '../shared/limits';
import { format, type Strings } from '../shared/strings';
import { button, byId, h, percent, setDisabled, shortNumber } from './dom';
import { keptInterval, type Outcome } from './model';
import { histogram } from './histogram';
import { McRunner, type McReply } from './montecarlo';
import type { Store } from './store';

/** A restart waits this long for the next change, so a dragged slider starts one simulation. */
const RESTART_DELAY_MS = 120;

export class McView {
  private readonly runner: McRunner;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: Store, scriptUrl: string | null) {
    this.runner = new McRunner(scriptUrl, (reply, engine) => {
      store.updateMc({ engine });
      this.show(reply);
    });
    store.subscribe((topic) => {
      if (topic === 'draws') this.schedule();
    });
  }

  /** The statistics of the call shown, with the (empty) Monte-Carlo box that `schedule` fills. */
  renderStats(S: Strings, o: Outcome): HTMLElement {
    const section = h('section', { id: 'stats', class: 'stats' }, h('h2', {}, S.statsTitle));
    const summary = o.summary;
    const plan = o.result?.plan;
    if (!summary || !plan) return section;
    const random = plan.mode === 'random';
    const units = random ? summary.units : summary.elements;
    const kept = random ? summary.keptUnits : summary.keptElements;
    const what = random && plan.block > 1 ? S.channels : S.units;
    const p = plan.mode === 'identity' ? 0 : plan.p;
    const interval = keptInterval(units, p);
    section.append(
      h('p', { id: 'kept-count' }, format(S.keptCount, kept, units, what, shortNumber(units * (1 - p)), interval.low, interval.high)),
      h('p', { id: 'zero-share' }, format(S.zeroShare, percent(summary.zeroFraction))),
      h('p', { id: 'means' }, format(S.means, shortNumber(summary.inputMean), shortNumber(summary.outputMean))),
      this.settings(S),
      h('div', { id: 'mc', 'aria-live': 'polite' }, h('p', { id: 'mc-status', class: 'muted' }, format(S.mcRunning, this.store.draws))),
    );
    return section;
  }

  /** N and the Stop button: outside #mc, which is redrawn at each progress report (a click must land). */
  private settings(S: Strings): HTMLElement {
    const store = this.store;
    const draws = h('vscode-textfield', { id: 'mc-draws', type: 'number', min: 1, max: MAX_PANEL_DRAWS, step: 1, 'aria-describedby': 'mc-draws-help' });
    draws.value = String(store.draws);
    draws.addEventListener('input', () => {
      const n = Number(draws.value);
      const valid = draws.value.trim() !== '' && Number.isSafeInteger(n) && n >= 1 && n <= MAX_PANEL_DRAWS;
      draws.setAttribute('aria-invalid', String(!valid));
      draws.invalid = !valid;
      // A half-typed or out-of-range N changes nothing: the last simulation stays.
      if (!valid) return;
      store.setDraws(n);
    });
    const stop = button({ id: 'mc-stop', secondary: true, icon: 'debug-stop' }, S.mcStop);
    setDisabled(stop, !store.mc.running);
    stop.addEventListener('click', () => {
      this.runner.stop();
      store.updateMc({ running: false, stopped: true });
      setDisabled(stop, true);
      const { lastReply } = store.mc;
      if (lastReply) this.show(lastReply);
      else byId('mc').replaceChildren(h('p', { id: 'mc-status', class: 'muted' }, S.mcStoppedEarly));
    });
    return h('div', { class: 'mc-settings' },
      h('vscode-label', { for: 'mc-draws' }, S.mcDrawsLabel),
      h('div', { class: 'row' }, draws, stop),
      h('p', { id: 'mc-draws-help', class: 'muted' }, format(S.mcDrawsHelp, MAX_PANEL_DRAWS)));
  }

  /**
   * Restarts the simulation when what it depends on changed (not the call index); debounced for
   * sliders. Otherwise the one running (or done) stays, and its latest figures are shown again.
   */
  schedule(): void {
    const store = this.store;
    const { strings: S, state, outcome, draws } = store;
    if (!S || !state || !outcome?.result) return;
    const { p, variant, training, seed, build } = state.settings;
    const key = JSON.stringify([store.literalVersion, p, variant, training, seed, build, draws]);
    clearTimeout(this.timer);
    const { lastReply, running } = store.mc;
    if (key === store.mc.key && (lastReply || running)) {
      if (lastReply) this.show(lastReply);
      return;
    }
    const input = outcome.input;
    const settings = state.settings;
    this.timer = setTimeout(() => {
      store.updateMc({ key, lastReply: null, running: true, stopped: false });
      store.updateMc({ id: this.runner.start(input, settings, draws) });
      // The previous figures go at once: they are not those of the new settings.
      document.getElementById('mc')?.replaceChildren(h('p', { id: 'mc-status', class: 'muted' }, format(S.mcRunning, draws)));
      setStopEnabled(true);
    }, RESTART_DELAY_MS);
  }

  /** Draws a progress report or the final figures: the histogram fills in toward the Binomial marks. */
  private show(reply: McReply): void {
    const store = this.store;
    const S = store.strings;
    const box = document.getElementById('mc');
    if (!S || reply.id !== store.mc.id) return;
    if (!box) {
      // The statistics are gone (the tensor or p became an error): the simulation need not go on.
      if (store.mc.running) this.runner.stop();
      store.updateMc({ running: false, key: '' });
      return;
    }
    store.updateMc({ lastReply: reply });
    box.dataset.engine = store.mc.engine;
    if ('error' in reply) {
      store.updateMc({ running: false });
      setStopEnabled(false);
      box.dataset.state = 'error';
      box.removeAttribute('aria-busy');
      box.replaceChildren(h('p', { id: 'mc-status', class: 'muted' }, format(S.mcUnavailable, reply.error)));
      return;
    }
    const m = reply.summary;
    const finished = m.done === m.draws;
    if (finished) store.updateMc({ running: false });
    const running = !finished && !store.mc.stopped;
    setStopEnabled(running);
    box.dataset.state = running ? 'running' : finished ? 'done' : 'stopped';
    box.dataset.done = String(m.done);
    // Screen readers wait for the end rather than read every progress report.
    if (running) box.setAttribute('aria-busy', 'true');
    else box.removeAttribute('aria-busy');

    const plan = store.outcome?.result?.plan;
    const what = plan && plan.block > 1 && plan.mode === 'random' ? S.channels : S.units;
    const progress: HTMLElement[] = [];
    if (running) {
      progress.push(
        h('progress', { id: 'mc-progress', max: m.draws, value: m.done, 'aria-labelledby': 'mc-progress-text' }),
        h('p', { id: 'mc-progress-text', class: 'muted' }, format(S.mcProgress, m.done, m.draws, percent(m.done / m.draws))));
    } else if (!finished) {
      progress.push(h('p', { id: 'mc-progress-text', class: 'muted' }, format(S.mcStopped, m.done, m.draws)));
    }
    const rows = m.first.map((e) => h('tr', {}, h('td', {}, `[${e.index}]`), h('td', {}, shortNumber(e.x)), h('td', {}, shortNumber(e.mean))));
    const q = 1 - m.p;
    box.replaceChildren(
      h('h3', { id: 'mc-title' }, format(S.mcTitle, m.draws, m.seed)),
      ...progress,
      h('p', { class: 'muted' }, format(S.mcHistogram, what, m.units, pyFloatRepr(m.p))),
      histogram(S, m, what, running),
      h('p', { id: 'mc-keep-rate' }, format(S.mcKeepRate, what, percent(m.keepRate), percent(q))),
      h('p', { id: 'mc-mean' }, format(S.mcMean, shortNumber(m.maxGap))),
      h('table', { id: 'mc-elements', class: 'small', 'aria-label': S.mcElements },
        h('thead', {}, h('tr', {}, ...[S.colIndex, S.colInput, S.colMean].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows)),
    );
  }
}

function setStopEnabled(enabled: boolean): void {
  const stop = document.getElementById('mc-stop');
  if (stop) setDisabled(stop as HTMLElementTagNameMap['vscode-button'], !enabled);
}
