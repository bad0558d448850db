/**
 * The two kinds of error the core throws. Anything else escaping the core is a bug.
 */

/** Python exception classes whose names PyTorch's messages are printed with. */
export type PyErrorType = 'ValueError' | 'RuntimeError' | 'TypeError' | 'IndexError';

/** An error PyTorch itself would raise, with PyTorch's exact text (printed as `ValueError: ...`). */
export class TorchError extends Error {
  constructor(
    readonly pyType: PyErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'TorchError';
  }

  /** As Python prints the last line of a traceback: `ValueError: dropout probability ...`. */
  get pythonText(): string {
    return `${this.pyType}: ${this.message}`;
  }
}

/**
 * A literal that cannot be read. Points at the offending character (0-based offset, 1-based
 * line and column). When PyTorch has its own message for the problem (a ragged list, a bad
 * reshape), `pyType` is set and `message` is PyTorch's text.
 */
export class LiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly pyType?: PyErrorType,
  ) {
    super(message);
    this.name = 'LiteralError';
  }

  /** `line 2, column 7: unexpected ')'` or, for PyTorch's own errors, `ValueError: ...`. */
  get displayText(): string {
    return this.pyType ? `${this.pyType}: ${this.message}` : `line ${this.line}, column ${this.column}: ${this.message}`;
  }
}
