// Makes the frames that paired training draws from (ganimate train --video-pairs) and that `ganimate eval
// --video-pairs` scores on: every frame of the driving videos where the face is followed, aligned, with its AUs and
// rigid landmarks (src/infer/video-frames.ts). Two frames of one clip are the same person, light and camera with two
// expressions: the edit of one towards the other's AUs has a real photograph to be compared with. Two clips (two
// people) are held out by default, so that eval scores people the training never saw. The clips' licence keeps the
// frames out of the package: the files stay where they are made.
// Run: node dist/tools/video-pairs.js <out prefix> [driving videos folder] [held-out clips, comma separated | none]
// Writes <out>.u8/.json (the other clips) and <out>-held-out.u8/.json.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeVideoFrames } from '../src/infer/video-frames.js';

const out = process.argv[2];
if (!out)
  throw new Error('usage: node dist/tools/video-pairs.js <out prefix> [driving videos folder] [held-out clips | none]');
const dir = process.argv[3] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'driving');
const heldOut = (process.argv[4] ?? 'd10.mp4,d18.mp4').split(',').filter((c) => c && c !== 'none');
if (!existsSync(dir))
  throw new Error(`${dir} does not exist; pass the folder of driving videos as the second argument`);
const clips = readdirSync(dir)
  .filter((f) => f.endsWith('.mp4'))
  .sort();
for (const c of heldOut) if (!clips.includes(c)) throw new Error(`held-out clip ${c} is not in ${dir}`);
const kept = clips.filter((c) => !heldOut.includes(c));
const n = await writeVideoFrames(
  kept.map((c) => join(dir, c)),
  out,
);
process.stderr.write(`\n${n} frames of ${kept.length} clips: ${out}.u8, ${out}.json\n`);
if (heldOut.length) {
  const m = await writeVideoFrames(
    heldOut.map((c) => join(dir, c)),
    `${out}-held-out`,
  );
  process.stderr.write(`\n${m} frames of the held-out ${heldOut.join(', ')}: ${out}-held-out.u8, .json\n`);
}
