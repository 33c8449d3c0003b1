// A Gaussian low-pass for the flow generator's learned fields (config flowBlur, colourBlur: 2-D; rowBlur: along the
// rows alone): each channel convolved alone with a normalised Gaussian, zero-padded so the field keeps its size. A
// convolution, so export traces it.
import { constant, conv2d, type Tensor } from '../../../torch/index.js';

export interface GaussianKernel {
  /** [side, side], row-major, summing to 1. */
  kernel: Float32Array;
  side: number;
}

/** A normalised 2-D Gaussian of σ cells (a whole number), cut at 2σ each side. */
export function gaussianKernel(sigma: number): GaussianKernel {
  const g = gaussian1d(sigma);
  const side = g.length;
  const kernel = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) kernel[y * side + x] = g[y]! * g[x]!;
  return { kernel, side };
}

/** A normalised 1-D Gaussian of σ cells (a whole number), cut at 2σ each side. */
function gaussian1d(sigma: number): Float32Array {
  const r = 2 * sigma;
  const g = Float32Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / total);
}

/** Each channel of x [B, C, H, W] low-passed along its rows alone by a Gaussian of σ pixels (a whole number):
 * horizontal lines keep their place, vertical strokes spread. */
export function blurRows(x: Tensor, sigma: number): Tensor {
  const [c, g] = [x.shape[1]!, gaussian1d(sigma)];
  const weights = new Float32Array(g.length * c);
  for (let i = 0; i < c; i++) weights.set(g, i * g.length);
  return conv2d(x, constant(weights, [c, 1, 1, g.length], x.device), null, {
    padding: [0, 2 * sigma],
    groups: c,
  });
}

/** Each channel of x [B, C, H, W] blurred by k alone. */
export function blurChannels(x: Tensor, k: GaussianKernel): Tensor {
  const c = x.shape[1]!;
  const weights = new Float32Array(k.kernel.length * c);
  for (let i = 0; i < c; i++) weights.set(k.kernel, i * k.kernel.length);
  return conv2d(x, constant(weights, [c, 1, k.side, k.side], x.device), null, { padding: (k.side - 1) / 2, groups: c });
}
