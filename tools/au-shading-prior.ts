// Makes src/models/ganimation/networks/au-shading-prior-data.ts: how each Action Unit changes the lightness of
// faces128's aligned 128×128 crops, measured on the dataset itself — the appearance half of the motion
// prior (tools/au-motion-prior.ts, whose landmark cache this reuses). Each crop is brought onto the
// template by its rigid landmarks, its log-lightness less its local mean (so lighting, skin tone and
// background are not read as expression) is taken on a coarse grid, and a least-squares
// fit on the 17 raw AU intensities (with an intercept) gives, per AU, the change of log-lightness per unit
// of intensity: the mouth's gap darkening as the lips part, the nasolabial folds of a smile, the
// furrow between lowered brows. Mirror-averaged, as the AUs are bilateral.
// Run: node dist/tools/au-shading-prior.js [../shared/datasets/faces128] [count]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AU_COUNT } from '../src/au/index.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { alignmentFor, cropAligned } from '../src/face/align.js';
import type { Point } from '../src/face/detector.js';
import { insidePolygon } from '../src/face/polygon.js';
import { landmarkBounds } from '../src/face/face-tracker.js';
import { TEMPLATE_68, TEMPLATE_SIZE } from '../src/face/template.js';
import { solveLinear } from '../src/face/thin-plate.js';
import { boxBlur } from '../src/image/box-blur.js';
import { readImage } from '../src/image/image-io.js';
import { Progress } from '../src/io/progress.js';

const root = resolve(import.meta.dirname, '..', '..');
const count = Number(process.argv[3] ?? 12000);
const cache = join(tmpdir(), `ganimate-au-motion-landmarks-${count}.json`);
if (!existsSync(cache))
  throw new Error(`no landmark cache at ${cache}: run node dist/tools/au-motion-prior.js <data> ${count} first`);
const data = loadFaceDataset(process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'faces128'));
const found: { id: string; marks: Point[] }[] = JSON.parse(readFileSync(cache, 'utf8'));

/** Cells per side: 4 pixels each, finer than landmarks place a face, coarser than its texture. */
const G = 32;
const cell = TEMPLATE_SIZE / G;
const box = landmarkBounds(TEMPLATE_68);
/** The local mean's box radius (pixels; applied twice, a tent about a third of the face wide). */
const LOCAL_RADIUS = 10;

// the face: inside the jaw line and the brows raised to take in the forehead's wrinkles; the fields fade
// to 0 across its edge (hair and background change with the photo, not with the expression)
const FOREHEAD = 0.06 * box.height;
const outline: Point[] = [
  ...TEMPLATE_68.slice(0, 17),
  ...TEMPLATE_68.slice(17, 27)
    .reverse()
    .map(([x, y]): Point => [x, y - FOREHEAD]),
];
const mask = new Float64Array(TEMPLATE_SIZE * TEMPLATE_SIZE);
for (let v = 0; v < TEMPLATE_SIZE; v++)
  for (let u = 0; u < TEMPLATE_SIZE; u++) mask[v * TEMPLATE_SIZE + u] = insidePolygon([u, v], outline) ? 1 : 0;
const soft = boxBlur(boxBlur(mask, TEMPLATE_SIZE, 3), TEMPLATE_SIZE, 3);
const weight = new Float64Array(G * G);
for (let v = 0; v < TEMPLATE_SIZE; v++)
  for (let u = 0; u < TEMPLATE_SIZE; u++) {
    const c = Math.floor(v / cell) * G + Math.floor(u / cell);
    weight[c] = weight[c]! + soft[v * TEMPLATE_SIZE + u]! / (cell * cell);
  }
const inFace = [...weight.keys()].filter((c) => weight[c]! > 0.99);

const p = AU_COUNT + 1;
const xtx = new Float64Array(p * p);
const xty = Array.from({ length: G * G }, () => new Float64Array(p));
const rows: { x: number[]; y: Float64Array }[] = [];
const bar = new Progress(found.length, 'shading', 'faces');
for (const { id, marks } of found) {
  const aligned = cropAligned(await readImage(data.images.get(id)!), alignmentFor(marks));
  // log-lightness (a shading multiplies the light a surface returns), less its local mean: the folds, gaps
  // and furrows an expression makes, not the light falling on the face or the background behind it
  const S = TEMPLATE_SIZE;
  const logL = new Float64Array(S * S);
  for (let k = 0; k < S * S; k++)
    logL[k] = Math.log((aligned.data[3 * k]! + aligned.data[3 * k + 1]! + aligned.data[3 * k + 2]!) / (3 * 255) + 0.05);
  const local = boxBlur(boxBlur(logL, S, LOCAL_RADIUS), S, LOCAL_RADIUS);
  const y = new Float64Array(G * G);
  for (let v = 0; v < S; v++)
    for (let u = 0; u < S; u++) {
      const c = Math.floor(v / cell) * G + Math.floor(u / cell);
      y[c] = y[c]! + (logL[v * S + u]! - local[v * S + u]!) / (cell * cell);
    }
  const x = [1, ...data.aus.get(id)!];
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) xtx[i * p + j] = xtx[i * p + j]! + x[i]! * x[j]!;
    for (let c = 0; c < y.length; c++) xty[c]![i] = xty[c]![i]! + x[i]! * y[c]!;
  }
  rows.push({ x, y });
  bar.tick();
}
for (let i = 1; i < p; i++) xtx[i * p + i] = xtx[i * p + i]! + 1e-3 * rows.length;
const coef = xty.map((b) => solveLinear(xtx, b, p)); // [G·G][p]
let total = 0;
let left = 0;
for (const { x, y } of rows)
  for (const c of inFace) {
    const fit = coef[c]!.reduce((s, b, i) => s + b * x[i]!, 0);
    total += (y[c]! - coef[c]![0]!) ** 2;
    left += (y[c]! - fit) ** 2;
  }
const explained = ((1 - left / total) * 100).toFixed(1);
const perAu = Array.from({ length: AU_COUNT }, (_, k) =>
  Array.from({ length: G * G }, (_, c) => {
    const [i, j] = [Math.floor(c / G), c % G];
    const m = i * G + (G - 1 - j);
    return Math.round((((weight[c]! + weight[m]!) * (coef[c]![k + 1]! + coef[m]![k + 1]!)) / 4) * 10000) / 10000;
  }),
);
const out = `// Generated by tools/au-shading-prior.ts from ${rows.length} faces128 training crops; do not edit.
// Per AU (SPEC order), the change of log-lightness per unit of raw intensity on a ${G}×${G} grid over the
// aligned 128×128 frame, row by row (rigidly aligned, local mean removed, least squares with an intercept,
// mirror-averaged; the AUs explain ${explained} % of the face cells' spread).
export const AU_SHADING_GRID = ${G};
export const AU_SHADING: readonly (readonly number[])[] = [
${perAu.map((m) => `  ${JSON.stringify(m)},`).join('\n')}
];
`;
writeFileSync(join(root, 'src', 'models', 'ganimation', 'networks', 'au-shading-prior-data.ts'), out);
process.stderr.write(`wrote the shading of ${AU_COUNT} AUs from ${rows.length} faces; explained ${explained} %\n`);
