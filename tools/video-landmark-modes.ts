// Makes src/models/ganimation/networks/landmark-modes-data.ts: the ways real faces move their 68 landmarks within one
// person, measured on the driving videos. Each clip's face is followed frame by frame (FaceTracker), its landmarks
// brought onto the template by the rigid points (as tools/au-motion-prior.ts does), and that clip's mean taken away, so
// what is left is expression (and what rigid alignment leaves of head turn), not identity. The deviations of all clips,
// made left-right symmetric (bilateral, as OpenFace's intensities; this also cancels most of head turn), give by
// principal components the modes: each mode is a motion of the 68 landmarks of one standard deviation, in pixels of
// the aligned 128×128 frame. The flow generator's landmark head mixes them with the 17 AU motions (landmarkFlow
// 'modes'), so it can make motions that the AU means do not span but faces do.
// Run: node dist/tools/video-landmark-modes.js [../shared/datasets/driving] [modes]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alignmentFor } from '../src/face/align.js';
import { FaceDetector, type Point } from '../src/face/detector.js';
import { FaceTracker } from '../src/face/face-tracker.js';
import { apply } from '../src/face/similarity.js';
import { Progress } from '../src/io/progress.js';
import { probeVideo, readFrames } from '../src/video/video-reader.js';
import { symmetricPart } from '../src/face/mirror.js';
import { symmetricEigen } from '../src/metrics/symmetric-eigen.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'driving');
const modes = Number(process.argv[3] ?? 8);
const clips = readdirSync(dir)
  .filter((f) => f.endsWith('.mp4'))
  .sort();

// the aligned landmarks of every frame, per clip, kept between runs (the slow part)
const cache = join(tmpdir(), `ganimate-video-landmarks-${clips.length}.json`);
const tracks: Record<string, number[][]> = existsSync(cache) ? JSON.parse(readFileSync(cache, 'utf8')) : {};
if (!Object.keys(tracks).length) {
  const detector = await FaceDetector.load();
  const infos = clips.map((c) => probeVideo(join(dir, c)));
  const bar = new Progress(
    infos.reduce((s, i) => s + i.frames, 0),
    'landmarks',
    'frames',
  );
  for (const [k, clip] of clips.entries()) {
    const tracker = new FaceTracker(detector);
    const rows: number[][] = [];
    for await (const frame of readFrames(join(dir, clip), infos[k]!)) {
      const { landmarks } = await tracker.next(frame);
      bar.tick();
      if (!landmarks) continue;
      const toTemplate = alignmentFor(landmarks);
      rows.push(landmarks.flatMap((m) => apply(toTemplate, m)));
    }
    tracks[clip] = rows;
  }
  writeFileAtomic(cache, Buffer.from(JSON.stringify(tracks)));
}

// within-clip deviations, each with its mirror image (left and right landmarks swapped, x negated): the covariance of
// the pair is that of the deviations' symmetric and antisymmetric parts, and only the symmetric eigenvectors are kept
const D = 136;
const cov = new Float64Array(D * D);
let n = 0;
function add(v: Float64Array): void {
  for (let i = 0; i < D; i++) for (let j = 0; j <= i; j++) cov[i * D + j] = cov[i * D + j]! + v[i]! * v[j]!;
  n++;
}
let frames = 0;
for (const all of Object.values(tracks)) {
  if (all.length < 10) continue;
  // frames whose landmarks lie far from the clip's mean (root-mean-square over landmarks, over 3 × the clip's median)
  // are the tracker's slips, not expressions
  const spread = (rows: number[][]) => {
    const mean = new Float64Array(D);
    for (const r of rows) r.forEach((v, c) => (mean[c] = mean[c]! + v / rows.length));
    return { mean, rms: rows.map((r) => Math.sqrt(r.reduce((s, v, c) => s + (v - mean[c]!) ** 2, 0) / 68)) };
  };
  const first = spread(all);
  const median = [...first.rms].sort((a, b) => a - b)[Math.floor(first.rms.length / 2)]!;
  const rows = all.filter((_, i) => first.rms[i]! < 3 * median);
  const { mean } = spread(rows);
  for (const r of rows) {
    const dev = new Float64Array(D);
    r.forEach((v, c) => (dev[c] = v - mean[c]!));
    add(symmetricPart(dev));
    frames++;
  }
}
for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) cov[j * D + i] = cov[i * D + j] = cov[i * D + j]! / n;
for (let i = 0; i < D; i++) cov[i * D + i] = cov[i * D + i]! / n;

const { values, vectors } = symmetricEigen(cov, D);
const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
const kept = Array.from({ length: modes }, (_, k) => {
  const sd = Math.sqrt(Math.max(values[k]!, 0));
  return Array.from({ length: 68 }, (_, l): Point => [
    round(vectors[k * D + 2 * l]! * sd),
    round(vectors[k * D + 2 * l + 1]! * sd),
  ]);
});
const share = values.slice(0, modes).reduce((s, v) => s + v, 0) / total;
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
const spreads = Array.from(values.slice(0, modes), (v) => Math.sqrt(v).toFixed(2)).join(', ');
const out = `// Generated by tools/video-landmark-modes.ts from ${frames} frames of ${clips.length} driving clips; do not edit.
// The ${modes} principal within-person motions of face-api's 68 landmarks (symmetric part, rigidly aligned, each
// clip's mean taken away, the tracker's slips left out), each of one standard deviation, in pixels of the aligned
// 128×128 frame; they hold ${(share * 100).toFixed(1)} % of the symmetric spread.
// Standard deviations (px): ${spreads}.
export const LANDMARK_MODES: readonly (readonly (readonly [number, number])[])[] = [
${kept.map((m) => `  ${JSON.stringify(m)},`).join('\n')}
];
`;
writeFileAtomic(join(root, 'src', 'models', 'ganimation', 'networks', 'landmark-modes-data.ts'), Buffer.from(out));
process.stderr.write(`wrote ${modes} modes from ${frames} frames; they hold ${(share * 100).toFixed(1)} %\n`);
