// The tracker on a real driving clip: it detects once, then follows the face with the landmark net alone, and its
// landmarks stay where a fresh detection on every frame puts them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import type { RgbImage } from '../image/rgb-image.js';
import { probeVideo, readFrames } from '../video/video-reader.js';
import { FaceDetector } from './detector.js';
import { FaceTracker, landmarkBounds } from './face-tracker.js';

const clip = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'driving', 'd3.mp4');

it(
  'follows a face through 36 video frames with 2 detections, within a few percent of detecting every frame',
  { skip: existsSync(clip) ? false : `${clip} is missing: put shared/ beside the checkout` },
  async () => {
    const frames: RgbImage[] = [];
    for await (const f of readFrames(clip, probeVideo(clip))) if (frames.push(f) >= 36) break;
    const detector = await FaceDetector.load();
    const tracker = new FaceTracker(detector, { redetectEvery: 30 });
    let detections = 0;
    let error = 0;
    for (const f of frames) {
      const step = await tracker.next(f);
      assert.ok(step.landmarks, 'the face is never lost');
      detections += Number(step.detected);
      const [fresh] = await detector.detect(f);
      const size = Math.sqrt(landmarkBounds(fresh!.landmarks).width * landmarkBounds(fresh!.landmarks).height);
      error +=
        fresh!.landmarks.reduce(
          (s, p, i) => s + Math.hypot(p[0] - step.landmarks![i]![0], p[1] - step.landmarks![i]![1]),
          0,
        ) /
        68 /
        size;
    }
    assert.equal(detections, 2, 'detected at the first frame and after 30 followed ones');
    assert.ok(
      error / frames.length < 0.03,
      `mean landmark distance ${(error / frames.length).toFixed(4)} of the face's size`,
    );
  },
);
