// Makes training-state/mouth-donors.bin: real mouths cut from faces128 training crops, for a flow generator with model option
// mouthDonors to place where an edit changes the lower face (mouth-donors.ts): teeth, lips and a mouth's interior
// photographed, chosen per edit by the target's lower-face AUs and the photo's light, moustache and beard.
// Donors are frontal (the lower face nearly mirror-symmetric) and sharp; among those, farthest-point sampling over
// the matching feature spreads them over expressions and complexions.
// Run: node dist/tools/mouth-donors.js [../shared/datasets/faces128] [count]
import { writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { readImage } from '../src/image/image-io.js';
import { seededRandom } from '../src/random/seeded-random.js';
import {
  describe,
  DONOR_BOX,
  DONOR_TEMPLATE,
  FEATURE_LENGTH,
  LOWER_AUS,
  matchingFeature,
} from '../src/models/ganimation/networks/mouth-donor-geometry.js';
import { DONORS_FILE, encodeDonors } from '../src/models/ganimation/networks/mouth-donors.js';

const root = resolve(import.meta.dirname, '..', '..');
const data = loadFaceDataset(process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'faces128'));
const COUNT = Number(process.argv[3] ?? 400);
const POOL = 8000;

const rand = seededRandom(7);
const ids = [...data.train];
for (let i = ids.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
}
const pool = ids.slice(0, POOL);
const S = DONOR_TEMPLATE;
const grey = (rgb: Uint8Array, x: number, y: number) =>
  (rgb[(y * S + x) * 3]! + rgb[(y * S + x) * 3 + 1]! + rgb[(y * S + x) * 3 + 2]!) / 765;

interface Candidate {
  id: string;
  rgb: Uint8Array;
  feature: Float32Array;
  ring: number[];
  asymmetry: number;
  sharpness: number;
}
const candidates: Candidate[] = [];
for (const [n, id] of pool.entries()) {
  const img = await readImage(data.images.get(id)!);
  if (img.width !== S || img.height !== S) continue;
  let asym = 0;
  let sharp = 0;
  for (let y = 60; y < 120; y++)
    for (let x = 24; x < 64; x++) asym += Math.abs(grey(img.data, x, y) - grey(img.data, 127 - x, y));
  for (let y = 70; y < 115; y++)
    for (let x = 30; x < 98; x++) sharp += Math.abs(grey(img.data, x, y + 1) - grey(img.data, x, y));
  const averages = describe(img.data, S);
  const lower = LOWER_AUS.map((i) => data.aus.get(id)![i]!);
  candidates.push({
    id,
    rgb: img.data,
    feature: matchingFeature(lower, averages),
    ring: [averages[6]!, averages[7]!, averages[8]!],
    asymmetry: asym,
    sharpness: sharp,
  });
  if (n % 1000 === 999) console.error(`read ${n + 1} of ${pool.length}`);
}

const quantile = (v: number[], q: number) => [...v].sort((a, b) => a - b)[Math.floor(q * (v.length - 1))]!;
const maxAsym = quantile(
  candidates.map((c) => c.asymmetry),
  0.4,
);
const minSharp = quantile(
  candidates.map((c) => c.sharpness),
  0.3,
);
const eligible = candidates.filter((c) => c.asymmetry <= maxAsym && c.sharpness >= minSharp);
console.error(`${eligible.length} frontal, sharp crops of ${candidates.length}`);

// farthest-point sampling, from the most neutral mouth
const dist = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < FEATURE_LENGTH; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
};
const lowerSum = (c: Candidate) => c.feature.slice(0, LOWER_AUS.length).reduce((a, b) => a + b, 0);
let first = 0;
eligible.forEach((c, i) => {
  if (lowerSum(c) < lowerSum(eligible[first]!)) first = i;
});
const chosen = [first];
const nearest = eligible.map((c) => dist(c.feature, eligible[first]!.feature));
while (chosen.length < Math.min(COUNT, eligible.length)) {
  let far = 0;
  nearest.forEach((d, i) => {
    if (d > nearest[far]!) far = i;
  });
  chosen.push(far);
  eligible.forEach((c, i) => (nearest[i] = Math.min(nearest[i]!, dist(c.feature, eligible[far]!.feature))));
}

const B = DONOR_BOX;
const donors = chosen.map((i) => {
  const c = eligible[i]!;
  const crop = new Uint8Array(3 * B.width * B.height);
  for (let ch = 0; ch < 3; ch++)
    for (let y = 0; y < B.height; y++)
      for (let x = 0; x < B.width; x++)
        crop[(ch * B.height + y) * B.width + x] = c.rgb[((B.y + y) * S + B.x + x) * 3 + ch]!;
  return { id: c.id, feature: c.feature, ring: c.ring, crop };
});
const out = DONORS_FILE;
writeFileSync(`${out}.tmp`, encodeDonors(donors));
renameSync(`${out}.tmp`, out);
console.log(`${out}: ${donors.length} donors`);
