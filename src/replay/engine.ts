/**
 * The state of one replay: the source, the generator, grad mode, the call stack (for tracebacks)
 * and what has been written so far.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Build } from '../core/builds';
import type { NoiseSource } from '../core/dropout';
import { MklBernoulli } from '../core/mkl';
import { freshSeed, parseSeed } from '../core/run';
import { TorchGenerator } from '../core/random/generator';
import type { TensorData } from '../core/tensor';
import type { PythonSource } from '../analysis/python/reader';
import { EventLog, oneLine, type CallRef } from './events';
import { stop } from './stop';
import type { Value } from './values';

export interface Frame {
  readonly name: string;
  readonly vars: Map<string, Value>;
  /** The statement running, for the traceback. */
  node?: SyntaxNode;
}

/**
 * The PyTorch release whose messages and printing replay follows, by build: 1.13 for `default`
 * (the README's reference; test/unit/replay.test.ts lists where 2.13 prints otherwise), 2.6, the
 * last MKL release, for `x86-mkl`.
 */
export type Release = '1.13' | '2.6';

export class Engine {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly frames: Frame[];
  readonly globals = new Map<string, Value>();
  gradEnabled = true;
  /** Why some printed values may differ from PyTorch's in their last bits, once each. */
  readonly approximations = new Set<string>();
  /** Storage of `torch.empty` not yet filled: reading it would print memory garbage. */
  readonly uninitialised = new WeakSet<TensorData>();
  seedUsed: string | undefined;
  /** Prints, dropouts and seeds, for the editor. */
  readonly events = new EventLog((node) => ({ from: node.from, to: node.to, line: this.lineOf(node), text: oneLine(this.text(node)) }));
  /** The calls being evaluated, innermost last: whose draw a generator use is. */
  readonly calls: CallRef[] = [];
  /** The editor's time budget (ms), and the Date.now() past which the next statement stops the replay. */
  budgetMs: number | undefined;
  deadline = Infinity;
  readonly release: Release;
  private generator: TorchGenerator | undefined;
  private lineBreaks: number[] | undefined;

  constructor(
    readonly source: PythonSource,
    readonly fileName: string,
    private readonly fixedSeed: string | undefined,
    readonly build: Build = 'default',
  ) {
    this.frames = [{ name: '<module>', vars: this.globals }];
    this.release = build === 'x86-mkl' ? '2.6' : '1.13';
  }

  /** The default generator; the first draw before any manual_seed seeds it freshly (or with --seed). */
  get gen(): TorchGenerator {
    if (!this.generator) {
      const seed = this.fixedSeed ?? freshSeed();
      this.seedUsed = parseSeed(seed).toString();
      this.stderr.push(`seed: ${this.seedUsed}\n`);
      this.generator = new TorchGenerator(BigInt(this.seedUsed));
      this.events.seeded(this.seedUsed, undefined);
    }
    this.events.taking(this.calls[this.calls.length - 1], this.generator.mt.drawn);
    return this.generator;
  }

  /** Outputs drawn since the seed, without starting the unseeded generator. */
  get drawn(): number {
    return this.generator?.mt.drawn ?? 0;
  }

  /**
   * What `bernoulli_(p)` with a float p draws from (dropout's noise and the user's own): the
   * generator itself, or on `x86-mkl` MKL's stream seeded by one of its outputs per call.
   */
  noise(): NoiseSource {
    return this.build === 'x86-mkl' ? new MklBernoulli(this.gen.mt) : this.gen.mt;
  }

  manualSeed(seed: bigint): void {
    if (this.generator) this.generator.manualSeed(seed);
    else this.generator = new TorchGenerator(seed);
    this.events.seeded(seed.toString(), this.calls[this.calls.length - 1]?.node);
  }

  approximate(why: string): void {
    this.approximations.add(why);
  }

  text(node: { readonly from: number; readonly to: number }): string {
    return this.source.text.slice(node.from, node.to);
  }

  lineOf(node: SyntaxNode): number {
    // Every print and dropout asks: the line breaks are found once, then searched by bisection.
    const breaks = (this.lineBreaks ??= [...this.source.text.matchAll(/\n/g)].map((m) => m.index));
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < node.from) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** `self` of the method running, for `super()`. */
  currentSelf(): Value | undefined {
    return this.frames[this.frames.length - 1].vars.get('self');
  }

  checkInitialised(data: TensorData, node?: SyntaxNode): void {
    if (this.uninitialised.has(data)) stop('a read of torch.empty', 'its memory is uninitialised until a fill such as uniform_ or normal_', node);
  }
}
