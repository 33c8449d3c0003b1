// softplus(x) = log(1 + eˣ), the logistic GAN loss's building block, in the form that does not overflow for large x:
// max(x, 0) + log(1 + e^−|x|).
import { abs, add, exp, log, neg, relu, type Tensor } from '../torch/index.js';

export function softplus(x: Tensor): Tensor {
  return add(relu(x), log(add(exp(neg(abs(x))), 1)));
}
