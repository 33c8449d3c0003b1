// Sample grids: for fixed inputs and targets, rows of input | edit | attention | colour.
import { fromChw, grid, type RgbImage } from '../image/rgb-image.js';

/** Tensors as host arrays: image [B,3,S,S] in [-1,1]; attention [B,1,S,S] in [0,1]. */
export function sampleGrid(
  input: Float32Array,
  edit: Float32Array,
  attention: Float32Array,
  color: Float32Array,
  batch: number,
  size: number,
): RgbImage {
  const plane = 3 * size * size;
  const tiles: RgbImage[] = [];
  for (let b = 0; b < batch; b++) {
    const one = (t: Float32Array) => fromChw(t.subarray(b * plane, (b + 1) * plane), size, size);
    const a = attention.subarray(b * size * size, (b + 1) * size * size);
    const att = new Float32Array(plane);
    for (let c = 0; c < 3; c++) for (let i = 0; i < size * size; i++) att[c * size * size + i] = a[i]! * 2 - 1;
    tiles.push(one(input), one(edit), fromChw(att, size, size), one(color));
  }
  return grid(tiles, 4, 2);
}
