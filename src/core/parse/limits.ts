/** The parser's bounds: Python's and PyTorch's limits it reproduces, and its own on input size. */

/** 32 Mi characters: a million numbers at full double precision, far beyond what a selection shows usefully. */
export const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;

/** 4 Mi elements (32 MB as float64 while parsing). */
export const DEFAULT_MAX_ELEMENTS = 4 * 1024 * 1024;

/** CPython's tokenizer limit: one more open bracket is "SyntaxError: too many nested parentheses". */
export const MAX_NESTING = 200;

/** Most arguments one call may have (parseArgs). */
export const MAX_ARGS = 256;

/** PyTorch's limit on the dimensions of a nested sequence ("too many dimensions 'list'"). */
export const TORCH_MAX_DIMS = 128;

/** NumPy's NPY_MAXDIMS (1.x). */
export const NUMPY_MAX_DIMS = 32;

/** Why an int64 beyond 2^53 is refused. */
export const INT64_EXACT_NOTE = 'Dropout Lens keeps int64 values as doubles, exact up to 2^53';
