/**
 * What printing needs from autograd: whether a result requires grad and the name of the node
 * that made it (`grad_fn=<MulBackward0>`), and which tensors are nn.Parameters.
 */
import { makeTensor, type Tensor } from '../../core/tensor';

const parameters = new WeakSet<Tensor>();

export function markParameter(t: Tensor): Tensor {
  parameters.add(t);
  return t;
}

export function isParameter(t: Tensor): boolean {
  return parameters.has(t);
}

/** `result` recorded as made by `node` when grad mode is on and an input requires grad. */
export function tracked(result: Tensor, inputs: readonly Tensor[], node: string, gradEnabled: boolean): Tensor {
  const requiresGrad = gradEnabled && inputs.some((t) => t.requiresGrad);
  if (!requiresGrad) return result.requiresGrad || result.gradFn ? makeTensor({ shape: result.shape, dtype: result.dtype, data: result.data }) : result;
  return makeTensor({ shape: result.shape, dtype: result.dtype, data: result.data, requiresGrad: true, gradFn: node });
}
