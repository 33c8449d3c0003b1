// How alike ganimate's two AU readers read real faces from outside faces128: every tenth frame of the driving
// videos (one person each, strong expressions), each face detected and aligned by the face pipeline, read by the CNN
// estimator and by the HOG AU reader. Prints, per AU, the correlation of the two readings over the frames and their
// mean absolute difference, as JSON. The model card of models/au-hog-reader.json quotes it.
// Run: node dist/tools/au-reader-agreement.js [../shared/datasets/driving]
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AU_COUNT, AUS } from '../src/au/action-units.js';
import { HogAuReader } from '../src/face/hog-au-reader.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { Progress } from '../src/io/progress.js';
import { SHIPPED } from '../src/shipped-models.js';
import { probeVideo, readFrames } from '../src/video/video-reader.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'driving');
const EVERY = 10;
const clips = readdirSync(dir)
  .filter((f) => f.endsWith('.mp4'))
  .sort();
const editor = await FaceEditor.load({ estimator: SHIPPED.estimator });
const hog = HogAuReader.load(SHIPPED.hogReader);
const [cnnReads, hogReads] = [[] as Float32Array[], [] as Float32Array[]];
const bar = new Progress(clips.length, 'clips', 'clips');
for (const clip of clips) {
  const path = join(dir, clip);
  let n = 0;
  for await (const frame of readFrames(path, probeVideo(path))) {
    if (n++ % EVERY) continue;
    const p = await editor.prepare(frame, `${clip} frame ${n - 1}`).catch(() => undefined);
    if (!p) continue; // no face in this frame
    cnnReads.push((await editor.estimate(p))[0]!);
    hogReads.push(hog.read(p.faces[0]!.crop));
  }
  bar.tick();
}
await editor.dispose();

const perAu = AUS.map((a, k) => {
  const [x, y] = [cnnReads.map((r) => r[k]!), hogReads.map((r) => r[k]!)];
  const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let [sxy, sxx, syy, mad] = [0, 0, 0, 0];
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
    mad += Math.abs(xi - y[i]!) / x.length;
  });
  return {
    au: `AU${String(a.au).padStart(2, '0')}`,
    r: sxy / Math.sqrt(sxx * syy),
    meanAbsDifference: mad,
    cnnMean: mx,
    hogMean: my,
  };
});
const avg = (f: (v: (typeof perAu)[number]) => number) => perAu.reduce((s, v) => s + f(v), 0) / AU_COUNT;
console.log(
  JSON.stringify({
    frames: cnnReads.length,
    clips: clips.length,
    every: EVERY,
    meanR: avg((v) => v.r),
    meanAbsDifference: avg((v) => v.meanAbsDifference),
    perAu,
  }),
);
