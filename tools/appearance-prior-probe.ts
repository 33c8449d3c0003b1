// Adds an appearance prior (tools/au-appearance-pairs.ts: per AU, the change of log-lightness per raw unit on the
// template) to a generator's edits and has both AU judges and face-api's age-and-sex net read the result: how far
// content averaged over many people's changes takes an edit, and what it costs in apparent age. Each edit of a held-out
// test face towards another test face's AUs (the targets `ganimate eval` draws, seed 0) gets, for every AU it still
// lacks (the target less the estimator's reading of the edit, at least 0.25 raw), that AU's map in its half of the face
// (brows, lids and cheeks above the nose's foot; lips, chin and jaw below its middle; AU09 between), placed by the
// edit's own 68 landmarks, multiplying its light at each `--strengths` scale.
// Run: node dist/tools/appearance-prior-probe.js --model gen.onnx [--prior /tmp/au-appearance.bin]
//   [--strengths 0.5,1,1.5] [--samples 100] [--skip 500] [--sheet out.png]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { AU_COUNT, AUS } from '../src/au/action-units.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { alignedLandmarks } from '../src/face/aligned-landmarks.js';
import { ApparentAgeMeter, ApparentAgeReader } from '../src/face/apparent-age.js';
import { faceRegion } from '../src/face/content-region.js';
import { FaceDetector, type Point } from '../src/face/detector.js';
import { HogAuReader } from '../src/face/hog-au-reader.js';
import { TEMPLATE_68, TEMPLATE_SIZE as S } from '../src/face/template.js';
import { ThinPlate } from '../src/face/thin-plate.js';
import { boxBlur } from '../src/image/box-blur.js';
import { readImage, writeImage } from '../src/image/image-io.js';
import { grid, type RgbImage } from '../src/image/rgb-image.js';
import { evaluationSplit } from '../src/infer/evaluate-edits.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { Progress } from '../src/io/progress.js';
import { seededRandom } from '../src/random/seeded-random.js';
import { SHIPPED } from '../src/shipped-models.js';

const { values: v } = parseArgs({
  options: {
    model: { type: 'string' },
    prior: { type: 'string', default: join(tmpdir(), 'au-appearance.bin') },
    strengths: { type: 'string', default: '0.5,1,1.5' },
    samples: { type: 'string', default: '100' },
    skip: { type: 'string', default: '500' },
    data: { type: 'string', default: resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'faces128') },
    sheet: { type: 'string' },
  },
});
if (!v.model) throw new Error('--model <generator.onnx> is needed: the edits the prior is added to');
const P = S * S;
const prior = new Float32Array(new Uint8Array(readFileSync(v.prior!)).buffer);
if (prior.length !== AU_COUNT * P)
  throw new Error(
    `${v.prior} holds ${prior.length} values, not ${AU_COUNT} × ${S} × ${S}: make it with au-appearance-pairs`,
  );
const strengths = v.strengths!.split(',').map(Number);

// each AU's half of the face, softened over 4 pixels, inside the face's outline softened over 3
const face = boxBlur(boxBlur(Float64Array.from(faceRegion(S)), S, 3), S, 3);
const band = (from: number, to: number) =>
  Float64Array.from({ length: P }, (_, q) => {
    const y = Math.floor(q / S);
    return Math.min(1, Math.max(0, (y - from) / 4 + 0.5)) * Math.min(1, Math.max(0, (to - y) / 4 + 0.5));
  });
const yOf = (i: number) => TEMPLATE_68[i]![1];
const [upper, lower, nose] = [band(-S, yOf(33)), band(yOf(29), 2 * S), band(yOf(19), yOf(51))];
const regionOf = (au: number) => (au === 9 ? nose : [1, 2, 4, 5, 6, 7, 45].includes(au) ? upper : lower);

