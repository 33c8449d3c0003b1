// Backward warping by a flow in normalised coordinates: out(p) = image(p + flow(p)), bilinear, zeros
// outside, align_corners true (PyTorch 0.4's grid_sample, which the reference was written against).
import { add, constant, gridSample, permute, reshape, type Tensor } from '../torch/index.js';

/** The identity sampling grid [1, 2, H, W]: channel 0 is x (−1 … 1 across the width), channel 1 is y. */
export function identityGrid(height: number, width: number, device?: string): Tensor {
  const data = new Float32Array(2 * height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[y * width + x] = width > 1 ? (2 * x) / (width - 1) - 1 : 0;
      data[height * width + y * width + x] = height > 1 ? (2 * y) / (height - 1) - 1 : 0;
    }
  }
  return constant(data, [1, 2, height, width], device);
}

/** image [N, C, H, W] sampled at identity + flow (flow [N, 2, H, W], x then y, normalised); outside the image: zeros
 * (GeoGAN) or the border pixel. */
export function warp(image: Tensor, flow: Tensor, padding: 'zeros' | 'border' = 'zeros'): Tensor {
  const [, , h, w] = flow.shape as [number, number, number, number];
  return sampleAt(image, add(identityGrid(h, w, flow.device), flow), padding);
}

/** image sampled at an absolute grid [N, 2, H, W] (any size: the high-resolution test upsamples it). */
export function sampleAt(image: Tensor, grid: Tensor, padding: 'zeros' | 'border' = 'zeros'): Tensor {
  return gridSample(image, permute(grid, [0, 2, 3, 1]), { mode: 'bilinear', padding, alignCorners: true });
}

/** Values of `field` [N, C, H, W] at points [N, K, 2] (normalised x, y): [N, C, K]. */
export function sampleAtPoints(field: Tensor, points: Tensor): Tensor {
  const [n, k] = points.shape as [number, number, number];
  const grid = reshape(points, [n, 1, k, 2]);
  const out = gridSample(field, grid, { mode: 'bilinear', padding: 'zeros', alignCorners: true });
  return reshape(out, [n, field.shape[1]!, k]);
}
