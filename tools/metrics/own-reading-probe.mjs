// Whether a truer reading of the input's own AUs would buy a flow generator told the change (target − own) any AU:
// each held-out face is edited towards eval's random target as the generator reads its own AUs, and again as if it
// read them as the AU estimator, the HOG reader, their mean with its head, or the labels do (the ONNX generator is
// given target − R + head, so that it acts on target − R), and each edit is read by both judges. A reading a judge
// made buys that judge its own bias on the face; what it buys the other judge is what a truer reading is worth.
// Run after `npm ci` (which builds dist/):
//   node tools/metrics/own-reading-probe.mjs <generator.onnx> [skip=500] [samples=100] [dataset]
import { loadFaceDataset } from '../../dist/src/data/face-dataset.js';
import { FaceEditor } from '../../dist/src/infer/face-editor.js';
import { OnnxModel } from '../../dist/src/runtime/onnx-model.js';
import { HogAuReader } from '../../dist/src/face/hog-au-reader.js';
import { readImage } from '../../dist/src/image/image-io.js';
import { toChw } from '../../dist/src/image/rgb-image.js';
import { seededRandom } from '../../dist/src/random/seeded-random.js';
import { evaluationSplit } from '../../dist/src/infer/evaluate-edits.js';
import { SHIPPED } from '../../dist/src/shipped-models.js';

const [gen, skip = '500', n = '100', root = '../shared/datasets/faces128'] = process.argv.slice(2);
if (!gen)
  throw new Error('usage: node tools/metrics/own-reading-probe.mjs <generator.onnx> [skip] [samples] [dataset]');
const data = loadFaceDataset(root);
const editor = await FaceEditor.load({ generator: gen, estimator: SHIPPED.estimator });
const raw = await OnnxModel.load(gen);
if (!raw.outputNames.includes('own_aus'))
  throw new Error(`${gen} reads no own AUs (not a flow generator told the change)`);
const reader = HogAuReader.load(SHIPPED.hogReader);
const { inputs } = evaluationSplit(data, Number(n), Number(skip));
const rand = seededRandom(0); // eval's targets (evaluate-edits.ts, seed 0)
const sources = ['head', 'estimator', 'reader', 'mean', 'labels'];
const error = Object.fromEntries(sources.map((s) => [s, { est: 0, hog: 0 }]));
const readingError = { head: 0, estimator: 0, reader: 0 };
const nothing = { est: 0, hog: 0 };
const l1 = (a, b) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
for (const id of inputs) {
  const crop = await readImage(data.images.get(id));
  const target = Array.from(data.aus.get(data.test[Math.floor(rand() * data.test.length)]));
  const p = await editor.prepare(crop, id, true);
  const image = { data: toChw(crop), dims: [1, 3, crop.height, crop.width] };
  const r = await raw.run({ image, aus: { data: new Float32Array(17), dims: [1, 17] } });
  const head = Array.from(r.own_aus.data, (v) => Math.min(1, Math.max(0, v)) * 5);
  const est = Array.from((await editor.estimate(p))[0]);
  const hog = Array.from(reader.read(crop));
  const label = Array.from(data.aus.get(id));
  readingError.head += l1(head, label);
  readingError.estimator += l1(est, label);
  readingError.reader += l1(hog, label);
  nothing.est += l1(est, target);
  nothing.hog += l1(hog, target);
  const readings = {
    head,
    estimator: est,
    reader: hog,
    mean: hog.map((v, i) => (v + est[i] + head[i]) / 3),
    labels: label,
  };
  const edits = await editor.render(
    p,
    sources.map((s) => [target.map((t, i) => t - readings[s][i] + head[i])]),
  );
  for (const [k, s] of sources.entries()) {
    error[s].est += l1(Array.from((await editor.estimate(await editor.prepare(edits[k], id, true)))[0]), target);
    error[s].hog += l1(Array.from(reader.read(edits[k])), target);
  }
}
const N = inputs.length;
const f = (x) => x.toFixed(3);
console.log(
  `${N} faces from test face ${skip}; own readings' MAE against the labels (raw):`,
  Object.entries(readingError)
    .map(([k, v]) => `${k} ${f(v / N)}`)
    .join(', '),
);
for (const s of sources)
  console.log(
    `own AUs read by ${s.padEnd(9)}  AU ratio: estimator ${f(error[s].est / nothing.est)}, reader ${f(error[s].hog / nothing.hog)}`,
  );
