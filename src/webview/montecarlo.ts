// The Monte-Carlo statistics: N calls after the seed, simulated in a Web Worker a slice at a
// time, with progress posted to the page as it goes (`npm run bench` prints the cost of one call
// and of 1,000). The worker is this same bundle, started from a blob of its own source (a webview
// cannot start a worker from its resource URLs).
import { MonteCarlo, binomial } from '../core/stats';
import { makeTensor, type DType, type Tensor, type TensorData } from '../core/tensor';
import type { RunSettings } from '../shared/protocol';

/** The Monte-Carlo section's N until the user changes it. */
export const DEFAULT_DRAWS = 1000;

interface McJob {
  readonly id: number;
  /** The input tensor, as the worker rebuilds it (`data` is a copy, transferred). */
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: TensorData;
  readonly settings: RunSettings;
  readonly draws: number;
}

/** Page -> worker: run a job (the running one, if any, stops), or stop. */
type McRequest = { readonly type: 'run'; readonly job: McJob } | { readonly type: 'stop' };

export interface McSummary {
  /** Calls simulated so far, of the `draws` asked for. */
  readonly done: number;
  readonly draws: number;
  readonly seed: string;
  readonly units: number;
  readonly p: number;
  /** Dropped counts per call where any call fell: histogram[j] calls dropped histogramStart + j units. */
  readonly histogramStart: number;
  readonly histogram: Float64Array;
  readonly keepRate: number;
  /** Largest |mean output - input| over the elements. */
  readonly maxGap: number;
  /** The first elements: index, input, mean output. */
  readonly first: readonly { readonly index: number; readonly x: number; readonly mean: number }[];
}

export type McReply = { readonly id: number; readonly summary: McSummary } | { readonly id: number; readonly error: string };

/** How a simulation shares its thread: run about `sliceMs`, then yield; post progress about every `reportMs`. */
interface Pace {
  readonly sliceMs: number;
  readonly reportMs: number;
}
/** The worker only yields to read a newer job or a stop. */
const WORKER_PACE: Pace = { sliceMs: 50, reportMs: 150 };
/** On the page (no worker), slices short enough for input events to be handled in between. */
const PAGE_PACE: Pace = { sliceMs: 8, reportMs: 150 };

