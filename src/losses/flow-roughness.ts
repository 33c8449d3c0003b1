import { abs, add, mean, mul, slice, sub, type Tensor } from '../torch/index.js';

/** Mean absolute difference of neighbouring flow vectors [B, 2, H, W], in pixels of the image (flow is normalised:
 * ×(S − 1)/2). */
export function flowRoughness(flow: Tensor): Tensor {
  const [h, w] = flow.shape.slice(-2) as [number, number];
  const dx = sub(slice(flow, 3, 0, w - 1), slice(flow, 3, 1, w));
  const dy = sub(slice(flow, 2, 0, h - 1), slice(flow, 2, 1, h));
  return mul(add(mean(abs(dx)), mean(abs(dy))), (Math.max(h, w) - 1) / 2);
}
