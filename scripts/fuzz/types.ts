/**
 * The contract between `npm run fuzz` (scripts/fuzz/main.ts) and each fuzzer beside it: a fuzzer
 * is a module exporting `fuzzer: Fuzzer`. Every fuzzer is deterministic for a given seed, so a
 * reported failure can be replayed with the same seed and count.
 */

export interface FuzzOptions {
  /** Seed of the fuzzer's own pseudo-random generator (never Math.random). */
  seed: number;
  /** How many inputs to try. */
  count: number;
  /** An input that takes longer than this (milliseconds) counts as a hang. */
  hangMs: number;
}

export interface FuzzReport {
  name: string;
  inputs: number;
  /** An exception the code under test must never throw (not the product's own error types). */
  crashes: number;
  hangs: number;
  /** Inputs accepted although they are invalid (or refused although valid), by the fuzzer's oracle. */
  wrongAccepts: number;
  /** Mean wall time per input. */
  msPerInput: number;
  /** Up to a few examples of each failure, short enough to read: what input, what happened. */
  failures: string[];
}

export interface Fuzzer {
  name: string;
  run(options: FuzzOptions): Promise<FuzzReport>;
}
