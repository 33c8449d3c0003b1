import { add, mean, mul, relu, slice, sub, type Tensor } from '../torch/index.js';

/** Below this Jacobian determinant the fold penalty acts: a warp may stretch skin fivefold (a closing eyelid), not
 * fold it. */
export const FOLD_MARGIN = 0.2;

/** Jacobian determinant of a backward warp's sampling map p → p + flow(p), per pixel [B, H−1, W−1] (forward
 * differences; flow [B, 2, H, W] in normalised units, (x, y)). 1 where nothing moves, between 0 and 1 where the
 * input is stretched, ≤ 0 where the warp folds: the output shows the same input content twice, mirrored (hooks and
 * curls of hair, brows, lips). */
export function flowJacobianDet(flow: Tensor): Tensor {
  const [h, w] = flow.shape.slice(-2) as [number, number];
  const u = mul(slice(flow, 1, 0, 1), (w - 1) / 2);
  const v = mul(slice(flow, 1, 1, 2), (h - 1) / 2);
  const at = (t: Tensor, y: number, x: number) => slice(slice(t, 2, y, h - 1 + y), 3, x, w - 1 + x);
  const d = (t: Tensor, y: number, x: number) => sub(at(t, y, x), at(t, 0, 0));
  const det = sub(mul(add(d(u, 0, 1), 1), add(d(v, 1, 0), 1)), mul(d(u, 1, 0), d(v, 0, 1)));
  return det;
}

/** Mean of relu(FOLD_MARGIN − det): 0 for any warp that stretches less than fivefold and never folds. */
export function flowFolding(flow: Tensor): Tensor {
  return mean(relu(sub(FOLD_MARGIN, flowJacobianDet(flow))));
}
