// Makes the frames that paired training draws from (ganimate train --video-pairs): every frame of the driving videos
// where the face is followed, aligned, with its AUs and rigid landmarks (src/data/video-frames.ts). Two frames of one
// clip are the same person, light and camera with two expressions: the edit of one towards the other's AUs has a real
// photograph to be compared with. The clips' licence keeps the frames out of the package: the files stay where made.
// Run: node dist/tools/video-pairs.js <out prefix> [../shared/datasets/driving]
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeVideoFrames } from '../src/data/video-frames.js';

const out = process.argv[2];
if (!out) throw new Error('usage: node dist/tools/video-pairs.js <out prefix> [driving videos folder]');
const dir = process.argv[3] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'driving');
const videos = readdirSync(dir)
  .filter((f) => f.endsWith('.mp4'))
  .sort()
  .map((f) => join(dir, f));
const n = await writeVideoFrames(videos, out);
process.stderr.write(`\n${n} frames of ${videos.length} clips: ${out}.u8, ${out}.json\n`);
