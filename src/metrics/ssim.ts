// Structural similarity: SSIM exactly as scikit-image 0.19's structural_similarity, and MS-SSIM as
// ProGAN's metrics/ms_ssim.py (a NumPy port of the TensorFlow reference), both in float64.
import { InvalidOptionError } from '../errors.js';

/** An image as interleaved rows (HWC); `channels` defaults to data.length / (width · height). */
export interface SsimImage {
  data: ArrayLike<number>;
  width: number;
  height: number;
  channels?: number;
}

export interface SsimOptions {
  /** Max − min of the pixel range: 255 for 8-bit, 1 for floats in [0, 1]. Required, as there is no dtype to infer it
   * from. */
  dataRange: number;
  /** Odd window side. Default 7, or 2·⌊3.5σ + 0.5⌋ + 1 (11 for σ = 1.5) with Gaussian weights. */
  winSize?: number;
  /** Gaussian-weighted statistics (Wang et al. 2004) instead of a uniform window. */
  gaussianWeights?: boolean;
  sigma?: number;
  /** Scale variances by N/(N − 1) with N = winSize² (skimage's default true; Wang et al. use false). */
  useSampleCovariance?: boolean;
  k1?: number;
  k2?: number;
}

export interface SsimResult {
  /** Mean SSIM: per channel over the map cropped by (winSize − 1)/2, then over channels. */
  mssim: number;
  /** Full SSIM map of each channel (height × width, uncropped), like skimage's full=True. */
  maps: Float64Array[];
}

function channelsOf(img: SsimImage): number {
  const c = img.channels ?? img.data.length / (img.width * img.height);
  if (!Number.isInteger(c) || c < 1 || img.data.length !== img.width * img.height * c) {
    throw new InvalidOptionError(
      `an image of ${img.width}×${img.height}${img.channels ? `×${img.channels}` : ''} cannot hold ${img.data.length} values; pass HWC data and the channel count`,
    );
  }
  return c;
}

// scipy.ndimage mode='reflect': half-sample symmetric, the edge sample repeats (d c b a | a b c d | d c b a).
function reflect(i: number, n: number): number {
  const p = 2 * n;
  const j = ((i % p) + p) % p;
  return j < n ? j : p - 1 - j;
}

// Separable correlation of an h × w plane with a symmetric 1-d kernel along y, then x (ndimage's axis order).
function filter2d(src: Float64Array, h: number, w: number, k: Float64Array): Float64Array {
  const r = (k.length - 1) / 2;
  const tmp = new Float64Array(h * w);
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let t = -r; t <= r; t++) s += k[t + r]! * src[reflect(y + t, h) * w + x]!;
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let t = -r; t <= r; t++) s += k[t + r]! * tmp[y * w + reflect(x + t, w)]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/** scipy's _gaussian_kernel1d: exp(−x²/2σ²) on [−radius, radius], normalised to sum 1. */
function gaussianKernel1d(sigma: number, radius: number): Float64Array {
  const k = Float64Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp((-0.5 / (sigma * sigma)) * (i - radius) ** 2),
  );
  const s = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / s);
}

