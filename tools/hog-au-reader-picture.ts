// Draws docs/images/hog-au-reader-weights.jpg's picture: for each AU, where in the face the HOG AU reader reads it (the
// size of its weights per 8-px cell, red over faces128's mean test face), in rows of six in the reader's AU order.
// Run: node dist/tools/hog-au-reader-picture.js [../shared/datasets/faces128] [out.png]
import { resolve } from 'node:path';
import { AU_COUNT } from '../src/au/action-units.js';
import { FHOG_FEATURES, fhogCells } from '../src/face/fhog.js';
import { HogAuReader } from '../src/face/hog-au-reader.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { readImage, writeImage } from '../src/image/image-io.js';
import { grid, type RgbImage } from '../src/image/rgb-image.js';
import { SHIPPED } from '../src/shipped-models.js';

const root = resolve(import.meta.dirname, '..', '..');
const data = loadFaceDataset(process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'faces128'));
const out = process.argv[3] ?? 'hog-au-reader-weights.png';
const { w } = HogAuReader.load(SHIPPED.hogReader);
const [size, square, cells] = [w.cropSize, w.square, fhogCells(w.square.size, w.cell)];
const SCALE = 3;

// the mean of every fourth test face, grey
const grey = new Float64Array(size * size);
const ids = data.test.filter((_, i) => i % 4 === 0).slice(0, 400);
for (const id of ids) {
  const img = await readImage(data.images.get(id)!);
  if (img.width !== size || img.height !== size) continue;
  for (let p = 0; p < size * size; p++)
    grey[p] = grey[p]! + (img.data[3 * p]! + img.data[3 * p + 1]! + img.data[3 * p + 2]!) / (3 * ids.length);
}

const tiles: RgbImage[] = [];
for (let k = 0; k < AU_COUNT; k++) {
  const norm = new Float64Array(cells * cells);
  for (let c = 0; c < cells * cells; c++)
    for (let f = 0; f < FHOG_FEATURES; f++)
      norm[c] = norm[c]! + w.weights[(c * FHOG_FEATURES + f) * AU_COUNT + k]! ** 2;
  const top = Math.sqrt(Math.max(...norm));
  const s = square.size * SCALE;
  const tile: RgbImage = { width: s, height: s, data: new Uint8Array(s * s * 3) };
  for (let y = 0; y < s; y++)
    for (let x = 0; x < s; x++) {
      const [py, px] = [Math.floor(y / SCALE), Math.floor(x / SCALE)];
      // feature cell c covers the square's pixels 8(c+1) … 8(c+2): the border cells carry no features
      const [cy, cx] = [Math.floor(py / w.cell) - 1, Math.floor(px / w.cell) - 1];
      const inside = cy >= 0 && cy < cells && cx >= 0 && cx < cells;
      const heat = inside ? Math.sqrt(norm[cy * cells + cx]!) / top : 0;
      const g = (0.6 * grey[(square.top + py) * size + square.left + px]!) / 255;
      const o = (y * s + x) * 3;
      tile.data[o] = 255 * Math.min(1, g + 0.4 * heat);
      tile.data[o + 1] = 255 * g * (1 - 0.5 * heat);
      tile.data[o + 2] = 255 * g * (1 - heat);
    }
  tiles.push(tile);
}
await writeImage(out, grid(tiles, 6, 6));
console.log(out);