/** The simulation so far, reduced to what the page draws (not the per-element arrays). */
function summaryOf(mc: MonteCarlo, input: Tensor, job: McJob): McSummary {
  const result = mc.result();
  const counts = result.droppedHistogram;
  let low = 0;
  let high = counts.length - 1;
  while (low < high && counts[low] === 0) low++;
  while (high > low && counts[high] === 0) high--;
  let maxGap = 0;
  const first = [];
  for (let i = 0; i < input.data.length; i++) {
    const gap = Math.abs(result.meanOutput[i] - input.data[i]);
    if (gap > maxGap) maxGap = gap;
    if (i < 6) first.push({ index: i, x: input.data[i], mean: result.meanOutput[i] });
  }
  return {
    // In eval mode no call drops anything: the law of the dropped count is Binomial(n, 0).
    done: result.draws, draws: job.draws, seed: result.seed, units: result.units, p: job.settings.training ? job.settings.p : 0,
    histogramStart: low, histogram: counts.slice(low, high + 1), keepRate: result.keepRate, maxGap, first,
  };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `job` on `input` in slices, yielding to the event loop between them; reports progress
 * about every `pace.reportMs` and always at the end; gives up, silently, once `live()` is false.
 */
async function simulate(job: McJob, input: Tensor, pace: Pace, report: (reply: McReply) => void, live: () => boolean): Promise<void> {
  let mc: MonteCarlo;
  try {
    mc = new MonteCarlo(input, job.settings);
  } catch (e) {
    report({ id: job.id, error: e instanceof Error ? e.message : String(e) });
    return;
  }
  let chunk = 1;
  let reported = performance.now();
  while (mc.draws < job.draws) {
    const calls = Math.min(chunk, job.draws - mc.draws);
    const started = performance.now();
    mc.run(calls);
    const now = performance.now();
    // The next slice sized from this one's pace; at most 4 times larger, as a coarse clock may read 0 ms.
    chunk = Math.max(1, Math.min(4 * calls, Math.floor((calls * pace.sliceMs) / Math.max(now - started, 1e-3))));
    if (mc.draws === job.draws) break;
    if (now - reported >= pace.reportMs) {
      report({ id: job.id, summary: summaryOf(mc, input, job) });
      reported = performance.now();
    }
    await nextTask();
    if (!live()) return;
  }
  report({ id: job.id, summary: summaryOf(mc, input, job) });
}

/** The worker side: runs the latest job, a slice at a time, until it ends or another message comes. */
export function workerMain(scope: { onmessage: ((event: MessageEvent<McRequest>) => void) | null; postMessage(message: McReply): void }): void {
  let current = 0;
  scope.onmessage = (event) => {
    const request = event.data;
    if (request.type === 'stop') {
      current = 0;
      return;
    }
    const job = request.job;
    current = job.id;
    const input = makeTensor({ shape: job.shape, dtype: job.dtype, data: job.data });
    void simulate(job, input, WORKER_PACE, (reply) => scope.postMessage(reply), () => current === job.id);
  };
}

/** Where a simulation ran: in the worker, or on the page when no worker could start. */
export type McEngine = 'worker' | 'page';

/**
 * Starts simulations; a new one, or `stop`, cancels the one running (the worker drops it after
 * its current slice). Falls back to the page itself, in short slices, when no worker starts (a
 * CSP without `worker-src blob:`, no fetch of the script).
 */
export class McRunner {
  private worker: Worker | null = null;
  /** The job the worker is running, with its input, to run on the page if the worker fails. */
  private pending: { readonly job: McJob; readonly input: Tensor } | null = null;
  private broken = false;
  private nextId = 0;
  private source: Promise<string | null> | null = null;

  constructor(
    private readonly scriptUrl: string | null,
    private readonly onReply: (reply: McReply, engine: McEngine) => void,
  ) {}

  /** Starts a simulation of `draws` calls on `input`; returns its id (replies with another id are stale). */
  start(input: Tensor, settings: RunSettings, draws: number): number {
    const id = ++this.nextId;
    void this.dispatch(id, input, settings, draws);
    return id;
  }

  /** Stops the running simulation; the page keeps what it last received. */
  stop(): void {
    this.nextId++;
    this.pending = null;
    this.worker?.postMessage({ type: 'stop' } satisfies McRequest);
  }

  private async dispatch(id: number, input: Tensor, settings: RunSettings, draws: number): Promise<void> {
    const worker = await this.idleWorker();
    if (id !== this.nextId) return;
    if (!worker) {
      this.runOnPage({ id, shape: input.shape, dtype: input.dtype, data: input.data, settings, draws }, input);
      return;
    }
    // A copy the worker owns: the page keeps its tensor, and the transfer costs no second copy.
    const data = input.data.slice();
    const job: McJob = { id, shape: input.shape, dtype: input.dtype, data, settings, draws };
    this.pending = { job, input };
    worker.postMessage({ type: 'run', job } satisfies McRequest, [data.buffer]);
  }

  private runOnPage(job: McJob, input: Tensor): void {
    // Next task, so the page paints the call's result first.
    setTimeout(() => void simulate(job, input, PAGE_PACE, (reply) => this.onReply(reply, 'page'), () => job.id === this.nextId), 0);
  }

  private async idleWorker(): Promise<Worker | null> {
    if (this.worker || this.broken) return this.worker;
    const url = await this.blobUrl();
    if (!url) return null;
    // Another start may have made the worker while this one waited for the script.
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = new Worker(url);
      worker.onmessage = (event: MessageEvent<McReply>) => {
        const reply = event.data;
        if (this.pending?.job.id === reply.id && ('error' in reply || reply.summary.done === reply.summary.draws)) this.pending = null;
        // Replies the worker posted before it read a stop (or a newer job) are stale.
        if (reply.id !== this.nextId) return;
        this.onReply(reply, 'worker');
      };
      // A worker the CSP refuses fails here, after construction: its job then runs on the page.
      worker.onerror = (event) => {
        console.warn('Dropout Lens: Monte-Carlo worker failed', event.message);
        event.preventDefault();
        worker.terminate();
        this.broken = true;
        this.worker = null;
        const pending = this.pending;
        this.pending = null;
        if (pending && pending.job.id === this.nextId) this.runOnPage(pending.job, pending.input);
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

interface HistogramBin {
  /** Dropped counts low..high (inclusive). */
  readonly low: number;
  readonly high: number;
  /** Calls so far that dropped a count in the bin, and the Binomial probability of the bin. */
  readonly calls: number;
  readonly expected: number;
}

const MAX_BINS = 40;

/**
 * Groups the histogram around where the Binomial law and the observations lie. The range
 * depends on the calls asked for, not on those done, so the bins stay put while they fill in.
 */
export function histogramBins(summary: McSummary): HistogramBin[] {
  const { histogram, histogramStart, units, draws, p } = summary;
  const law = binomial(units, p);
  let low = units;
  let high = 0;
  for (let j = 0; j < histogram.length; j++) {
    if (histogram[j] > 0) {
      low = Math.min(low, histogramStart + j);
      high = Math.max(high, histogramStart + j);
    }
  }
  // The law's bulk: where it holds more than a thousandth of a call's worth.
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
    let calls = 0;
    let expected = 0;
    for (let k = start; k <= end; k++) {
      const i = k - histogramStart;
      if (i >= 0 && i < histogram.length) calls += histogram[i];
      const j = k - law.start;
      if (j >= 0 && j < law.probs.length) expected += law.probs[j];
    }
    bins.push({ low: start, high: end, calls, expected });
  }
  return bins;
}
