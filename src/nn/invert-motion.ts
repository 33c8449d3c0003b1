// A forward motion turned into the backward sampling flow a warp needs. A field built from landmark motions places each
// landmark's motion m where the landmark starts (q), as the offset −m; a backward warp reads it at the output pixel, so
// the output at q samples q − m instead of the output at q + m sampling q. For small, even motions the two agree; where
// motion changes fast (brows raised 10 px over lids held still) the output at the brow's old place samples the lashes,
// and the lashes stretch up into a pillar. The backward flow B solves B(p) = f(p + B(p)) for f the field placed at the
// start (f = −motion): fixed-point steps from B = f, each one bilinear sampling of f.
import type { Tensor } from '../torch/index.js';
import { warp } from './warp.js';

/** `field` [N, 2, H, W]: minus each point's forward motion, at the point's start (normalised, x then y, as `warp`).
 * Returns the backward flow whose warp moves each point by its motion, after `steps` fixed-point steps (0: the field
 * itself). The steps contract where the motion stretches or squeezes by less than twofold. */
export function invertMotion(field: Tensor, steps: number): Tensor {
  let flow = field;
  for (let k = 0; k < steps; k++) flow = warp(field, flow, 'border');
  return flow;
}
