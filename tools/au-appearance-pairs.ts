// How each Action Unit changes one person's face, measured between two photos of the same person: faces128's CelebA
// training identities with two crops each. Each crop is brought onto the template's shape by its 68 landmarks (a
// thin-plate spline from the template's landmarks to the crop's, so brows, lids, lips and folds line up before any
// averaging), its log-lightness less its local mean is taken at full resolution, and the difference between the two
// crops of an identity is regressed on the difference of their AUs (ridge, no intercept, mirror-averaged). Within a
// person, what differs between people (skin, moustache, age, sex) cancels: the same regression across people learns
// who tends to have which AUs (its maps carry moustaches, darker skin and older faces). A probe of content a warp
// cannot give, read by tools/appearance-prior-probe.ts; not used by any model.
// Run: node dist/tools/au-appearance-pairs.js [--out /tmp/au-appearance.bin] [--radius 8] [--ridge 0.01]
//   [--picture maps.png]
// Writes float32 [17 AUs, 128, 128]: the change of log-lightness per raw unit of each AU, template coordinates.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AU_COUNT } from '../src/au/action-units.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { alignedLandmarks } from '../src/face/aligned-landmarks.js';
import { FaceDetector, type Point } from '../src/face/detector.js';
import { TEMPLATE_68, TEMPLATE_SIZE as S } from '../src/face/template.js';
import { solveLinear, ThinPlate } from '../src/face/thin-plate.js';
import { samplePhoto } from '../src/face/paste.js';
import { boxBlur } from '../src/image/box-blur.js';
import { readImage, writeImage } from '../src/image/image-io.js';
import { grid, type RgbImage } from '../src/image/rgb-image.js';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { Progress } from '../src/io/progress.js';

const { values: v } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'faces128') },
    out: { type: 'string', default: join(tmpdir(), 'au-appearance.bin') },
    radius: { type: 'string', default: '8' },
    ridge: { type: 'string', default: '0.01' },
    picture: { type: 'string' },
  },
});
const data = loadFaceDataset(v.data!);
const meta = readFileSync(join(v.data!, 'meta.csv'), 'utf8').trim().split('\n');
const column = meta[0]!.split(',').indexOf('identity');
if (column < 0) throw new Error(`${v.data}/meta.csv has no identity column: the pairs need faces128's meta.csv`);
const train = new Set(data.train);
const byIdentity = new Map<string, string[]>();
for (const line of meta.slice(1)) {
  const r = line.split(',');
  if (r[column] && train.has(r[0]!)) byIdentity.set(r[column]!, [...(byIdentity.get(r[column]!) ?? []), r[0]!]);
}
const pairs = [...byIdentity.values()].filter((ids) => ids.length === 2) as [string, string][];

/** Landmarks of the pairs' crops, cached: face-api reads 11,552 crops in about two minutes. */
const cache = join(tmpdir(), `ganimate-appearance-pair-landmarks-${pairs.length}.json`);
let marks: Record<string, Point[]> = {};
if (existsSync(cache)) marks = JSON.parse(readFileSync(cache, 'utf8'));
else {
  const detector = await FaceDetector.load();
  const bar = new Progress(2 * pairs.length, 'landmarks', 'crops');
  for (const id of pairs.flat()) {
    const m = await alignedLandmarks(detector, await readImage(data.images.get(id)!));
    if (m) marks[id] = m;
    bar.tick();
  }
  writeFileAtomic(cache, Buffer.from(JSON.stringify(marks)));
}

const P = S * S;
const grid2 = Array.from({ length: P }, (_, q): Point => [q % S, Math.floor(q / S)]);
const template = new ThinPlate(TEMPLATE_68);
const radius = Number(v.radius);

/** The crop on the template's shape: log-lightness less its local mean, template pixels. */
function shapeFree(img: RgbImage, landmarks: readonly Point[]): Float64Array {
  const at = template.map(landmarks, grid2);
  const logL = new Float64Array(P);
  for (let q = 0; q < P; q++) {
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += samplePhoto(img, at[2 * q]!, at[2 * q + 1]!, c);
    logL[q] = Math.log(sum / (3 * 255) + 0.05);
  }
  const local = boxBlur(boxBlur(logL, S, radius), S, radius);
  return logL.map((l, q) => l - local[q]!);
}

const K = AU_COUNT;
const xtx = new Float64Array(K * K);
const xty = new Float64Array(K * P);
const usable = pairs.filter(([a, b]) => marks[a] && marks[b]);
const bar = new Progress(usable.length, 'pairs', 'pairs');
for (const [a, b] of usable) {
  const [ya, yb] = [
    shapeFree(await readImage(data.images.get(a)!), marks[a]!),
    shapeFree(await readImage(data.images.get(b)!), marks[b]!),
  ];
  const [au, bu] = [data.aus.get(a)!, data.aus.get(b)!];
  const x = au.map((t, k) => t - bu[k]!);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) xtx[i * K + j] = xtx[i * K + j]! + x[i]! * x[j]!;
  for (let q = 0; q < P; q++) {
    const d = ya[q]! - yb[q]!;
    for (let i = 0; i < K; i++) xty[i * P + q] = xty[i * P + q]! + x[i]! * d;
  }
  bar.tick();
}
for (let i = 0; i < K; i++) xtx[i * K + i] = xtx[i * K + i]! + Number(v.ridge) * usable.length;
// one solve per pixel of a mirror-averaged right-hand side (the AUs are bilateral)
const maps = new Float32Array(K * P);
for (let q = 0; q < P; q++) {
  const mirror = q - (q % S) + (S - 1 - (q % S));
  const rhs = Float64Array.from({ length: K }, (_, i) => (xty[i * P + q]! + xty[i * P + mirror]!) / 2);
  solveLinear(xtx, rhs, K).forEach((b, k) => (maps[k * P + q] = b));
}
writeFileAtomic(v.out!, Buffer.from(maps.buffer));
process.stderr.write(`${usable.length} pairs of ${pairs.length} (both crops' landmarks found): wrote ${v.out}\n`);
if (v.picture) {
  // grey 128 ± 600 × the change per raw unit, one tile per AU
  const tiles = Array.from({ length: K }, (_, k): RgbImage => {
    const data = new Uint8Array(3 * P);
    for (let q = 0; q < P; q++) data.fill(Math.max(0, Math.min(255, 128 + 600 * maps[k * P + q]!)), 3 * q, 3 * q + 3);
    return { width: S, height: S, data };
  });
  await writeImage(v.picture, grid(tiles, 6, 2));
}
