// Sliced Wasserstein distance between image sets as ProGAN measures it (Karras et al. 2018,
// metrics/sliced_wasserstein.py): 7×7 patches from each level of a Laplacian pyramid, normalised per
// channel, compared through sorted 1-d projections on random directions. Computed in float64 where
// ProGAN uses float32 (see swd.test.ts for the tolerance that costs).
import { InvalidOptionError } from '../errors.js';
import { laplacianPyramid, type ImageBatch } from './laplacian-pyramid.js';
import { gaussian, randomInt, seededRandom, type Random } from './prng.js';

/** Descriptors (patches): `count` rows of `dim` = channels × size × size values. */
export interface Descriptors {
  data: Float64Array;
  count: number;
  channels: number;
  size: number;
}

/**
 * `perImage` random size × size patches per image (ProGAN get_descriptors_for_minibatch). Patch
 * centres keep the whole patch inside the image; ProGAN's index grid puts x before y, so a descriptor
 * is laid out [channel][dx][dy], which is kept here.
 */
export function extractDescriptors(level: ImageBatch, perImage: number, rng: Random, size = 7): Descriptors {
  const { count, channels: c, height: h, width: w } = level;
  const r = Math.floor(size / 2);
  if (size < 1 || size % 2 === 0 || size > Math.min(h, w))
    throw new InvalidOptionError(`patch size must be odd and at most ${Math.min(h, w)}, got ${size}`);
  const n = count * perImage;
  const xs = Array.from({ length: n }, () => randomInt(rng, r, w - r));
  const ys = Array.from({ length: n }, () => randomInt(rng, r, h - r));
  const dim = c * size * size;
  const out = new Float64Array(n * dim);
  for (let d = 0; d < n; d++) {
    const img = Math.floor(d / perImage);
    for (let ch = 0; ch < c; ch++) {
      const plane = (img * c + ch) * h * w;
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++)
          out[d * dim + (ch * size + i) * size + j] = level.data[plane + (ys[d]! + j - r) * w + xs[d]! + i - r]!;
      }
    }
  }
  return { data: out, count: n, channels: c, size };
}

/** ProGAN finalize_descriptors: per channel, subtract the mean and divide by the std (ddof 0) over all patches and
 * positions. */
export function normalizeDescriptors(desc: Descriptors): Float64Array {
  const { data, count, channels, size } = desc;
  const area = size * size;
  const out = Float64Array.from(data);
  for (let ch = 0; ch < channels; ch++) {
    const at = (d: number, k: number): number => (d * channels + ch) * area + k;
    let sum = 0;
    for (let d = 0; d < count; d++) for (let k = 0; k < area; k++) sum += data[at(d, k)]!;
    const mean = sum / (count * area);
    let ss = 0;
    for (let d = 0; d < count; d++) for (let k = 0; k < area; k++) ss += (data[at(d, k)]! - mean) ** 2;
    const std = Math.sqrt(ss / (count * area));
    for (let d = 0; d < count; d++) for (let k = 0; k < area; k++) out[at(d, k)] = (data[at(d, k)]! - mean) / std;
  }
  return out;
}

/** Random projection directions: `repeats` matrices of dim × perRepeat standard normals (ProGAN: 4 × 128). */
export function randomDirections(dim: number, repeats: number, perRepeat: number, rng: Random): Float64Array[] {
  return Array.from({ length: repeats }, () => Float64Array.from({ length: dim * perRepeat }, () => gaussian(rng)));
}

/**
 * SWD of two equally sized descriptor sets (count × dim rows): per direction matrix (dim × k,
 * row-major, columns need not be unit length — they are normalised here), sort the projections
 * and average |sortedA − sortedB|; then average over the matrices.
 */
export function slicedWasserstein(
  a: Float64Array,
  b: Float64Array,
  count: number,
  dim: number,
  directions: readonly Float64Array[],
): number {
  if (a.length !== count * dim || b.length !== count * dim) {
    throw new InvalidOptionError(
      `both descriptor sets need ${count} rows of ${dim} values (${count * dim}), got ${a.length} and ${b.length}; extract the same number of patches from each image set`,
    );
  }
  if (directions.length === 0) throw new InvalidOptionError('pass at least one direction matrix');
  let total = 0;
  for (const dirs of directions) {
    const k = dirs.length / dim;
    if (!Number.isInteger(k) || k < 1)
      throw new InvalidOptionError(`direction matrices must be ${dim} × k, got ${dirs.length} values`);
    const unit = new Float64Array(dirs.length);
    for (let j = 0; j < k; j++) {
      let norm = 0;
      for (let i = 0; i < dim; i++) norm += dirs[i * k + j]! ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < dim; i++) unit[i * k + j] = dirs[i * k + j]! / norm;
    }
    let sum = 0;
    const pa = new Float64Array(count);
    const pb = new Float64Array(count);
    for (let j = 0; j < k; j++) {
      for (let r = 0; r < count; r++) {
        let sa = 0;
        let sb = 0;
        for (let i = 0; i < dim; i++) {
          sa += a[r * dim + i]! * unit[i * k + j]!;
          sb += b[r * dim + i]! * unit[i * k + j]!;
        }
        pa[r] = sa;
        pb[r] = sb;
      }
      pa.sort();
      pb.sort();
      for (let r = 0; r < count; r++) sum += Math.abs(pa[r]! - pb[r]!);
    }
    total += sum / (count * k);
  }
  return total / directions.length;
}

