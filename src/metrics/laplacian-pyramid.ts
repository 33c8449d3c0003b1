// Laplacian pyramid of image batches as ProGAN builds it for SWD (metrics/sliced_wasserstein.py):
// 5×5 binomial blur with scipy.ndimage's 'mirror' boundary, factor-2 down/up sampling, float64.
import { InvalidOptionError } from '../errors.js';

/** A batch of images, NCHW, row-major (any numeric array: Uint8Array images work as they are). */
export interface ImageBatch {
  data: ArrayLike<number>;
  count: number;
  channels: number;
  height: number;
  width: number;
}

/** A pyramid level: an image batch computed here, always float64. */
export type PyramidLevel = ImageBatch & { data: Float64Array };

const BINOMIAL = [1, 4, 6, 4, 1].map((v) => v / 16); // ⊗ itself = ProGAN's 5×5 kernel / 256

// scipy.ndimage mode='mirror': reflect about the edge sample without repeating it (d c b | a b c d | c b a).
function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const p = 2 * n - 2;
  const j = ((i % p) + p) % p;
  return j < n ? j : p - j;
}

// Separable 5×5 binomial filter (× gain) of one h × w plane, mirror boundary, float64 throughout.
function blurPlane(src: ArrayLike<number>, off: number, h: number, w: number, gain: number): Float64Array {
  const tmp = new Float64Array(h * w);
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) s += BINOMIAL[k + 2]! * src[off + y * w + mirror(x + k, w)]!;
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) s += BINOMIAL[k + 2]! * tmp[mirror(y + k, h) * w + x]!;
      out[y * w + x] = s * gain;
    }
  }
  return out;
}

/** ProGAN pyr_down: blur, then keep every other row and column. */
export function pyramidDown(b: ImageBatch): PyramidLevel {
  const { count, channels, height: h, width: w } = b;
  const [h2, w2] = [Math.ceil(h / 2), Math.ceil(w / 2)];
  const out = new Float64Array(count * channels * h2 * w2);
  for (let p = 0; p < count * channels; p++) {
    const blurred = blurPlane(b.data, p * h * w, h, w, 1);
    for (let y = 0; y < h2; y++)
      for (let x = 0; x < w2; x++) out[p * h2 * w2 + y * w2 + x] = blurred[2 * y * w + 2 * x]!;
  }
  return { data: out, count, channels, height: h2, width: w2 };
}

/** ProGAN pyr_up: zero-stuff to twice the size, then blur with 4× the kernel. */
export function pyramidUp(b: ImageBatch): PyramidLevel {
  const { count, channels, height: h, width: w } = b;
  const [h2, w2] = [2 * h, 2 * w];
  const out = new Float64Array(count * channels * h2 * w2);
  const plane = new Float64Array(h2 * w2);
  for (let p = 0; p < count * channels; p++) {
    plane.fill(0);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) plane[2 * y * w2 + 2 * x] = b.data[p * h * w + y * w + x]!;
    out.set(blurPlane(plane, 0, h2, w2, 4), p * h2 * w2);
  }
  return { data: out, count, channels, height: h2, width: w2 };
}

/** Levels of the Laplacian pyramid, finest first; the last level is the coarse Gaussian residual. */
export function laplacianPyramid(images: ImageBatch, levels: number): PyramidLevel[] {
  if (!Number.isInteger(levels) || levels < 1)
    throw new InvalidOptionError(`pyramid levels must be a positive integer, got ${levels}`);
  checkBatch(images);
  const pyr: PyramidLevel[] = [{ ...images, data: Float64Array.from(images.data) }];
  for (let l = 1; l < levels; l++) {
    const fine = pyr[l - 1]!;
    if (fine.height % 2 || fine.width % 2) {
      throw new InvalidOptionError(
        `a ${levels}-level pyramid needs image sides divisible by 2^${levels - 1}; got ${images.height}×${images.width}`,
      );
    }
    const coarse = pyramidDown(fine);
    const up = pyramidUp(coarse);
    for (let i = 0; i < fine.data.length; i++) fine.data[i]! -= up.data[i]!;
    pyr.push(coarse);
  }
  return pyr;
}

function checkBatch(b: ImageBatch): void {
  if (b.data.length !== b.count * b.channels * b.height * b.width) {
    throw new InvalidOptionError(
      `an image batch of ${b.count}×${b.channels}×${b.height}×${b.width} needs ${b.count * b.channels * b.height * b.width} values, got ${b.data.length}`,
    );
  }
}
