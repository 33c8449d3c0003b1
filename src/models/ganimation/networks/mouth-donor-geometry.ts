// Where a donor mouth is cut, how it is matched to a photo and where it is placed, in the aligned 128 × 128 template
// (model option mouthDonors; tools/mouth-donors.ts cuts the donors, mouth-donors.ts places them). One definition
// for both, so that a donor's stored descriptors are what the generator computes from a photo.

import { LIGHTNESS_BOX } from './exemplar-mouth-boxes.js';

/** Template side: every box and the mask are in its pixels. */
export const DONOR_TEMPLATE = 128;

/** The donor crop stored per donor: the mask's support with a pixel to spare. */
export const DONOR_BOX = { x: 34, y: 74, width: 60, height: 36 } as const;

/** The mouth mask: an ellipse about the template's mouth, fully the donor's inside radius `inner` (in units of
 * the axes), fading to the photo's at `outer`. */
const MASK = { cx: 64, cy: 92, ax: 24, ay: 14, inner: 0.8, outer: 1.2 } as const;
/** The ring about the mask whose mean colour the donor is matched to (chin, lip corners, upper lip's skin). */
const RING = { from: 1.2, to: 1.8 } as const;

/** Boxes the descriptors average besides the nose and cheeks' light (LIGHTNESS_BOX): the philtrum (dark with a
 * moustache) and the chin (dark with a beard), each of the latter two relative to the first. */
const PHILTRUM = { x: 52, y: 80, width: 24, height: 7 } as const;
const CHIN = { x: 50, y: 108, width: 28, height: 14 } as const;

/** The lower face's AUs (indices into the 17): AU10, AU12, AU14, AU15, AU17, AU20, AU23, AU25, AU26. */
export const LOWER_AUS = [7, 8, 9, 10, 11, 12, 13, 14, 15] as const;
/** Feature weights: a raw AU unit of the lower face's, against light (per channel, on [0, 1]) and the two ratios. */
const W_LIGHT = Math.sqrt(200);
const W_RATIO = Math.sqrt(40);
/** Length of a matching feature: the lower AUs (raw), light r g b, philtrum and chin ratios. */
export const FEATURE_LENGTH = LOWER_AUS.length + 5;

/** Radius of each template pixel's centre in the mask's ellipse, at `size` (pixels scaled from the template). */
function radius(x: number, y: number, size: number, r = MASK): number {
  const k = DONOR_TEMPLATE / size;
  return Math.hypot(((x + 0.5) * k - r.cx) / r.ax, ((y + 0.5) * k - r.cy) / r.ay);
}

/** The mask [size, size] in [0, 1]. */
export function donorMask(size: number): Float32Array {
  const m = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = radius(x, y, size);
      m[y * size + x] = Math.min(1, Math.max(0, (MASK.outer - r) / (MASK.outer - MASK.inner)));
    }
  return m;
}

const inBox = (b: { x: number; y: number; width: number; height: number }, x: number, y: number, size: number) => {
  const k = DONOR_TEMPLATE / size;
  const [u, v] = [(x + 0.5) * k, (y + 0.5) * k];
  return u >= b.x && u < b.x + b.width && v >= b.y && v < b.y + b.height;
};

/** Averaging kernels [9, 3, size, size] for a photo on [0, 1]: light r g b, philtrum grey, chin grey, light grey,
 * ring r g b (a convolution with them gives the nine averages). */
export function descriptorKernels(size: number): Float32Array {
  const plane = size * size;
  const k = new Float32Array(9 * 3 * plane);
  const fill = (out: number, channels: number[], take: (x: number, y: number) => boolean) => {
    const pixels: number[] = [];
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (take(x, y)) pixels.push(y * size + x);
    for (const c of channels)
      for (const p of pixels) k[(out * 3 + c) * plane + p] = 1 / (channels.length * pixels.length);
  };
  const ring = (x: number, y: number) => {
    const r = radius(x, y, size);
    return r > RING.from && r < RING.to;
  };
  for (let c = 0; c < 3; c++) fill(c, [c], (x, y) => inBox(LIGHTNESS_BOX, x, y, size));
  fill(3, [0, 1, 2], (x, y) => inBox(PHILTRUM, x, y, size));
  fill(4, [0, 1, 2], (x, y) => inBox(CHIN, x, y, size));
  fill(5, [0, 1, 2], (x, y) => inBox(LIGHTNESS_BOX, x, y, size));
  for (let c = 0; c < 3; c++) fill(6 + c, [c], ring);
  return k;
}

/** The nine averages of a photo (RGB bytes, size × size) as descriptorKernels gives them. */
export function describe(rgb: Uint8Array, size: number): Float64Array {
  const plane = size * size;
  const taps = (sparse[size] ??= nonZero(descriptorKernels(size), plane));
  const out = new Float64Array(9);
  for (let i = 0; i < taps.out.length; i++) out[taps.out[i]!]! += (taps.weight[i]! * rgb[taps.at[i]!]!) / 255;
  return out;
}

const sparse: Record<number, { out: Uint8Array; at: Int32Array; weight: Float32Array }> = {};

/** The kernels' non-zero taps: output, byte offset in an RGB image, weight. */
function nonZero(kernels: Float32Array, plane: number) {
  const out: number[] = [];
  const at: number[] = [];
  const weight: number[] = [];
  kernels.forEach((w, i) => {
    if (!w) return;
    const p = i % plane;
    const c = Math.floor(i / plane) % 3;
    out.push(Math.floor(i / (3 * plane)));
    at.push(p * 3 + c);
    weight.push(w);
  });
  return { out: Uint8Array.from(out), at: Int32Array.from(at), weight: Float32Array.from(weight) };
}

/** The matching feature of raw lower-face AUs and a photo's nine averages (its first six are used). */
export function matchingFeature(lowerRaw: ArrayLike<number>, averages: ArrayLike<number>): Float32Array {
  const f = new Float32Array(FEATURE_LENGTH);
  LOWER_AUS.forEach((_, i) => (f[i] = lowerRaw[i]!));
  const n = LOWER_AUS.length;
  for (let c = 0; c < 3; c++) f[n + c] = W_LIGHT * averages[c]!;
  f[n + 3] = (W_RATIO * averages[3]!) / averages[5]!;
  f[n + 4] = (W_RATIO * averages[4]!) / averages[5]!;
  return f;
}

export const MATCH_WEIGHTS = { light: W_LIGHT, ratio: W_RATIO } as const;
