/** What the messages and hover fuzzers share: the report's bookkeeping. */
import { Prng } from './prng';
import type { FuzzOptions, FuzzReport } from './types';

/** What one input did: nothing wrong, or what (a crash is an exception the code must never throw). */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly kind: 'crash' | 'wrongAccept'; readonly what: string };

export const OK: Verdict = { ok: true };

const MAX_FAILURES = 6;

/** Runs `count` inputs of `one` (input k gets its own generator state) and tallies the report. */
export async function runFuzz(name: string, options: FuzzOptions, one: (random: Prng) => { input: () => string; verdict: () => Verdict }): Promise<FuzzReport> {
  const random = new Prng(options.seed);
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
