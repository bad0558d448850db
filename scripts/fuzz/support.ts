/** What the messages and hover fuzzers share: a seeded generator and the report's bookkeeping. */
import type { FuzzOptions, FuzzReport } from './types';

/** A seeded generator (mulberry32): the same seed gives the same inputs, so a failure replays. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** What one input did: nothing wrong, or what (a crash is an exception the code must never throw). */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly kind: 'crash' | 'wrongAccept'; readonly what: string };

export const OK: Verdict = { ok: true };

const MAX_FAILURES = 6;

/** Runs `count` inputs of `one` (input k gets its own generator state) and tallies the report. */
export async function runFuzz(name: string, options: FuzzOptions, one: (random: Random) => { input: () => string; verdict: () => Verdict }): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const report = { name, inputs: 0, crashes: 0, hangs: 0, wrongAccepts: 0, msPerInput: 0, failures: [] as string[] };
  const started = performance.now();
  for (let k = 0; k < options.count; k++) {
    const { input, verdict } = one(random);
    const t0 = performance.now();
    let result: Verdict;
    try {
      result = verdict();
    } catch (e) {
      result = { ok: false, kind: 'crash', what: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
    }
    const ms = performance.now() - t0;
    report.inputs++;
    if (ms > options.hangMs) {
      report.hangs++;
      if (report.failures.length < MAX_FAILURES) report.failures.push(`hang (${ms.toFixed(0)} ms): ${input()}`);
    }
    if (!result.ok) {
      if (result.kind === 'crash') report.crashes++;
      else report.wrongAccepts++;
      if (report.failures.length < MAX_FAILURES) report.failures.push(`${result.kind}: ${result.what}: ${input()}`);
    }
    // Let a runner's timers (and Ctrl-C) through now and then.
    if (k % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  report.msPerInput = report.inputs ? (performance.now() - started) / report.inputs : 0;
  return report;
}

/** A value as a failure report shows it: short, and never throwing (BigInt, cycles, typed arrays). */
export function show(value: unknown, max = 300): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? `${v.constructor.name}(${(v as Uint8Array).length})` : typeof v === 'string' && v.length > 80 ? `${v.slice(0, 60)}…(${v.length})` : v,
    );
    return (text ?? String(value)).slice(0, max);
  } catch {
    return String(value).slice(0, max);
  }
}
