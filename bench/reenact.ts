// `npm run bench -- reenact`: the sample photo driven by cuts of the driving clips in ../shared/datasets/driving
// (the first 90 frames of five of them), end to end in-process with the shipped models: decode, follow the face,
// read AUs, render, encode an MP4 with sound. Reports frames per second of the smoothed run (`reenact_fps`, MP4
// encoding included), the AU tracking error (AUs read back from the output's face crop against the intended
// per-frame targets, mean absolute, raw scale) smoothed and unsmoothed with the do-nothing photo beside them, and
// the flicker (mean absolute change between consecutive output face crops, 0–255) smoothed over unsmoothed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuVector } from '../src/au/action-units.js';
import { cropAligned } from '../src/face/align.js';
import { FaceDetector } from '../src/face/detector.js';
import { readImage } from '../src/image/image-io.js';
import type { RgbImage } from '../src/image/rgb-image.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { AU_SMOOTHING, auDistance, reenact } from '../src/infer/reenact.js';
import { SHIPPED } from '../src/shipped-models.js';
import { type FrameSink, openFrameSink } from '../src/video/frame-sink.js';
import { probeVideo, readFrames } from '../src/video/video-reader.js';
import { benchArgs, log } from './harness.js';

const { sharedDir } = benchArgs();
const root = resolve(import.meta.dirname, '..', '..');
const clips = (process.env.REENACT_CLIPS ?? 'd0,d3,d11,d12,d20').split(',');
const maxFrames = Number(process.env.REENACT_FRAMES ?? 90);
const smoothing = {
  ...AU_SMOOTHING,
  minCutoff: Number(process.env.REENACT_MIN_CUTOFF ?? AU_SMOOTHING.minCutoff),
  beta: Number(process.env.REENACT_BETA ?? AU_SMOOTHING.beta),
};
const dir = mkdtempSync(join(tmpdir(), 'ganimate-bench-reenact-'));

const editor = await FaceEditor.load({ generator: SHIPPED.generator, estimator: SHIPPED.estimator });
const detector = await FaceDetector.load();
const photo = await editor.prepare(await readImage(join(root, 'assets', 'astronaut.png')), 'astronaut');
const [own] = await editor.estimate(photo);
const toCrop = photo.faces[0]!.toCrop;

async function* firstFrames(path: string, n: number): AsyncGenerator<RgbImage> {
  let k = 0;
  for await (const f of readFrames(path, probeVideo(path))) {
    yield f;
    if (++k >= n) return;
  }
}

/** Keeps each output frame's face crop (and passes frames on to an MP4 when given one). */
function measuring(next?: FrameSink): FrameSink & { crops: RgbImage[] } {
  const crops: RgbImage[] = [];
  return {
    crops,
    async write(f) {
      crops.push(cropAligned(f, toCrop, editor.size));
      await next?.write(f);
    },
    finish: async () => (next ? next.finish() : crops.length),
    abort: () => next?.abort(),
  };
}

function flicker(crops: RgbImage[]): number {
  let s = 0;
  for (let k = 1; k < crops.length; k++) {
    const [a, b] = [crops[k - 1]!.data, crops[k]!.data];
    let d = 0;
    for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
    s += d / a.length;
  }
  return s / Math.max(1, crops.length - 1);
}

async function readBack(crops: RgbImage[]): Promise<AuVector[]> {
  return editor.estimate({
    photo: crops[0]!,
    faces: crops.map((crop) => ({ toCrop: { a: 1, b: 0, tx: 0, ty: 0 }, crop })),
    aligned: true,
    name: 'output',
  });
}

const totals = {
  frames: 0,
  seconds: 0,
  flickerS: 0,
  flickerU: 0,
  errS: 0,
  errU: 0,
  errNothing: 0,
  counted: 0,
  found: 0,
};
for (const clip of clips) {
  const path = join(sharedDir, 'datasets', 'driving', `${clip}.mp4`);
  const info = probeVideo(path);
  const out = join(dir, `${clip}.mp4`);
  const smoothedSink = measuring(
    openFrameSink(out, { fps: info.fps, frames: maxFrames, audioFrom: info.hasAudio ? path : undefined }),
  );
  let t = performance.now();
  const s = await reenact(editor, detector, photo, firstFrames(path, maxFrames), smoothedSink, {
    mode: 'relative',
    smoothing,
    fps: info.fps,
  });
  await smoothedSink.finish();
  const seconds = (performance.now() - t) / 1000;
  const plainSink = measuring();
  const u = await reenact(editor, detector, photo, firstFrames(path, maxFrames), plainSink, {
    mode: 'relative',
    smoothing: null,
    fps: info.fps,
  });
  // intended targets: the unsmoothed run's, frame by frame (the driver's change as read, on the photo's own AUs)
  const intended = u.targets.map((t) => t[0]!);
  const [backS, backU] = [await readBack(smoothedSink.crops), await readBack(plainSink.crops)];
  let [eS, eU, eN, n] = [0, 0, 0, 0];
  intended.forEach((target, k) => {
    if (!u.driverAus[k]) return;
    eS += auDistance(backS[k]!, target);
    eU += auDistance(backU[k]!, target);
    eN += auDistance(own!, target);
    n++;
  });
  const [fS, fU] = [flicker(smoothedSink.crops), flicker(plainSink.crops)];
  log(
    `${clip}: ${s.frames} frames (face in ${s.framesWithFace}) in ${seconds.toFixed(1)} s = ${(s.frames / seconds).toFixed(1)} frames/s; flicker ${fS.toFixed(3)} vs ${fU.toFixed(3)} unsmoothed; AU error ${(eS / n).toFixed(3)} vs ${(eU / n).toFixed(3)} unsmoothed, ${(eN / n).toFixed(3)} doing nothing`,
  );
  totals.frames += s.frames;
  totals.found += s.framesWithFace;
  totals.seconds += seconds;
  totals.flickerS += fS * (s.frames - 1);
  totals.flickerU += fU * (u.frames - 1);
  Object.assign(totals, {
    errS: totals.errS + eS,
    errU: totals.errU + eU,
    errNothing: totals.errNothing + eN,
    counted: totals.counted + n,
  });
}
await editor.dispose();
rmSync(dir, { recursive: true, force: true });
const r3 = (v: number) => Math.round(v * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'reenact',
    clips: clips.length,
    smoothing,
    frames: totals.frames,
    face_found_share: r3(totals.found / totals.frames),
    reenact_fps: r3(totals.frames / totals.seconds),
    au_tracking_error: r3(totals.errS / totals.counted),
    au_tracking_error_unsmoothed: r3(totals.errU / totals.counted),
    au_tracking_error_vs_unsmoothed: r3(totals.errS / totals.errU),
    au_tracking_error_do_nothing: r3(totals.errNothing / totals.counted),
    flicker_vs_unsmoothed: r3(totals.flickerS / totals.flickerU),
  }),
);
