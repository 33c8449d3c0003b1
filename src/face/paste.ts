// Puts an edit made in the aligned crop back into the full-resolution photo. The generator's colour
// C is blended onto the original pixels with weight (1 − A)·feather, so full-resolution detail is kept
// wherever the attention keeps the input, and every pixel outside the feathered face region is left
// bit-identical.
import type { RgbImage } from '../image/rgb-image.js';
import { apply, invert, type Similarity } from './similarity.js';

export interface CropEdit {
  /** Colour in [-1, 1], CHW, size×size. */
  color: Float32Array;
  /** Attention in [0, 1], size×size; 1 keeps the input. */
  attention: Float32Array;
  size: number;
}

/** An ellipse over the face in crop coordinates (fractions of the crop), with a soft edge. */
export const FACE_REGION = { cx: 0.5, cy: 0.52, rx: 0.47, ry: 0.5, feather: 0.1 };

/** 1 inside the face region, 0 outside, a smooth ramp across the feather band. */
export function featherAt(u: number, v: number, size: number): number {
  const r = Math.hypot((u / size - FACE_REGION.cx) / FACE_REGION.rx, (v / size - FACE_REGION.cy) / FACE_REGION.ry);
  const t = (1 - r) / FACE_REGION.feather;
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

function bilinear(plane: Float32Array, size: number, offset: number, u: number, v: number): number {
  const [u0, v0] = [Math.max(0, Math.min(size - 2, Math.floor(u))), Math.max(0, Math.min(size - 2, Math.floor(v)))];
  const [fu, fv] = [Math.max(0, Math.min(1, u - u0)), Math.max(0, Math.min(1, v - v0))];
  const at = (x: number, y: number) => plane[offset + y * size + x]!;
  return (1 - fv) * ((1 - fu) * at(u0, v0) + fu * at(u0 + 1, v0)) + fv * ((1 - fu) * at(u0, v0 + 1) + fu * at(u0 + 1, v0 + 1));
}

/** Writes the edit into `photo` in place; returns the number of pixels changed. */
export function pasteEdit(photo: RgbImage, edit: CropEdit, toCrop: Similarity): number {
  const { size } = edit;
  const back = invert(toCrop);
  const corners = [[0, 0], [size, 0], [0, size], [size, size]].map(([u, v]) => apply(back, [u!, v!]));
  const [xmin, xmax] = [Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0])))), Math.min(photo.width - 1, Math.ceil(Math.max(...corners.map((p) => p[0]))))];
  const [ymin, ymax] = [Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1])))), Math.min(photo.height - 1, Math.ceil(Math.max(...corners.map((p) => p[1]))))];
  const plane = size * size;
  let changed = 0;
  for (let y = ymin; y <= ymax; y++) {
    for (let x = xmin; x <= xmax; x++) {
      const [u, v] = apply(toCrop, [x, y]);
      const f = featherAt(u, v, size);
      if (f === 0) continue;
      const w = f * (1 - bilinear(edit.attention, size, 0, u, v));
      if (w <= 0) continue;
      const i = (y * photo.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const target = (bilinear(edit.color, size, c * plane, u, v) + 1) * 127.5;
        const old = photo.data[i + c]!;
        photo.data[i + c] = Math.max(0, Math.min(255, Math.round(old + w * (target - old))));
      }
      changed++;
    }
  }
  return changed;
}
