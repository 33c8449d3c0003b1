import { add, mul, sub, type Tensor } from '../../../torch/index.js';

/** A·I + (1 − A)·C: attention 1 keeps the input pixel, 0 takes the generated colour. */
export function compose(image: Tensor, color: Tensor, attention: Tensor): Tensor {
  return add(mul(attention, image), mul(sub(1, attention), color));
}
