// The Monte-Carlo statistics: N calls after the seed, simulated in a Web Worker so the page
// stays responsive (10^6 elements cost ~20 ms per call). The worker is this same bundle, started
// from a blob of its own source (a webview cannot start a worker from its resource URLs).
import { binomial, monteCarlo } from '../core/stats';
import type { RunSettings } from '../protocol';
import { parseCached } from './model';

export const DEFAULT_DRAWS = 1000;
/** Unit-draws per simulation (~0.4 s in a worker): a 10^6-element tensor gets 20 calls, not 1,000. */
const WORK_LIMIT = 2e7;
/** Without a worker the simulation runs on the page, and only while it stays this small (~40 ms). */
const INLINE_LIMIT = 2e6;

export interface McJob {
  readonly id: number;
  readonly literal: string;
  readonly settings: RunSettings;
  readonly draws: number;
}

export interface McSummary {
  readonly draws: number;
  /** The draws asked for, when the work limit cut them down. */
  readonly requested: number;
  readonly seed: string;
  readonly units: number;
  readonly p: number;
  /** Dropped counts per call: histogram[k] calls dropped k units. */
  readonly histogram: Float64Array;
  readonly keepRate: number;
  /** Largest |mean output - input| over the elements. */
  readonly maxGap: number;
  /** The first elements: index, input, mean output. */
  readonly first: readonly { readonly index: number; readonly x: number; readonly mean: number }[];
}

export type McReply = { readonly id: number; readonly summary: McSummary } | { readonly id: number; readonly error: string };

/** Runs the simulation for `job` (in the worker, or inline), reduced to what the page draws. */
export function simulate(job: McJob, workLimit = WORK_LIMIT): McReply {
  const parsed = parseCached(job.literal);
  if (!parsed.ok) return { id: job.id, error: parsed.error.displayText };
  const input = parsed.literal.tensor;
  const units = Math.max(1, input.data.length);
  const draws = Math.min(job.draws, Math.floor(workLimit / units));
  if (draws < 1) return { id: job.id, error: 'no Web Worker' };
  try {
    const result = monteCarlo(input, { ...job.settings, draws });
    let maxGap = 0;
    const first = [];
    for (let i = 0; i < input.data.length; i++) {
      const gap = Math.abs(result.meanOutput[i] - input.data[i]);
      if (gap > maxGap) maxGap = gap;
      if (i < 6) first.push({ index: i, x: input.data[i], mean: result.meanOutput[i] });
    }
    return {
      id: job.id,
      summary: { draws, requested: job.draws, seed: result.seed, units: result.units, p: job.settings.p, histogram: result.droppedHistogram, keepRate: result.keepRate, maxGap, first },
    };
  } catch (e) {
    return { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The worker side: answers each job message. */
export function workerMain(scope: { onmessage: ((event: MessageEvent<McJob>) => void) | null; postMessage(message: McReply): void }): void {
  scope.onmessage = (event) => scope.postMessage(simulate(event.data));
}

/** Where a simulation ran: in the worker, or on the page when no worker could start. */
export type McEngine = 'worker' | 'page';

/**
 * Starts simulations; a new one cancels the one running (its worker is terminated: a running
 * simulation cannot be interrupted otherwise). Falls back to the page itself, for small
 * simulations, when no worker starts (a CSP without `worker-src blob:`, no fetch of the script).
 */
export class McRunner {
  private worker: Worker | null = null;
  /** The job the worker is running, if any. */
  private pending: McJob | null = null;
  private broken = false;
  private nextId = 0;
  private source: Promise<string | null> | null = null;

  constructor(
    private readonly scriptUrl: string | null,
    private readonly onReply: (reply: McReply, engine: McEngine) => void,
  ) {}

  /** Starts a simulation; returns its id (replies with another id are stale). */
  start(literal: string, settings: RunSettings, draws: number): number {
    const job: McJob = { id: ++this.nextId, literal, settings, draws };
    void this.dispatch(job);
    return job.id;
  }

  private async dispatch(job: McJob): Promise<void> {
    const worker = await this.idleWorker();
    if (job.id !== this.nextId) return;
    if (!worker) {
      this.runOnPage(job);
      return;
    }
    this.pending = job;
    worker.postMessage(job);
  }

  private runOnPage(job: McJob): void {
    // Next task, so the page paints the call's result first.
    setTimeout(() => this.onReply(simulate(job, INLINE_LIMIT), 'page'), 0);
  }

  private async idleWorker(): Promise<Worker | null> {
    if (this.worker && this.pending) {
      this.worker.terminate();
      this.worker = null;
      this.pending = null;
    }
    if (this.worker || this.broken) return this.worker;
    const url = await this.blobUrl();
    if (!url) return null;
    try {
      const worker = new Worker(url);
      worker.onmessage = (event: MessageEvent<McReply>) => {
        this.pending = null;
        this.onReply(event.data, 'worker');
      };
      // A worker the CSP refuses fails here, after construction: its job then runs on the page.
      worker.onerror = (event) => {
        console.warn('Dropout Lens: Monte-Carlo worker failed', event.message);
        event.preventDefault();
        worker.terminate();
        this.broken = true;
        this.worker = null;
        const job = this.pending;
        this.pending = null;
        if (job) this.runOnPage(job);
      };
      this.worker = worker;
      return worker;
    } catch (e) {
      console.warn('Dropout Lens: no Monte-Carlo worker', e);
      this.broken = true;
      return null;
    }
  }

  private blobUrl(): Promise<string | null> {
    this.source ??= (async () => {
      if (!this.scriptUrl || typeof Worker === 'undefined') return null;
      try {
        const response = await fetch(this.scriptUrl);
        if (!response.ok) return null;
        return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
      } catch (e) {
        console.warn('Dropout Lens: cannot load the worker script', e);
        return null;
      }
    })();
    return this.source;
  }
}

export interface HistogramBin {
  /** Dropped counts low..high (inclusive). */
  readonly low: number;
  readonly high: number;
  /** Observed share of calls, and the Binomial probability of the bin. */
  readonly observed: number;
  readonly expected: number;
}

const MAX_BINS = 40;

/** Groups the histogram around where the Binomial law and the observations lie. */
export function histogramBins(summary: McSummary): HistogramBin[] {
  const { histogram, units, draws, p } = summary;
  const law = binomial(units, p);
  let low = units;
  let high = 0;
  for (let k = 0; k <= units; k++) {
    if (histogram[k] > 0) {
      low = Math.min(low, k);
      high = Math.max(high, k);
    }
  }
  // The law's bulk: where it holds more than a thousandth of a draw's worth.
  for (let j = 0; j < law.probs.length; j++) {
    if (law.probs[j] * draws >= 1e-3) {
      low = Math.min(low, law.start + j);
      high = Math.max(high, law.start + j);
    }
  }
  const width = Math.max(1, Math.ceil((high - low + 1) / MAX_BINS));
  const bins: HistogramBin[] = [];
  for (let start = low; start <= high; start += width) {
    const end = Math.min(high, start + width - 1);
    let observed = 0;
    let expected = 0;
    for (let k = start; k <= end; k++) {
      observed += histogram[k];
      const j = k - law.start;
      if (j >= 0 && j < law.probs.length) expected += law.probs[j];
    }
    bins.push({ low: start, high: end, observed: observed / draws, expected });
  }
  return bins;
}
