/** The names the parser knows: dtypes of torch and NumPy, and the calls it reads. */
import type { DType } from '../tensor';

export const TORCH_DTYPES: Record<string, DType> = {
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  int64: 'int64',
  long: 'int64',
  bool: 'bool',
};

export const TORCH_OTHER_DTYPES = new Set([
  'float16',
  'half',
  'bfloat16',
  'int32',
  'int',
  'int16',
  'short',
  'int8',
  'uint8',
  'complex64',
  'cfloat',
  'complex128',
  'cdouble',
  'complex32',
  'chalf',
  'qint8',
  'quint8',
  'qint32',
]);

export const NUMPY_DTYPES: Record<string, DType> = {
  float32: 'float32',
  single: 'float32',
  float64: 'float64',
  double: 'float64',
  float_: 'float64',
  int64: 'int64',
  int_: 'int64',
  bool_: 'bool',
};

export const NUMPY_DTYPE_STRINGS: Record<string, DType> = {
  float32: 'float32',
  f4: 'float32',
  float64: 'float64',
  f8: 'float64',
  float: 'float64',
  double: 'float64',
  int64: 'int64',
  i8: 'int64',
  int: 'int64',
  bool: 'bool',
};

export const SUPPORTED_NOTE = 'Dropout Lens handles float32, float64, int64 and bool';

export const LEGACY: Record<string, DType> = {
  'torch.Tensor': 'float32',
  'torch.FloatTensor': 'float32',
  'torch.DoubleTensor': 'float64',
  'torch.LongTensor': 'int64',
  'torch.BoolTensor': 'bool',
};

export const CONSTRUCTORS = new Set(['torch.ones', 'torch.zeros', 'torch.full', 'torch.arange', 'torch.linspace', 'torch.eye']);

export const TENSOR_CALLS = new Set(['tensor', 'torch.tensor', 'torch.as_tensor', 'torch.from_numpy', 'np.array', 'numpy.array']);

/** Methods that may follow a tensor-making call (methods.ts reads each; NumPy arrays take `reshape` and `astype`). */
export const TENSOR_METHODS: ReadonlySet<string> = new Set(['reshape', 'view', 'float', 'double', 'long', 'bool', 'astype']);

/** Every call whose result the parser reads as a tensor, by the dotted name written in the source. */
export const TENSOR_MAKERS: ReadonlySet<string> = new Set([...TENSOR_CALLS, ...CONSTRUCTORS, ...Object.keys(LEGACY)]);
