// Small helpers the network tests share: the largest difference of two image batches, and a random batch to edit.
import { abs, amax, mul, rand, sub, type Tensor } from '../../src/torch/index.js';

/** max |a − b| over a batch of images [n, c, h, w]. */
export const maxAbs = (a: Tensor, b: Tensor): number => amax(abs(sub(a, b)), [0, 1, 2, 3], false).item();

/** Two random RGB images in [−1, 1], 32 × 32 unless told. */
export const randomImages = (size = 32): Tensor => sub(mul(rand([2, 3, size, size]), 2), 1);
