/**
 * The tensor-making calls and methods the core's literal parser reads, by the dotted name
 * written in the source: what the editor offers to run.
 */

/** `torch.tensor(...)` and friends; a bare `tensor(...)` is PyTorch's printed form. */
export const TENSOR_CALLS: ReadonlySet<string> = new Set([
  'torch.tensor', 'torch.as_tensor', 'torch.from_numpy', 'tensor',
  'torch.Tensor', 'torch.FloatTensor', 'torch.DoubleTensor', 'torch.LongTensor', 'torch.BoolTensor',
  'np.array', 'numpy.array',
  'torch.ones', 'torch.zeros', 'torch.full', 'torch.arange', 'torch.linspace', 'torch.eye',
]);

/** Methods that may follow such a call and belong to the expression (`.reshape(2, 3)`, `.float()`, NumPy's `.astype(...)`). */
export const TENSOR_METHODS: ReadonlySet<string> = new Set(['reshape', 'view', 'float', 'double', 'long', 'bool', 'astype']);
