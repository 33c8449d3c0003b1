// Faces found and time per face of each detector on crowded photos and on the driving clips: the measurement behind
// the default detector's rule (tiny detector; SSD too unless every face it found is a portrait's).
//   node dist/tools/detector-recall.js [--photos tests/fixtures/crowds] [--driving ../shared/datasets/driving]
// Photos are read as they are (every .jpg/.png in the folder); each driving clip gives up to FRAMES frames, one a second.
// Ends with one JSON line: per detector, faces found and ms per face on the photos and on the clips.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type DetectorModel, FaceDetector } from '../src/face/detector.js';
import { readImage } from '../src/image/image-io.js';
import type { RgbImage } from '../src/image/rgb-image.js';

const FRAMES = 5;
const root = resolve(import.meta.dirname, '..', '..');
const { values: v } = parseArgs({
  options: {
    photos: { type: 'string', default: join(root, 'tests', 'fixtures', 'crowds') },
    driving: { type: 'string', default: join(root, '..', 'shared', 'datasets', 'driving') },
  },
});
const images = (dir: string, ext: RegExp) =>
  readdirSync(dir)
    .filter((f) => ext.test(f))
    .sort();
const photos: [string, RgbImage][] = [];
for (const f of images(v.photos!, /\.(jpe?g|png)$/i)) photos.push([f, await readImage(join(v.photos!, f))]);
const frames: [string, RgbImage][] = [];
const tmp = mkdtempSync(join(tmpdir(), 'ganimate-recall-'));
for (const clip of images(v.driving!, /\.mp4$/)) {
  // up to FRAMES frames, one a second from the start (a shorter clip gives fewer)
  const out = join(tmp, clip);
  mkdirSync(out);
  const ffmpegArgs = ['-loglevel', 'error', '-i', join(v.driving!, clip), '-vf', 'fps=1', '-frames:v', String(FRAMES)];
  execFileSync('ffmpeg', [...ffmpegArgs, join(out, '%d.png')]);
  for (const f of images(out, /\.png$/)) frames.push([`${clip}@${f}`, await readImage(join(out, f))]);
}

const models: DetectorModel[] = ['fast', 'ssd'];
const detectors = await Promise.all(models.map((model) => FaceDetector.load({ model, maxFaces: 500 })));
for (const d of detectors) await d.warmUp();
const result: Record<string, Record<string, number>> = {};
for (const [set, list] of [
  ['photos', photos],
  ['clips', frames],
] as const) {
  const totals = models.map(() => ({ faces: 0, ms: 0 }));
  for (const [name, img] of list) {
    const row = [name.padEnd(40)];
    // the detectors alternate on each image, so that a busy machine slows both alike
    for (const [i, d] of detectors.entries()) {
      const t = performance.now();
      const n = (await d.detect(img)).length;
      const ms = performance.now() - t;
      totals[i]!.faces += n;
      totals[i]!.ms += ms;
      row.push(`${models[i]} ${String(n).padStart(3)} ${ms.toFixed(0).padStart(5)} ms`);
    }
    if (set === 'photos') console.log(row.join('  '));
  }
  models.forEach((m, i) => {
    const { faces, ms } = totals[i]!;
    result[`${set}_${m}`] = {
      images: list.length,
      faces,
      ms: Math.round(ms),
      ms_per_face: Math.round((ms / Math.max(1, faces)) * 10) / 10,
    };
    console.log(
      `${set}, ${m}: ${faces} faces in ${list.length} images, ${(ms / Math.max(1, faces)).toFixed(1)} ms a face`,
    );
  });
}
console.log(JSON.stringify({ tool: 'detector-recall', ...result }));