const data = loadFaceDataset(v.data!);
const editor = await FaceEditor.load({ generator: v.model, estimator: SHIPPED.estimator });
const [detector, hog, ages] = [
  await FaceDetector.load(),
  HogAuReader.load(SHIPPED.hogReader),
  await ApparentAgeReader.load(),
];
const { inputs } = evaluationSplit(data, Number(v.samples), Number(v.skip));
const rand = seededRandom(0);
const rows = ['edit', ...strengths.map((s) => `edit + prior × ${s}`)];
const [est, reader] = [rows.map(() => 0), rows.map(() => 0)];
const ageMeters = rows.map(() => new ApparentAgeMeter());
let [estNothing, readerNothing] = [0, 0];
const sheet: RgbImage[] = [];
const pixels = Array.from({ length: P }, (_, q): Point => [q % S, Math.floor(q / S)]);
const bar = new Progress(inputs.length, 'probe', 'faces');
for (const [index, id] of inputs.entries()) {
  const crop = await readImage(data.images.get(id)!);
  const target = data.aus.get(data.test[Math.floor(rand() * data.test.length)]!)!;
  const p = await editor.prepare(crop, id, true);
  const [edit] = await editor.render(p, [[target]]);
  const [reading] = await editor.estimate(await editor.prepare(edit!, id, true));
  // the prior's change for what the edit still lacks, in template coordinates
  const change = new Float64Array(P);
  AUS.forEach(({ au }, k) => {
    const lack = target[k]! - reading![k]!;
    if (Math.abs(lack) < 0.25) return;
    const region = regionOf(au);
    for (let q = 0; q < P; q++) change[q] = change[q]! + lack * prior[k * P + q]! * face[q]! * region[q]!;
  });
  // each edit pixel's place on the template, by the edit's own landmarks (the input's where none are found)
  const marks = (await alignedLandmarks(detector, edit!)) ?? (await alignedLandmarks(detector, crop))!;
  const onTemplate = new ThinPlate(marks).map(TEMPLATE_68, pixels);
  const outputs = [
    edit!,
    ...strengths.map((s): RgbImage => {
      const out = new Uint8Array(3 * P);
      for (let q = 0; q < P; q++) {
        const [x, y] = [onTemplate[2 * q]!, onTemplate[2 * q + 1]!];
        const inside = x >= 0 && y >= 0 && x <= S - 1 && y <= S - 1;
        const gain = inside ? Math.exp(s * bilinear(change, x, y)) : 1;
        for (let c = 0; c < 3; c++)
          out[3 * q + c] = Math.max(0, Math.min(255, Math.round(edit!.data[3 * q + c]! * gain)));
      }
      return { width: S, height: S, data: out };
    }),
  ];
  const [readInput, hogInput, ageInput] = [(await editor.estimate(p))[0]!, hog.read(crop), await ages.read(crop)];
  for (const [r, img] of outputs.entries()) {
    const [e, h] = [(await editor.estimate(await editor.prepare(img, id, true)))[0]!, hog.read(img)];
    for (let k = 0; k < AU_COUNT; k++) {
      est[r] = est[r]! + Math.abs(e[k]! - target[k]!);
      reader[r] = reader[r]! + Math.abs(h[k]! - target[k]!);
    }
    ageMeters[r]!.add(ageInput, await ages.read(img));
  }
  for (let k = 0; k < AU_COUNT; k++) {
    estNothing += Math.abs(readInput[k]! - target[k]!);
    readerNothing += Math.abs(hogInput[k]! - target[k]!);
  }
  if (index < 12) sheet.push(crop, ...outputs);
  bar.tick();
}
const result = Object.fromEntries(
  rows.map((name, r) => [
    name,
    {
      auRatio: { estimator: est[r]! / estNothing, reader: reader[r]! / readerNothing },
      apparentAge: ageMeters[r]!.summary(),
    },
  ]),
);
if (v.sheet) await writeImage(v.sheet, grid(sheet, rows.length + 1, 2));
console.log(JSON.stringify({ model: v.model, prior: v.prior, faces: inputs.length, skip: Number(v.skip), ...result }));

/** A single-channel S × S map at (x, y), bilinear. */
function bilinear(map: Float64Array, x: number, y: number): number {
  const [x0, y0] = [Math.min(S - 2, Math.floor(x)), Math.min(S - 2, Math.floor(y))];
  const [fx, fy] = [x - x0, y - y0];
  const i = y0 * S + x0;
  return (map[i]! * (1 - fx) + map[i + 1]! * fx) * (1 - fy) + (map[i + S]! * (1 - fx) + map[i + S + 1]! * fx) * fy;
}
