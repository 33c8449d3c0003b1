// The frames paired training draws from (data/video-pairs.ts): every frame of some videos where the face is followed,
// aligned to the 128 template as faces128 is, with its AUs (the mean of the estimator's and the HOG reader's readings,
// raw 0–5) and its rigid landmarks on the template (how far the head has turned from another frame's pose).
// tools/video-pairs.ts runs it on the driving videos.
import { basename } from 'node:path';
import { alignmentFor, cropAligned, RIGID_POINTS } from '../face/align.js';
import { FaceDetector } from '../face/detector.js';
import { FaceTracker } from '../face/face-tracker.js';
import { HogAuReader } from '../face/hog-au-reader.js';
import { apply } from '../face/similarity.js';
import { FaceEditor } from './face-editor.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { Progress } from '../io/progress.js';
import { SHIPPED } from '../shipped-models.js';
import { probeVideo, readFrames } from '../video/video-reader.js';

export const PAIR_FRAME_SIZE = 128;

/** Writes <out>.u8 (N × 128 × 128 × 3 bytes, RGB) and <out>.json (the clips' names, and per frame its clip, AUs and
 * rigid points); returns N. */
export async function writeVideoFrames(videos: readonly string[], out: string, progress = true): Promise<number> {
  const S = PAIR_FRAME_SIZE;
  const [detector, editor] = await Promise.all([
    FaceDetector.load(),
    FaceEditor.load({ estimator: SHIPPED.estimator }),
  ]);
  const reader = HogAuReader.load(SHIPPED.hogReader);
  const infos = videos.map((v) => probeVideo(v));
  const bar = progress
    ? new Progress(
        infos.reduce((s, i) => s + i.frames, 0),
        'frames',
        'frames',
      )
    : undefined;
  const crops: Uint8Array[] = [];
  const meta = {
    size: S,
    clips: videos.map((v) => basename(v)),
    clip: [] as number[],
    aus: [] as number[][],
    rigid: [] as number[][],
  };
  try {
    for (const [k, video] of videos.entries()) {
      const tracker = new FaceTracker(detector);
      for await (const frame of readFrames(video, infos[k]!)) {
        bar?.tick();
        const { landmarks } = await tracker.next(frame);
        if (!landmarks) continue;
        const toCrop = alignmentFor(landmarks, S);
        const crop = cropAligned(frame, toCrop, S);
        const [estimated] = await editor.estimate({
          photo: crop,
          faces: [{ toCrop, crop }],
          aligned: true,
          name: video,
        });
        const read = reader.read(crop);
        crops.push(crop.data);
        meta.clip.push(k);
        meta.aus.push(
          Array.from(estimated!, (v, i) => Math.round(((v + Math.min(5, Math.max(0, read[i]!))) / 2) * 1e4) / 1e4),
        );
        meta.rigid.push(
          RIGID_POINTS.flatMap((i) => apply(toCrop, landmarks[i]!).map((v) => Math.round(v * 100) / 100)),
        );
      }
    }
  } finally {
    await editor.dispose();
  }
  const bytes = new Uint8Array(crops.length * S * S * 3);
  crops.forEach((c, i) => bytes.set(c, i * S * S * 3));
  writeFileAtomic(`${out}.u8`, bytes);
  writeFileAtomic(`${out}.json`, Buffer.from(JSON.stringify(meta)));
  return crops.length;
}
