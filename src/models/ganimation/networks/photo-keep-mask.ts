// Where a flow generator's edit leaves the photo as it was: the attention its export gives, so that pasting the edit
// into a large photo keeps the photo's own full-resolution pixels wherever nothing moved.
import { abs, constant, conv2d, exp, mul, neg, sub, type Tensor } from '../../../torch/index.js';

/** Below about 4 grey levels of change (on [−1, 1]) the photo's own full-resolution pixel is kept. */
const KEEP_SCALE = 0.03;

/** Where the edit leaves the input as it was, [B, 1, H, W] in [0, 1]: exp(−(mean_c |fake − image| / 0.03)²). Pasting
 * A·photo + (1 − A)·edit with it keeps the photo sharp wherever nothing moved (within ~1.6 grey levels of the edit). */
export function photoKeepMask(image: Tensor, fake: Tensor): Tensor {
  const meanOverChannels = constant(new Float32Array(3).fill(1 / 3), [1, 3, 1, 1], image.device);
  const d = mul(conv2d(abs(sub(fake, image)), meanOverChannels), 1 / KEEP_SCALE);
  return exp(neg(mul(d, d)));
}
