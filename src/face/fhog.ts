// Felzenszwalb's HOG (Felzenszwalb, Girshick, McAllester, Ramanan, PAMI 2010): 31 numbers per 8-px cell, 18
// contrast-sensitive and 9 contrast-insensitive orientations and 4 gradient energies, each cell normalised by its four
// 2×2 neighbourhoods and clipped at 0.2. It is the appearance feature OpenFace's AU models read (through dlib), and
// faces128's labels are OpenFace's, so a linear reader on it (hog-au-reader.ts) reads AUs the way the labels were made.
import type { RgbImage } from '../image/rgb-image.js';

/** Features per cell. */
export const FHOG_FEATURES = 31;
const ORIENTATIONS = 9;
const CLIP = 0.2;
/** Each of the 4 energy features is the sum of the 18 clipped orientations times this (1 / sqrt(18)). */
const ENERGY_SCALE = 0.2357;
const EPS = 1e-4;
// the 9 orientations' unit vectors as the paper's code (and dlib) tabulate them, to 4 places: 80° and 100° share a
// sine, so a vertical gradient's tie goes to the first, as theirs does
const COS = [1, 0.9397, 0.766, 0.5, 0.1736, -0.1736, -0.5, -0.766, -0.9397];
const SIN = [0, 0.342, 0.6428, 0.866, 0.9848, 0.9848, 0.866, 0.6428, 0.342];

export interface Square {
  left: number;
  top: number;
  size: number;
}

/** Cells per side of the features of a square of `size` pixels: the border cells are dropped, as in the paper. */
export const fhogCells = (size: number, cell = 8): number => Math.round(size / cell) - 2;

/**
 * FHOG of the square `r` of `img` (the pixels outside it are not read): [cells, cells, 31] row-major. Each pixel's
 * gradient is that of its colour channel with the largest one; the square's outermost pixels have none.
 */
export function fhog(img: RgbImage, r: Square, cell = 8): Float32Array {
  const s = r.size;
  const blocks = Math.round(s / cell);
  const hist = new Float64Array(blocks * blocks * 2 * ORIENTATIONS);
  const at = (y: number, x: number, c: number) => img.data[((r.top + y) * img.width + r.left + x) * 3 + c]!;
  for (let y = 1; y < s - 1; y++)
    for (let x = 1; x < s - 1; x++) {
      let [gx, gy, m2] = [0, 0, -1];
      for (let c = 0; c < 3; c++) {
        const dx = at(y, x + 1, c) - at(y, x - 1, c);
        const dy = at(y + 1, x, c) - at(y - 1, x, c);
        if (dx * dx + dy * dy > m2) [gx, gy, m2] = [dx, dy, dx * dx + dy * dy];
      }
      const v = Math.sqrt(m2);
      let [best, dot] = [0, -1];
      for (let o = 0; o < ORIENTATIONS; o++) {
        const d = COS[o]! * gx + SIN[o]! * gy;
        if (Math.abs(d) > dot) [best, dot] = [o, Math.abs(d)];
      }
      const o = COS[best]! * gx + SIN[best]! * gy < 0 ? best + ORIENTATIONS : best;
      // bilinear into the four nearest cells
      const [yp, xp] = [(y + 0.5) / cell - 0.5, (x + 0.5) / cell - 0.5];
      const [iy, ix] = [Math.floor(yp), Math.floor(xp)];
      const [fy, fx] = [yp - iy, xp - ix];
      for (const [cy, wy] of [
        [iy, 1 - fy],
        [iy + 1, fy],
      ] as const)
        for (const [cx, wx] of [
          [ix, 1 - fx],
          [ix + 1, fx],
        ] as const)
          if (cy >= 0 && cy < blocks && cx >= 0 && cx < blocks)
            hist[(cy * blocks + cx) * 2 * ORIENTATIONS + o]! += wy * wx * v;
    }
  const energy = new Float64Array(blocks * blocks);
  for (let b = 0; b < blocks * blocks; b++)
    for (let o = 0; o < ORIENTATIONS; o++) {
      const h = hist[b * 2 * ORIENTATIONS + o]! + hist[b * 2 * ORIENTATIONS + o + ORIENTATIONS]!;
      energy[b] = energy[b]! + h * h;
    }
  const out = fhogCells(s, cell);
  const feats = new Float32Array(out * out * FHOG_FEATURES);
  const e = (y: number, x: number) => energy[y * blocks + x]!;
  // the four 2×2 neighbourhoods of cell (y, x): below-right, above-right, below-left, above-left
  const norm = (y: number, x: number) => 1 / Math.sqrt(e(y, x) + e(y + 1, x) + e(y, x + 1) + e(y + 1, x + 1) + EPS);
  for (let y = 0; y < out; y++)
    for (let x = 0; x < out; x++) {
      const [by, bx] = [y + 1, x + 1];
      const ns = [norm(by, bx), norm(by - 1, bx), norm(by, bx - 1), norm(by - 1, bx - 1)];
      const h = hist.subarray((by * blocks + bx) * 2 * ORIENTATIONS, (by * blocks + bx + 1) * 2 * ORIENTATIONS);
      const f = feats.subarray((y * out + x) * FHOG_FEATURES, (y * out + x + 1) * FHOG_FEATURES);
      const sensitive = new Float64Array(2 * ORIENTATIONS);
      const insensitive = new Float64Array(ORIENTATIONS);
      ns.forEach((n, i) => {
        let t = 0;
        for (let o = 0; o < 2 * ORIENTATIONS; o++) {
          const c = Math.min(h[o]! * n, CLIP);
          sensitive[o] = sensitive[o]! + 0.5 * c;
          t += c;
        }
        for (let o = 0; o < ORIENTATIONS; o++)
          insensitive[o] = insensitive[o]! + 0.5 * Math.min((h[o]! + h[o + ORIENTATIONS]!) * n, CLIP);
        f[2 * ORIENTATIONS + ORIENTATIONS + i] = ENERGY_SCALE * t;
      });
      f.set(sensitive, 0);
      f.set(insensitive, 2 * ORIENTATIONS);
    }
  return feats;
}