/** SSIM with skimage 0.19's defaults (K1 0.01, K2 0.03, 7×7 uniform window, sample covariance). */
export function structuralSimilarityFull(a: SsimImage, b: SsimImage, options: SsimOptions): SsimResult {
  const { dataRange, gaussianWeights = false, sigma = 1.5, useSampleCovariance = true, k1 = 0.01, k2 = 0.03 } = options;
  const c = channelsOf(a);
  if (a.width !== b.width || a.height !== b.height || channelsOf(b) !== c) {
    throw new InvalidOptionError(
      `SSIM needs images of the same shape, got ${a.width}×${a.height}×${c} and ${b.width}×${b.height}×${channelsOf(b)}`,
    );
  }
  if (!(dataRange > 0))
    throw new InvalidOptionError(
      `SSIM needs dataRange > 0 (255 for 8-bit images, 1 for floats in [0, 1]), got ${dataRange}`,
    );
  const truncate = 3.5; // skimage's choice: 11 taps for σ = 1.5, as in Wang et al.
  const radius = Math.floor(truncate * sigma + 0.5);
  const winSize = options.winSize ?? (gaussianWeights ? 2 * radius + 1 : 7);
  if (!Number.isInteger(winSize) || winSize < 1 || winSize % 2 === 0)
    throw new InvalidOptionError(`SSIM window size must be odd, got ${winSize}`);
  const { width: w, height: h } = a;
  if (winSize > Math.min(w, h))
    throw new InvalidOptionError(`SSIM window ${winSize} exceeds the ${w}×${h} image; pass a smaller odd winSize`);
  const kernel = gaussianWeights ? gaussianKernel1d(sigma, radius) : new Float64Array(winSize).fill(1 / winSize);
  const np = winSize * winSize;
  const covNorm = useSampleCovariance ? np / (np - 1) : 1;
  const c1 = (k1 * dataRange) ** 2;
  const c2 = (k2 * dataRange) ** 2;
  const pad = (winSize - 1) / 2;
  const maps: Float64Array[] = [];
  let total = 0;
  for (let ch = 0; ch < c; ch++) {
    const x = Float64Array.from({ length: h * w }, (_, i) => a.data[i * c + ch]!);
    const y = Float64Array.from({ length: h * w }, (_, i) => b.data[i * c + ch]!);
    const f = (v: Float64Array): Float64Array => filter2d(v, h, w, kernel);
    const ux = f(x);
    const uy = f(y);
    const uxx = f(x.map((v) => v * v));
    const uyy = f(y.map((v) => v * v));
    const uxy = f(x.map((v, i) => v * y[i]!));
    const map = new Float64Array(h * w);
    for (let i = 0; i < h * w; i++) {
      // Same operation order as skimage, so identical images give exactly 1.
      const [mx, my] = [ux[i]!, uy[i]!];
      const vx = covNorm * (uxx[i]! - mx * mx);
      const vy = covNorm * (uyy[i]! - my * my);
      const vxy = covNorm * (uxy[i]! - mx * my);
      const a1 = 2 * mx * my + c1;
      const a2 = 2 * vxy + c2;
      const b1 = mx ** 2 + my ** 2 + c1;
      const b2 = vx + vy + c2;
      map[i] = (a1 * a2) / (b1 * b2);
    }
    let s = 0;
    for (let yy = pad; yy < h - pad; yy++) for (let xx = pad; xx < w - pad; xx++) s += map[yy * w + xx]!;
    total += s / ((h - 2 * pad) * (w - 2 * pad));
    maps.push(map);
  }
  return { mssim: total / c, maps };
}

/** Mean SSIM (see structuralSimilarityFull). */
export function structuralSimilarity(a: SsimImage, b: SsimImage, options: SsimOptions): number {
  return structuralSimilarityFull(a, b, options).mssim;
}

export interface MsSsimOptions {
  /** Pixel range maximum (ProGAN: 255). */
  maxVal?: number;
  /** Per-scale exponents, finest first (Wang et al. 2003). */
  weights?: readonly number[];
}

/** ProGAN _fspecial_gauss: size × size Gaussian on a grid centred between pixels for even sizes. */
function fspecialGauss(size: number, sigma: number): Float64Array {
  const offset = size % 2 === 0 ? 0.5 : 0;
  const start = -Math.floor(size / 2) + offset;
  const g = new Float64Array(size * size);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++)
      g[i * size + j] = Math.exp(-((start + i) ** 2 + (start + j) ** 2) / (2 * sigma * sigma));
  const s = g.reduce((p, q) => p + q, 0);
  return g.map((v) => v / s);
}

