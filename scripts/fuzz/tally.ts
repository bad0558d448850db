/** Counting a fuzzer's inputs and failures into its FuzzReport, keeping a few examples of each. */
import type { FuzzReport } from './types';

const EXAMPLES = 4;

export class Tally {
  inputs = 0;
  private crashes = 0;
  private hangs = 0;
  private wrongAccepts = 0;
  private readonly failures: string[] = [];
  private readonly shown = { crash: 0, hang: 0, wrong: 0 };

  constructor(private readonly name: string) {}

  private keep(kind: 'crash' | 'hang' | 'wrong', what: string): void {
    if (this.shown[kind]++ < EXAMPLES) this.failures.push(`${kind}: ${what}`);
  }

  crash(what: string): void {
    this.crashes++;
    this.keep('crash', what);
  }

  hang(what: string): void {
    this.hangs++;
    this.keep('hang', what);
  }

  wrong(what: string): void {
    this.wrongAccepts++;
    this.keep('wrong', what);
  }

  report(totalMs: number): FuzzReport {
    return {
      name: this.name,
      inputs: this.inputs,
      crashes: this.crashes,
      hangs: this.hangs,
      wrongAccepts: this.wrongAccepts,
      msPerInput: this.inputs > 0 ? totalMs / this.inputs : 0,
      failures: this.failures,
    };
  }
}
