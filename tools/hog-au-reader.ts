// Makes models/au-hog-reader.json: the HOG AU reader (src/face/hog-au-reader.ts), a ridge regression of faces128's 17
// AU labels on the FHOG of OpenFace's AU square in each training crop. The ridge strength is the one with the
// lowest MAE on 4,000 training faces held out of the fit; the reader is then fitted on every training face and
// scored on the test split (its MAE per AU goes into the file's `about`).
// Run: node dist/tools/hog-au-reader.js [../shared/datasets/faces128] [out.json]
import { resolve } from 'node:path';
import { AU_COUNT, AUS, RAW_MAX } from '../src/au/action-units.js';
import { fhogCells, FHOG_FEATURES } from '../src/face/fhog.js';
import { HogAuReader, serializeHogAuWeights, type HogAuWeights } from '../src/face/hog-au-reader.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { readImage } from '../src/image/image-io.js';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { Progress } from '../src/io/progress.js';
import { FeatureStats, type GaussianStats } from '../src/metrics/feature-stats.js';
import { ridgeFromStats } from '../src/metrics/ridge.js';
import { seededRandom } from '../src/random/seeded-random.js';

const root = resolve(import.meta.dirname, '..', '..');
const data = loadFaceDataset(process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'faces128'));
const out = process.argv[3] ?? resolve(root, 'models', 'au-hog-reader.json');
/** The crops' size: the first training crop's (faces128: 128). */
const CROP = (await readImage(data.images.get(data.train[0]!)!)).width;
if (CROP % 16) throw new Error(`the crops are ${CROP} px wide; the reader needs a multiple of 16 (faces128: 128)`);
/** OpenFace's AU face (112 px at scale 0.7) inside faces128's 128-px crop at scale 0.8, and as much of other sizes. */
const SQUARE = { left: CROP / 16, top: CROP / 16, size: (CROP * 7) / 8 };
/** 12 × 12 cells of features at any size (8 px at 128). */
const CELL = CROP / 16;
const HELD_OUT = 4000;
const LAMBDAS = [3e-5, 1e-4, 3e-4, 1e-3];
const F = fhogCells(SQUARE.size, CELL) ** 2 * FHOG_FEATURES;

// an untrained reader, only to read the features the same way the fitted one will
const featureReader = HogAuReader.fromWeights({
  cropSize: CROP,
  square: SQUARE,
  cell: CELL,
  weights: new Float32Array(F * AU_COUNT),
  bias: new Float32Array(AU_COUNT),
  about: {},
});

const ids = [...data.train];
const rand = seededRandom(3);
for (let i = ids.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
}
const [fitStats, allStats] = [new FeatureStats(F + AU_COUNT), new FeatureStats(F + AU_COUNT)];
const held: { x: Float32Array; y: Float32Array }[] = [];
let skipped = 0;
const bar = new Progress(ids.length, 'HOG features', 'faces');
for (const [n, id] of ids.entries()) {
  const crop = await readImage(data.images.get(id)!);
  bar.tick();
  // faces128 holds a few uncropped photos; the reader reads aligned crops only
  if (crop.width !== CROP || crop.height !== CROP) {
    skipped++;
    continue;
  }
  const x = featureReader.featuresOf(crop);
  const y = data.aus.get(id)!;
  const z = new Float64Array(F + AU_COUNT);
  z.set(x);
  z.set(y, F);
  await allStats.add(z, 1);
  if (n < HELD_OUT) held.push({ x, y });
  else await fitStats.add(z, 1);
}

/** The reader's weights for ridge strength λ (in the features' squared units). */
async function ridge(s: GaussianStats, lambda: number): Promise<{ weights: Float32Array; bias: Float32Array }> {
  const m = await ridgeFromStats(s, AU_COUNT, lambda);
  return { weights: Float32Array.from(m.weights), bias: Float32Array.from(m.bias) };
}

const mae = (rows: { x: Float32Array; y: ArrayLike<number> }[], w: { weights: Float32Array; bias: Float32Array }) => {
  const reader = HogAuReader.fromWeights({ cropSize: CROP, square: SQUARE, cell: CELL, ...w, about: {} });
  const per = new Float64Array(AU_COUNT);
  for (const { x, y } of rows) reader.readFeatures(x).forEach((v, k) => (per[k] = per[k]! + Math.abs(v - y[k]!)));
  return Array.from(per, (s) => s / rows.length);
};
const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;

const fitted = await fitStats.finish();
let best = { lambda: NaN, mae: Infinity };
for (const lambda of LAMBDAS) {
  const e = mean(mae(held, await ridge(fitted, lambda)));
  console.error(`λ ${lambda}: held-out MAE ${e.toFixed(4)}`);
  if (e < best.mae) best = { lambda, mae: e };
}
const w = await ridge(await allStats.finish(), best.lambda);

const test: { x: Float32Array; y: ArrayLike<number> }[] = [];
const testBar = new Progress(data.test.length, 'test faces', 'faces');
for (const id of data.test) {
  const crop = await readImage(data.images.get(id)!);
  testBar.tick();
  if (crop.width === CROP && crop.height === CROP)
    test.push({ x: featureReader.featuresOf(crop), y: data.aus.get(id)! });
}
const perAu = mae(test, w);
const weights: HogAuWeights = {
  cropSize: CROP,
  square: SQUARE,
  cell: CELL,
  ...w,
  about: {
    fit: 'ridge regression on FHOG (8-px cells) of the 112-px square at (8, 8), faces128 train split',
    lambda: best.lambda,
    heldOutMae: best.mae,
    trainFaces: allStats.count,
    skippedNotAligned: skipped,
    testFaces: test.length,
    testMae: mean(perAu),
    testMaePerAu: Object.fromEntries(AUS.map((a, k) => [`AU${String(a.au).padStart(2, '0')}`, perAu[k]])),
    rawMax: RAW_MAX,
  },
};
writeFileAtomic(out, new TextEncoder().encode(serializeHogAuWeights(weights)));
console.log(JSON.stringify(weights.about));
