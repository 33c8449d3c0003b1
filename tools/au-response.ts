// How far a generator moves each AU when asked: every held-out test face (after the first `--skip`) is edited to its
// own AUs with one AU raised to `--level` (raw, 0–5), and both AU judges (the CNN estimator and the HOG AU reader)
// read the edit and the input. Prints, per AU, the mean rise asked and the mean rise each judge reads, and, beside
// them, the same judges on real photos: the mean reading of test faces labelled at or above the level against those
// labelled below 0.5 (what a real face that far along looks like to them). A warp that cannot make an AU's content
// shows here as a small rise beside a large real one.
// Run: node dist/tools/au-response.js <generator.onnx> [--faces 30] [--skip 500] [--level 3] [--data DIR]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUS } from '../src/au/action-units.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { HogAuReader } from '../src/face/hog-au-reader.js';
import { readImage } from '../src/image/image-io.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { Progress } from '../src/io/progress.js';
import { SHIPPED } from '../src/shipped-models.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values: v, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    faces: { type: 'string', default: '30' },
    skip: { type: 'string', default: '500' },
    level: { type: 'string', default: '3' },
    data: { type: 'string', default: resolve(root, '..', 'shared', 'datasets', 'faces128') },
  },
});
const model = positionals[0];
if (!model)
  throw new Error('usage: node dist/tools/au-response.js <generator.onnx> [--faces N] [--skip N] [--level L]');
const [faces, skip, level] = [Number(v.faces), Number(v.skip), Number(v.level)];
const data = loadFaceDataset(v.data!);
const editor = await FaceEditor.load({ generator: model, estimator: SHIPPED.estimator });
const hog = HogAuReader.load(SHIPPED.hogReader);
const K = AUS.length;
const [asked, estimator, reader] = [new Float64Array(K), new Float64Array(K), new Float64Array(K)];
const ids = data.test.slice(skip, skip + faces);
const bar = new Progress(ids.length, 'faces', 'faces');
for (const id of ids) {
  const crop = await readImage(data.images.get(id)!);
  const own = data.aus.get(id)!;
  const p = await editor.prepare(crop, id, true);
  const [input] = await editor.estimate(p);
  const inputHog = hog.read(crop);
  const targets = AUS.map((_, k) => {
    const t = Float32Array.from(own);
    t[k] = Math.max(t[k]!, level);
    return [t];
  });
  const edits = await editor.render(p, targets);
  for (let k = 0; k < K; k++) {
    const [read] = await editor.estimate(await editor.prepare(edits[k]!, id, true));
    estimator[k] = estimator[k]! + (read![k]! - input![k]!) / ids.length;
    reader[k] = reader[k]! + (hog.read(edits[k]!)[k]! - inputHog[k]!) / ids.length;
    asked[k] = asked[k]! + (targets[k]![0]![k]! - own[k]!) / ids.length;
  }
  bar.tick();
}

// real photos: per AU, the judges' mean reading of test faces labelled ≥ level against those labelled < 0.5
const real = AUS.map(() => ({ high: [0, 0, 0], low: [0, 0, 0] }));
for (const id of data.test.slice(skip)) {
  const labels = data.aus.get(id)!;
  const groups = AUS.map((_, k) => (labels[k]! >= level ? 'high' : labels[k]! < 0.5 ? 'low' : undefined));
  if (!groups.some((g) => g === 'high')) continue;
  const crop = await readImage(data.images.get(id)!);
  const [read] = await editor.estimate(await editor.prepare(crop, id, true));
  const readHog = hog.read(crop);
  groups.forEach((g, k) => {
    if (g !== 'high') return;
    const h = real[k]!.high;
    h[0] = h[0]! + read![k]!;
    h[1] = h[1]! + readHog[k]!;
    h[2] = h[2]! + 1;
  });
}
for (const id of data.test.slice(skip, skip + 400)) {
  const labels = data.aus.get(id)!;
  const crop = await readImage(data.images.get(id)!);
  const [read] = await editor.estimate(await editor.prepare(crop, id, true));
  const readHog = hog.read(crop);
  labels.forEach((l, k) => {
    if (l >= 0.5) return;
    const q = real[k]!.low;
    q[0] = q[0]! + read![k]!;
    q[1] = q[1]! + readHog[k]!;
    q[2] = q[2]! + 1;
  });
}
await editor.dispose();

const rows = AUS.map((a, k) => {
  const { high, low } = real[k]!;
  const gap = (j: number) => (high[2]! && low[2]! ? high[j]! / high[2]! - low[j]! / low[2]! : NaN);
  return {
    au: `AU${String(a.au).padStart(2, '0')}`,
    asked: asked[k]!,
    estimatorRise: estimator[k]!,
    readerRise: reader[k]!,
    realFaces: high[2]!,
    realEstimatorGap: gap(0),
    realReaderGap: gap(1),
  };
});
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2).padStart(6) : '     –');
process.stderr.write(
  `AU     asked  estimator  reader   | real faces ≥ ${level} (n): estimator  reader\n` +
    rows
      .map(
        (r) =>
          `${r.au}  ${f(r.asked)}  ${f(r.estimatorRise)}     ${f(r.readerRise)}   | ${String(r.realFaces).padStart(4)}          ${f(r.realEstimatorGap)}   ${f(r.realReaderGap)}`,
      )
      .join('\n') +
    '\n',
);
console.log(JSON.stringify({ model, faces: ids.length, skip, level, perAu: rows }));
