import { abs, add, slice, sub, sum, type Tensor } from '../torch/index.js';

/** Σ|m[..., :, 1:] − m[..., :, :-1]| + Σ|m[..., 1:, :] − m[..., :-1, :]| — summed absolute differences, not squared. */
export function totalVariation(m: Tensor): Tensor {
  const [h, w] = m.shape.slice(-2) as [number, number];
  const r = m.rank;
  const dx = sub(slice(m, r - 1, 0, w - 1), slice(m, r - 1, 1, w));
  const dy = sub(slice(m, r - 2, 0, h - 1), slice(m, r - 2, 1, h));
  return add(sum(abs(dx)), sum(abs(dy)));
}
