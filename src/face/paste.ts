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

export function bilinear(plane: Float32Array, size: number, offset: number, u: number, v: number): number {
  const [u0, v0] = [Math.max(0, Math.min(size - 2, Math.floor(u))), Math.max(0, Math.min(size - 2, Math.floor(v)))];
  const [fu, fv] = [Math.max(0, Math.min(1, u - u0)), Math.max(0, Math.min(1, v - v0))];
  const at = (x: number, y: number) => plane[offset + y * size + x]!;
  return (
    (1 - fv) * ((1 - fu) * at(u0, v0) + fu * at(u0 + 1, v0)) +
    fv * ((1 - fu) * at(u0, v0 + 1) + fu * at(u0 + 1, v0 + 1))
  );
}

/** Writes the edit into `photo` in place; returns the number of pixels changed. */
export function pasteEdit(photo: RgbImage, edit: CropEdit, toCrop: Similarity): number {
  const { size } = edit;
  const back = invert(toCrop);
  const corners = [
    [0, 0],
    [size, 0],
    [0, size],
    [size, size],
  ].map(([u, v]) => apply(back, [u!, v!]));
  const [xmin, xmax] = [
    Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0])))),
    Math.min(photo.width - 1, Math.ceil(Math.max(...corners.map((p) => p[0])))),
  ];
  const [ymin, ymax] = [
    Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1])))),
    Math.min(photo.height - 1, Math.ceil(Math.max(...corners.map((p) => p[1])))),
  ];
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

export interface FlowEdit {
  /** Sampling offsets [2, size, size] (x, y), normalised with align-corners pixel centres. */
  flow: Float32Array;
  /** Blend mask [size, size]: 1 takes the warped reference. */
  mask: Float32Array;
  size: number;
}

/** RGB of a photo at a continuous position (bilinear, clamped to the border). */
export function samplePhoto(img: RgbImage, x: number, y: number, c: number): number {
  const [x0, y0] = [
    Math.max(0, Math.min(img.width - 2, Math.floor(x))),
    Math.max(0, Math.min(img.height - 2, Math.floor(y))),
  ];
  const [fx, fy] = [Math.max(0, Math.min(1, x - x0)), Math.max(0, Math.min(1, y - y0))];
  const at = (px: number, py: number) => img.data[(py * img.width + px) * 3 + c]!;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}

/**
 * GeoGAN's high-resolution transfer: the sampling grid (identity + flow) is upsampled bilinearly to
 * the target photo's own resolution and the full-resolution reference photo is warped with it, then
 * blended in by the mask (and the face-region feather), as the authors' HD test does. `target` is
 * changed in place; pixels outside the face region stay bit-identical. Returns pixels changed.
 */
export function pasteWarpedReference(
  target: RgbImage,
  reference: RgbImage,
  edit: FlowEdit,
  targetToCrop: Similarity,
  referenceToCrop: Similarity,
): number {
  const { size } = edit;
  const back = invert(targetToCrop);
  const refBack = invert(referenceToCrop);
  const corners = [
    [0, 0],
    [size, 0],
    [0, size],
    [size, size],
  ].map(([u, v]) => apply(back, [u!, v!]));
  const [xmin, xmax] = [
    Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0])))),
    Math.min(target.width - 1, Math.ceil(Math.max(...corners.map((p) => p[0])))),
  ];
  const [ymin, ymax] = [
    Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1])))),
    Math.min(target.height - 1, Math.ceil(Math.max(...corners.map((p) => p[1])))),
  ];
  const plane = size * size;
  const toPixel = (n: number) => ((n + 1) * (size - 1)) / 2;
  let changed = 0;
  for (let y = ymin; y <= ymax; y++) {
    for (let x = xmin; x <= xmax; x++) {
      const [u, v] = apply(targetToCrop, [x, y]);
      const f = featherAt(u, v, size);
      if (f === 0) continue;
      const w = f * Math.max(0, Math.min(1, bilinear(edit.mask, size, 0, u, v)));
      if (w <= 0) continue;
      // absolute sampling position in the reference crop, then in the reference photo
      const gx = (2 * u) / (size - 1) - 1 + bilinear(edit.flow, size, 0, u, v);
      const gy = (2 * v) / (size - 1) - 1 + bilinear(edit.flow, size, plane, u, v);
      const [rx, ry] = apply(refBack, [toPixel(gx), toPixel(gy)]);
      const i = (y * target.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const old = target.data[i + c]!;
        target.data[i + c] = Math.max(
          0,
          Math.min(255, Math.round(old + w * (samplePhoto(reference, rx, ry, c) - old))),
        );
      }
      changed++;
    }
  }
  return changed;
}
