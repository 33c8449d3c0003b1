import { abs, avgPool2d, mean, mul, type Tensor } from '../torch/index.js';

/** Cells this many pixels wide: a wrinkle, a lip's edge or a row of teeth is narrower; a smudge over a brow is not. */
export const SHADING_CELL = 8;

/** Mean |average of the colour residual over SHADING_CELL × SHADING_CELL cells| (residual [B, C, H, W]): the part of an
 * edit's shading that is broad and one-signed (dark smudges over brows and eyes, a lit forehead). A thin dark crease
 * with its own light rim averages out; an opened mouth costs in proportion to its (small) area. `weight` [1, 1, H, W]
 * scales the residual first (0 where shading is free, as in `contentRegion`'s eyes and mouth). */
export function broadShading(residual: Tensor, weight?: Tensor): Tensor {
  return mean(abs(avgPool2d(weight ? mul(residual, weight) : residual, SHADING_CELL)));
}
