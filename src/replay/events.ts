/**
 * What a replay did, step by step, for the editor: each print executed, each dropout applied
 * (with where in the random stream it drew) and where it stopped. vscode-free: offsets and
 * 1-based lines in the replayed source.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Variant } from '../core/dropout';
import { makeTensor, type Tensor } from '../core/tensor';

export interface SourceSpan {
  readonly from: number;
  readonly to: number;
  /** 1-based line of `from`. */
  readonly line: number;
}

/** One execution of a `print(...)`: a print in a loop gives one event per pass. */
export interface PrintEvent extends SourceSpan {
  /** What it wrote, `end` included. */
  readonly text: string;
  /** Some printed value may differ from PyTorch's in its last digits (see ReplayResult.approximate). */
  readonly approximate: boolean;
}

/** A random op that drew from torch's generator, as written (`torch.randn(2, 5)`, `nn.Linear(4, 3)`). */
export interface Drawer extends SourceSpan {
  readonly text: string;
}

/** The `torch.manual_seed(s)` the stream comes from; absent `span` for an unseeded generator. */
export interface SeedOrigin {
  /** Canonical decimal seed. */
  readonly seed: string;
  readonly span?: Drawer;
}

/** One dropout applied: the call (as written), its settings, and the stream as it found it. */
export interface DropoutEvent extends Drawer {
  readonly variant: Variant;
  readonly p: number;
  /** p written as a Python int: PyTorch's messages then print it without `.0`. */
  readonly pIsInt: boolean;
  readonly training: boolean;
  readonly inplace: boolean;
  /** Absent when nothing had seeded or drawn before (an identity call draws nothing). */
  readonly origin?: SeedOrigin;
  /** 32-bit generator outputs drawn since that seed before this call. */
  readonly drawn: number;
  /** Random ops that drew since the seed (one call drawing several times in a row counts once). */
  readonly drawsBefore: number;
  /** The first MAX_NAMED distinct ones (by text), in order. */
  readonly drewBefore: readonly Drawer[];
  /** Copies of the input before and the output after; absent past MAX_KEPT_ELEMENTS. */
  readonly input?: Tensor;
  readonly output?: Tensor;
}

/** Why the replay ended before the end of the script. */
export interface StopEvent {
  /** `stop`: a statement replay cannot follow; `raise`: Python raises there too; `syntax`: Python would not start. */
  readonly kind: 'stop' | 'raise' | 'syntax';
  /** 1-based. */
  readonly line: number;
  /** `cannot replay <what>: <why>`, `Type: message` or the SyntaxError's message. */
  readonly message: string;
}

export interface ReplayEvents {
  readonly prints: readonly PrintEvent[];
  readonly dropouts: readonly DropoutEvent[];
  readonly stop?: StopEvent;
}

/** One evaluation of a call expression: a call in a loop gives a new one each pass. */
export interface CallRef {
  readonly node: SyntaxNode;
}

/** What the call itself says: its variant and options. */
type DropoutSettings = Pick<DropoutEvent, 'variant' | 'p' | 'pIsInt' | 'training' | 'inplace'>;

/** Random ops named in a description; more are counted. */
const MAX_NAMED = 4;
/** Elements of dropout inputs and outputs kept in all: a loop over a large tensor must not copy it without end. */
const MAX_KEPT_ELEMENTS = 4 * 1024 * 1024;
/** Longest drawer text kept; the description shows it on one line. */
const MAX_DRAWER_TEXT = 60;

function copy(t: Tensor): Tensor {
  return makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data.slice(), requiresGrad: t.requiresGrad });
}

/** The recorder the engine writes to while it runs. */
export class EventLog {
  readonly prints: PrintEvent[] = [];
  readonly dropouts: DropoutEvent[] = [];
  private origin: SeedOrigin | undefined;
  /** The last call that took the generator, and the stream position then: it drew if the position moved on. */
  private pending: { readonly call: CallRef; readonly at: number } | undefined;
  private lastDrew: CallRef | undefined;
  private draws = 0;
  private named: Drawer[] = [];
  private keptElements = 0;

  constructor(private readonly spanOf: (node: SyntaxNode) => Drawer) {}

  seeded(seed: string, node: SyntaxNode | undefined): void {
    this.origin = { seed, span: node && this.spanOf(node) };
    this.pending = this.lastDrew = undefined;
    this.draws = 0;
    this.named = [];
  }

  /** `call` is about to use the generator at stream position `at` (it may draw nothing). */
  taking(call: CallRef | undefined, at: number): void {
    this.settle(at);
    if (call) this.pending = { call, at };
  }

  print(node: SyntaxNode, text: string, approximate: boolean): void {
    const span = this.spanOf(node);
    this.prints.push({ from: span.from, to: span.to, line: span.line, text, approximate });
  }

  /** Runs the dropout `execute` and records it, with the input as it was before an in-place call. */
  dropout<R extends { readonly output: Tensor }>(node: SyntaxNode, call: DropoutSettings, input: Tensor, drawn: number, execute: () => R): R {
    this.settle(drawn);
    const size = input.data.length * 2;
    const keep = this.keptElements + size <= MAX_KEPT_ELEMENTS;
    const before = keep ? copy(input) : undefined;
    const result = execute();
    if (keep) this.keptElements += size;
    const span = this.spanOf(node);
    const tensors = before ? { input: before, output: copy(result.output) } : {};
    const origin = this.origin ? { origin: this.origin } : {};
    this.dropouts.push({ ...span, ...call, ...origin, drawn, drawsBefore: this.draws, drewBefore: [...this.named], ...tensors });
    return result;
  }

  /** Counts the pending call as a draw if the stream has moved past it (once per call: nn.Linear fills two tensors). */
  private settle(now: number): void {
    const t = this.pending;
    if (!t || now <= t.at) return;
    this.pending = undefined;
    if (t.call === this.lastDrew) return;
    this.lastDrew = t.call;
    this.draws++;
    if (this.named.length >= MAX_NAMED) return;
    // By text: the description reads "drop(x)" once, whichever line of the script calls it.
    const drawer = this.spanOf(t.call.node);
    if (!this.named.some((d) => d.text === drawer.text)) this.named.push(drawer);
  }
}

/** `text` on one line, cut to `max` characters. */
export function oneLine(text: string, max = MAX_DRAWER_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
