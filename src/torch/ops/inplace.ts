// In-place updates for optimisers and initialisers. They bypass autograd history only under noGrad().
import { native } from '../native.js';
import type { Tensor } from '../tensor.js';

export const mul_ = (t: Tensor, factor: number): Tensor => (native().mul_(t.handle, factor), t);
/** t += alpha * other */
export const add_ = (t: Tensor, other: Tensor, alpha = 1): Tensor => (native().add_(t.handle, other.handle, alpha), t);
/** t += value * a * b */
export const addcmul_ = (t: Tensor, a: Tensor, b: Tensor, value = 1): Tensor => (
  native().addcmul_(t.handle, a.handle, b.handle, value),
  t
);
/** t += value * a / b */
export const addcdiv_ = (t: Tensor, a: Tensor, b: Tensor, value = 1): Tensor => (
  native().addcdiv_(t.handle, a.handle, b.handle, value),
  t
);
export const addScalar_ = (t: Tensor, value: number): Tensor => (native().addScalar_(t.handle, value), t);
export const divScalar_ = (t: Tensor, value: number): Tensor => (native().divScalar_(t.handle, value), t);
export const copy_ = (t: Tensor, src: Tensor): Tensor => (native().copy_(t.handle, src.handle), t);
export const fill_ = (t: Tensor, value: number): Tensor => (native().fill_(t.handle, value), t);
export const normal_ = (t: Tensor, mean = 0, std = 1): Tensor => (native().normal_(t.handle, mean, std), t);
export const uniform_ = (t: Tensor, from = 0, to = 1): Tensor => (native().uniform_(t.handle, from, to), t);
