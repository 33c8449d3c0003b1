// How far a warp of the photo's own pixels can take a face towards another of its real expressions. Pairs of frames of
// one person (data/video-pairs.ts, the head not turned between them): the first frame is warped by the real motion of
// its 68 landmarks to the second's (face-api's landmarks on both aligned frames, spread over the crop by a thin-plate
// spline, the crop's border held still). Both AU judges read the warp, the first frame (doing nothing) and, optionally,
// a generator's edit of the first frame towards the second's AUs, each against that judge's own reading of the second
// frame. The warp's ratio is the AU error any landmark-driven warp would keep if it moved every landmark exactly as the
// person did: where it stays far above a judge's reading of the real frame, what is missing is content, not motion.
// The judges' own noise is read beside: the same error between consecutive frames of a clip (one video frame apart,
// the expression unchanged), over doing nothing's on the chosen pairs, is the lowest ratio any edit could show.
// Run: node dist/tools/warp-ceiling.js <pairs prefix> [--pairs 200] [--from 1000] [--seed 0] [--model gen.onnx]
//   [--floor 200] [--dump F] [--warped F] [--sheet out.png]
// --sheet writes the first 8 pairs as rows: the first frame, each row's image (warp, edit, given) and the second.
// --dump F writes the chosen pairs to F (per pair the first frame, then the second; 128 × 128 RGB bytes) for a warp
// made elsewhere, and --warped F judges such warps (one image per chosen pair, in order) as a third row, `given`:
// tools/warp-ceiling-flow.py makes them by dense optical flow (OpenCV's Farnebäck), a warp not held to 68 points.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AUS, RAW_MAX } from '../src/au/action-units.js';
import { VideoPairs } from '../src/data/video-pairs.js';
import { faceRegion } from '../src/face/content-region.js';
import { alignedLandmarks } from '../src/face/aligned-landmarks.js';
import { FaceDetector, type Point } from '../src/face/detector.js';
import { HogAuReader } from '../src/face/hog-au-reader.js';
import { samplePhoto } from '../src/face/paste.js';
import { ThinPlate } from '../src/face/thin-plate.js';
import { writeImage } from '../src/image/image-io.js';
import { blankImage, fromChw, grid, type RgbImage } from '../src/image/rgb-image.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { Progress } from '../src/io/progress.js';
import { seededRandom } from '../src/random/seeded-random.js';
import { SHIPPED } from '../src/shipped-models.js';

const { values: v, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pairs: { type: 'string', default: '200' },
    from: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '0' },
    model: { type: 'string' },
    floor: { type: 'string', default: '200' },
    dump: { type: 'string' },
    warped: { type: 'string' },
    sheet: { type: 'string' },
  },
});
const prefix = positionals[0];
if (!prefix)
  throw new Error(
    'usage: node dist/tools/warp-ceiling.js <pairs prefix> [--pairs N] [--from M] [--seed S] [--model G]',
  );
const [kept, drawn, seed] = [Number(v.pairs), Number(v.from), Number(v.seed)];
const S = 128;
const P = S * S;
const pairs = VideoPairs.load(prefix, S);
const batch = pairs.draw(drawn, seededRandom(seed));
// the pairs whose AUs differ most (by the stored readings): an edit has something to do there
const change = Array.from({ length: drawn }, (_, k) => {
  let s = 0;
  for (let a = 0; a < 17; a++) s += Math.abs(batch.toCond[k * 17 + a]! - batch.fromCond[k * 17 + a]!) * RAW_MAX;
  return { k, change: s / 17 };
});
const chosen = change.sort((a, b) => b.change - a.change).slice(0, kept);
const frameBytes = P * 3;
if (v.dump) {
  const bytes = new Uint8Array(chosen.length * 2 * frameBytes);
  chosen.forEach(({ k }, n) => {
    bytes.set(fromChw(batch.from.subarray(k * 3 * P, (k + 1) * 3 * P), S, S).data, 2 * n * frameBytes);
    bytes.set(fromChw(batch.to.subarray(k * 3 * P, (k + 1) * 3 * P), S, S).data, (2 * n + 1) * frameBytes);
  });
  writeFileAtomic(v.dump, bytes);
}
if (v.warped && !existsSync(v.warped))
  throw new Error(`--warped ${v.warped} does not exist; write the pairs with --dump F and warp them first`);
const given = v.warped ? new Uint8Array(readFileSync(v.warped)) : undefined;
if (given && given.length !== chosen.length * frameBytes)
  throw new Error(
    `--warped ${v.warped} holds ${given.length / frameBytes} images, not the ${chosen.length} chosen pairs`,
  );

const detector = await FaceDetector.load();
const judge = await FaceEditor.load({ estimator: SHIPPED.estimator });
const editor = v.model ? await FaceEditor.load({ generator: v.model, estimator: SHIPPED.estimator }) : undefined;
const hog = HogAuReader.load(SHIPPED.hogReader);

/** Border points held still: every 16 px round the crop. */
const BORDER: Point[] = [];
for (let t = 0; t < S; t += 16) BORDER.push([t, 0], [S - 1, t], [S - 1 - t, S - 1], [0, S - 1 - t]);

/** The first frame warped so that its landmarks land on the second's: each output pixel samples the first frame where
 * the spline through the second's landmarks (value: first − second) sends it. */
function warpTo(first: RgbImage, a: readonly Point[], b: readonly Point[]): RgbImage {
  const tps = new ThinPlate([...b, ...BORDER]);
  const zero = BORDER.map(() => 0);
  const at: Point[] = [];
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) at.push([x, y]);
  const dx = tps.interpolate([...a.map((p, i) => p[0] - b[i]![0]), ...zero], at);
  const dy = tps.interpolate([...a.map((p, i) => p[1] - b[i]![1]), ...zero], at);
  const out = blankImage(S, S);
  for (let i = 0; i < P; i++)
    for (let c = 0; c < 3; c++)
      out.data[i * 3 + c] = Math.round(samplePhoto(first, (i % S) + dx[i]!, Math.floor(i / S) + dy[i]!, c));
  return out;
}