/** ProGAN's pyramid depth: one level per resolution from the image size down to 16 (at least 1). */
export function defaultPyramidLevels(height: number, width: number): number {
  let levels = 0;
  for (let res = Math.min(height, width); res >= 16; res = Math.floor(res / 2)) levels++;
  return Math.max(levels, 1);
}

/** An 8-bit RGB image (interleaved) as a one-image batch for `PyramidDescriptors.add` (planar, CHW). */
export function imageBatch(img: { width: number; height: number; data: Uint8Array }): ImageBatch {
  const n = img.width * img.height;
  const data = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) data[c * n + i] = img.data[i * 3 + c]!;
  return { data, count: 1, channels: 3, height: img.height, width: img.width };
}

export interface PyramidDescriptorOptions {
  /** Pyramid levels (default: ProGAN's, resolutions ≥ 16). */
  levels?: number;
  /** Patches per image per level (ProGAN: 128). */
  perImage?: number;
  /** Patch side (ProGAN: 7). */
  patchSize?: number;
  /** Picks the patch centres; default seededRandom(0). */
  rng?: Random;
}

/**
 * The statistics stage of SWD for one image set: patches from every pyramid level, collected batch by
 * batch, normalised together at the end (the normalisation needs the whole set's mean and std).
 */
export class PyramidDescriptors {
  private readonly collected: Float64Array[][] = [];
  private channels = 0;
  private levels = 0;
  private n = 0;
  private readonly fixedLevels: number | undefined;
  private readonly perImage: number;
  private readonly patchSize: number;
  private readonly rng: Random;

  constructor(options: PyramidDescriptorOptions = {}) {
    ({
      levels: this.fixedLevels,
      perImage: this.perImage = 128,
      patchSize: this.patchSize = 7,
      rng: this.rng = seededRandom(0),
    } = options);
    if (!Number.isInteger(this.perImage) || this.perImage < 1)
      throw new InvalidOptionError(`patches per image must be a positive integer, got ${this.perImage}`);
  }

  add(images: ImageBatch): this {
    const levels = this.fixedLevels ?? defaultPyramidLevels(images.height, images.width);
    if (this.n > 0 && (levels !== this.levels || images.channels !== this.channels)) {
      throw new InvalidOptionError('every batch of one image set must have the same size and channels');
    }
    [this.levels, this.channels] = [levels, images.channels];
    laplacianPyramid(images, levels).forEach((level, l) => {
      (this.collected[l] ??= []).push(extractDescriptors(level, this.perImage, this.rng, this.patchSize).data);
    });
    this.n += images.count;
    return this;
  }

  /** Normalised descriptors per level, finest first: rows of channels × patchSize² values. */
  finish(): Descriptors[] {
    if (this.n === 0) throw new InvalidOptionError('no images were added; add at least one batch first');
    const size = this.patchSize;
    return this.collected.map((parts) => {
      const raw = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
      parts.reduce((off, p) => (raw.set(p, off), off + p.length), 0);
      const count = raw.length / (this.channels * size * size);
      return {
        data: normalizeDescriptors({ data: raw, count, channels: this.channels, size }),
        count,
        channels: this.channels,
        size,
      };
    });
  }
}

export interface SwdResult {
  /** SWD × 10³ per pyramid level, finest first (ProGAN's reported unit). */
  perLevel: number[];
  /** Mean of perLevel. */
  mean: number;
}

/** ProGAN's SWD between two sets' normalised descriptors: `repeats` × `perRepeat` random directions per level. */
export function swd(
  real: Descriptors[],
  fake: Descriptors[],
  options: { repeats?: number; perRepeat?: number; rng?: Random } = {},
): SwdResult {
  const { repeats = 4, perRepeat = 128, rng = seededRandom(0) } = options;
  if (real.length !== fake.length)
    throw new InvalidOptionError(
      `both image sets need the same pyramid depth, got ${real.length} and ${fake.length} levels`,
    );
  const perLevel = real.map((r, l) => {
    const f = fake[l]!;
    const dim = r.channels * r.size * r.size;
    if (f.count !== r.count)
      throw new InvalidOptionError(
        `SWD needs as many patches from each set (level ${l}: ${r.count} vs ${f.count}); use the same number of images`,
      );
    return 1e3 * slicedWasserstein(r.data, f.data, r.count, dim, randomDirections(dim, repeats, perRepeat, rng));
  });
  return { perLevel, mean: perLevel.reduce((s, v) => s + v, 0) / perLevel.length };
}