// ProGAN _ssim_for_multiscale for one image pair at one scale: 'valid' Gaussian statistics over all
// channels; returns [mean ssim, mean contrast-structure].
function ssimForMultiscale(
  x: Float64Array,
  y: Float64Array,
  h: number,
  w: number,
  c: number,
  maxVal: number,
): [number, number] {
  const size = Math.min(11, h, w);
  const win = fspecialGauss(size, (size * 1.5) / 11);
  const [oh, ow] = [h - size + 1, w - size + 1];
  const c1 = (0.01 * maxVal) ** 2;
  const c2 = (0.03 * maxVal) ** 2;
  let ssim = 0;
  let cs = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ch = 0; ch < c; ch++) {
        let [m1, m2, s11, s22, s12] = [0, 0, 0, 0, 0];
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            const g = win[i * size + j]!;
            const p = ((oy + i) * w + ox + j) * c + ch;
            const [u, v] = [x[p]!, y[p]!];
            m1 += g * u;
            m2 += g * v;
            s11 += g * u * u;
            s22 += g * v * v;
            s12 += g * u * v;
          }
        }
        const v1 = 2 * (s12 - m1 * m2) + c2;
        const v2 = s11 - m1 * m1 + (s22 - m2 * m2) + c2;
        ssim += ((2 * m1 * m2 + c1) * v1) / ((m1 * m1 + m2 * m2 + c1) * v2);
        cs += v1 / v2;
      }
    }
  }
  const n = oh * ow * c;
  return [ssim / n, cs / n];
}

// 2 × 2 box average (ProGAN's downsampling between scales).
function halve(x: Float64Array, h: number, w: number, c: number): Float64Array {
  const [h2, w2] = [h / 2, w / 2];
  const out = new Float64Array(h2 * w2 * c);
  for (let y = 0; y < h2; y++) {
    for (let xx = 0; xx < w2; xx++) {
      for (let ch = 0; ch < c; ch++) {
        const at = (dy: number, dx: number): number => x[((2 * y + dy) * w + 2 * xx + dx) * c + ch]!;
        out[(y * w2 + xx) * c + ch] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) * 0.25;
      }
    }
  }
  return out;
}

/** ProGAN msssim over pairs of images: per pair ∏ cs_s^w_s (s < last) · ssim_last^w_last (clipped at 0), then the
 * mean. */
export function msSsimProgan(
  a: readonly SsimImage[],
  b: readonly SsimImage[],
  options: MsSsimOptions = {},
): { mean: number; perImage: number[] } {
  const { maxVal = 255, weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333] } = options;
  if (a.length !== b.length || a.length === 0)
    throw new InvalidOptionError(
      `MS-SSIM needs two equally long, non-empty lists of images, got ${a.length} and ${b.length}`,
    );
  const levels = weights.length;
  const perImage = a.map((ia, n) => {
    const ib = b[n]!;
    const c = channelsOf(ia);
    let [h, w] = [ia.height, ia.width];
    if (ib.width !== w || ib.height !== h || channelsOf(ib) !== c)
      throw new InvalidOptionError(`MS-SSIM pair ${n} has images of different shapes`);
    if (h % 2 ** (levels - 1) || w % 2 ** (levels - 1)) {
      throw new InvalidOptionError(
        `MS-SSIM with ${levels} scales needs sides divisible by ${2 ** (levels - 1)}, got ${w}×${h}; crop or resize the images`,
      );
    }
    let x: Float64Array = Float64Array.from(ia.data);
    let y: Float64Array = Float64Array.from(ib.data);
    let score = 1;
    for (let l = 0; l < levels; l++) {
      const [ssim, cs] = ssimForMultiscale(x, y, h, w, c, maxVal);
      score *= Math.max(l === levels - 1 ? ssim : cs, 0) ** weights[l]!;
      if (l < levels - 1) {
        [x, y] = [halve(x, h, w, c), halve(y, h, w, c)];
        [h, w] = [h / 2, w / 2];
      }
    }
    return score;
  });
  return { mean: perImage.reduce((s, v) => s + v, 0) / perImage.length, perImage };
}
