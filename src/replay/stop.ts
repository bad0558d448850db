/**
 * The two ways a replay ends early: a statement the engine cannot follow (exit 3), and an
 * exception the script itself raises, as Python would (exit 1).
 */
import type { SyntaxNode } from '@lezer/common';

/** `FILE:LINE: cannot replay <what>: <why>`. */
export class ReplayStop extends Error {
  constructor(
    readonly what: string,
    readonly why: string,
    readonly node?: SyntaxNode,
  ) {
    super(`cannot replay ${what}: ${why}`);
    this.name = 'ReplayStop';
  }
}

/** A Python exception raised by the script: printed as `Type: message`. */
export class PyRaise extends Error {
  /** The frames (function name, statement) running when it was raised, outermost first. */
  trace: { readonly name: string; readonly node?: SyntaxNode }[] | undefined;

  constructor(
    readonly pyType: string,
    readonly pyMessage: string,
  ) {
    super(`${pyType}: ${pyMessage}`);
    this.name = 'PyRaise';
  }
}

export function stop(what: string, why: string, node?: SyntaxNode): never {
  throw new ReplayStop(what, why, node);
}