const face = faceRegion(S);
const faceArea = 3 * face.reduce((s, x) => s + x, 0);
/** Mean absolute difference over the face, [-1, 1] values (as `eval --video-pairs`). */
function distance(a: RgbImage, b: RgbImage): number {
  let s = 0;
  for (let i = 0; i < P; i++)
    if (face[i]) for (let c = 0; c < 3; c++) s += Math.abs(a.data[i * 3 + c]! - b.data[i * 3 + c]!);
  return s / faceArea / 127.5;
}

async function readings(img: RgbImage): Promise<[Float32Array, Float32Array]> {
  const [est] = await judge.estimate(await judge.prepare(img, 'pair', true));
  return [Float32Array.from(est!), Float32Array.from(hog.read(img), (x) => Math.min(RAW_MAX, Math.max(0, x)))];
}
const mae = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / a.length;

type Row = { error: [number, number]; perAu: [Float64Array, Float64Array]; distance: number };
const blank = (): Row => ({ error: [0, 0], perAu: [new Float64Array(17), new Float64Array(17)], distance: 0 });
const rows = { doNothing: blank(), warp: blank(), edit: blank(), given: blank() };
let used = 0;
const sheetRows: RgbImage[] = [];
let sheetColumns = 0;
const bar = new Progress(chosen.length, 'pairs', 'pairs');
for (const [n, { k }] of chosen.entries()) {
  bar.tick();
  const first = fromChw(batch.from.subarray(k * 3 * P, (k + 1) * 3 * P), S, S);
  const second = fromChw(batch.to.subarray(k * 3 * P, (k + 1) * 3 * P), S, S);
  const [a, b] = [await alignedLandmarks(detector, first), await alignedLandmarks(detector, second)];
  if (!a || !b) continue;
  used++;
  const truth = await readings(second);
  const shown: [keyof typeof rows, RgbImage][] = [
    ['doNothing', first],
    ['warp', warpTo(first, a, b)],
  ];
  if (editor) {
    const target = Float32Array.from(batch.toCond.subarray(k * 17, (k + 1) * 17), (x) => x * RAW_MAX);
    const [out] = await editor.render(await editor.prepare(first, 'pair', true), [[target]]);
    shown.push(['edit', out!]);
  }
  if (given) shown.push(['given', { width: S, height: S, data: given.slice(n * frameBytes, (n + 1) * frameBytes) }]);
  sheetColumns = shown.length + 1;
  if (v.sheet && sheetRows.length < 8 * sheetColumns) sheetRows.push(...shown.map(([, img]) => img), second);
  for (const [name, img] of shown) {
    const read = await readings(img);
    const row = rows[name];
    for (let j = 0; j < 2; j++) {
      row.error[j] = row.error[j]! + mae(read[j]!, truth[j]!);
      for (let au = 0; au < 17; au++) row.perAu[j]![au] = row.perAu[j]![au]! + Math.abs(read[j]![au]! - truth[j]![au]!);
    }
    row.distance += distance(img, second);
  }
}

// the judges' noise: consecutive frames of one clip, spread over the file
const noise: [number, number] = [0, 0];
let consecutive = 0;
const floorPairs = Number(v.floor);
for (let t = 0; t < floorPairs; t++) {
  const i = Math.floor(((t + 0.5) * (pairs.frames - 1)) / floorPairs);
  if (pairs.clipOf(i) !== pairs.clipOf(i + 1)) continue;
  const [a, b] = [await readings(fromChw(pairs.frame(i), S, S)), await readings(fromChw(pairs.frame(i + 1), S, S))];
  for (let j = 0; j < 2; j++) noise[j] = noise[j]! + mae(a[j]!, b[j]!);
  consecutive++;
}
await judge.dispose();
await editor?.dispose();
if (v.sheet && sheetRows.length) await writeImage(v.sheet, grid(sheetRows, sheetColumns, 2));

const base = rows.doNothing;
const summary = (row: Row) => ({
  auRatio: { estimator: row.error[0] / base.error[0], reader: row.error[1] / base.error[1] },
  auError: { estimator: row.error[0] / used, reader: row.error[1] / used },
  pixelRatio: row.distance / base.distance,
});
const perAu = (row: Row) =>
  Object.fromEntries(
    AUS.map((au, i) => [
      `AU${String(au.au).padStart(2, '0')}`,
      [row.perAu[0][i]! / base.perAu[0][i]!, row.perAu[1][i]! / base.perAu[1][i]!].map(
        (x) => Math.round(x * 1000) / 1000,
      ),
    ]),
  );
console.log(
  JSON.stringify({
    pairs: used,
    drawn,
    meanAuChange: chosen.reduce((s, c) => s + c.change, 0) / chosen.length,
    doNothing: { auError: summary(base).auError },
    judgesNoise: {
      pairs: consecutive,
      auError: { estimator: noise[0] / consecutive, reader: noise[1] / consecutive },
      auRatio: {
        estimator: noise[0] / consecutive / (base.error[0] / used),
        reader: noise[1] / consecutive / (base.error[1] / used),
      },
    },
    warp: { ...summary(rows.warp), perAu: perAu(rows.warp) },
    ...(editor ? { edit: { model: v.model, ...summary(rows.edit), perAu: perAu(rows.edit) } } : {}),
    ...(given ? { given: { file: v.warped, ...summary(rows.given), perAu: perAu(rows.given) } } : {}),
  }),
);
