// The artefact score of an edit: the share of an image's spectral power near Nyquist (grey image,
// mean removed, |fx| or |fy| above 0.375 cycles/pixel), where a checkerboard or a pixel grid puts
// its energy and a photograph of a face has little. An edit's share over its input's share is 1
// when the edit added no such texture.
import { InvalidOptionError } from '../errors.js';
import type { RgbImage } from '../image/rgb-image.js';

export const NYQUIST_CUTOFF = 0.375;

/** In-place radix-2 complex FFT of length n (a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const [wr, wi] = [Math.cos(ang * k), Math.sin(ang * k)];
        const [a, b] = [i + k, i + k + len / 2];
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/** Power spectrum |F|² of a real h × w image (row-major), both sides powers of two. */
export function powerSpectrum(values: Float64Array, width: number, height: number): Float64Array {
  const pow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
  if (!pow2(width) || !pow2(height))
    throw new InvalidOptionError(
      `the spectral artefact score needs power-of-two sides (the model's crops), got ${width}×${height}`,
    );
  const re = Float64Array.from(values);
  const im = new Float64Array(values.length);
  const [rr, ri] = [new Float64Array(width), new Float64Array(width)];
  for (let y = 0; y < height; y++) {
    rr.set(re.subarray(y * width, (y + 1) * width));
    ri.fill(0);
    fft(rr, ri);
    re.set(rr, y * width);
    im.set(ri, y * width);
  }
  const [cr, ci] = [new Float64Array(height), new Float64Array(height)];
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) [cr[y], ci[y]] = [re[y * width + x]!, im[y * width + x]!];
    fft(cr, ci);
    for (let y = 0; y < height; y++) [re[y * width + x], im[y * width + x]] = [cr[y]!, ci[y]!];
  }
  return re.map((r, i) => r * r + im[i]! ** 2);
}

/** Share of the grey image's power (mean removed) at |fx| > cutoff or |fy| > cutoff cycles/pixel. */
export function highFrequencyShare(img: RgbImage, cutoff = NYQUIST_CUTOFF): number {
  const { width: w, height: h } = img;
  const grey = new Float64Array(w * h);
  let mean = 0;
  for (let i = 0; i < w * h; i++)
    mean += grey[i] = 0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!;
  mean /= w * h;
  for (let i = 0; i < w * h; i++) grey[i]! -= mean;
  const p = powerSpectrum(grey, w, h);
  const freq = (k: number, n: number) => Math.abs((k <= n / 2 ? k : k - n) / n);
  let [high, all] = [0, 0];
  for (let y = 0; y < h; y++) {
    const fy = freq(y, h);
    for (let x = 0; x < w; x++) {
      const v = p[y * w + x]!;
      all += v;
      if (fy > cutoff || freq(x, w) > cutoff) high += v;
    }
  }
  return all > 0 ? high / all : 0;
}

/** Averages edit-over-input high-frequency shares (1.0 = the edits add no grid or checkerboard). */
export class ArtefactMeter {
  private sum = 0;
  private n = 0;
  add(input: RgbImage, edit: RgbImage): void {
    const base = highFrequencyShare(input);
    // a flat input has no power at all: count the edit as adding nothing only if it is flat as well
    this.sum += base > 0 ? highFrequencyShare(edit) / base : highFrequencyShare(edit) > 0 ? Infinity : 1;
    this.n++;
  }
  get mean(): number {
    return this.n ? this.sum / this.n : NaN;
  }
}
