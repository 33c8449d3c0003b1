// `npm run bench -- animate`: the sample photo animated to surprise by the real command, start-up included, with the
// shipped models: 24 and 120 frames as GIF, animated WebP, MP4 and a folder of PNG frames; the CLI's start-up alone
// (`--help`) and one edit (start-up and model loading dominate it). Then the GIF encoder alone on the 24 rendered
// frames against ffmpeg's palettegen + paletteuse on the same frames, in the same run (`gif_vs_ffmpeg`), with each
// one's mean absolute error against the frames beside that of libvips' encoder that ganimate used before (`gif_mae`,
// `gif_mae_ffmpeg`, `gif_mae_libvips`). One JSON line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { encodeGif } from '../src/image/gif-encoder.js';
import { readImage } from '../src/image/image-io.js';
import type { RgbImage } from '../src/image/rgb-image.js';
import { ffmpegPath } from '../src/video/ffmpeg.js';
import { log, median } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'ganimate.js');
const photo = join(root, 'assets', 'astronaut.png');
const dir = mkdtempSync(join(tmpdir(), 'ganimate-bench-animate-'));
const reps = Number(process.env.BENCH_REPS ?? 3);

function ganimate(...args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ganimate ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t;
}

const timed = (name: string, ...args: string[]) => {
  const ms = median(Array.from({ length: reps }, () => ganimate(...args)));
  log(`${name}: ${ms.toFixed(0)} ms (median of ${reps})`);
  return Math.round(ms);
};

const result: Record<string, number | boolean> = {};
// start-up: the CLI's process and module graph alone; then one edit (start-up, models, detection, one frame)
result.startup_ms = timed('start-up (ganimate --help)', '--help');
result.edit_ms = timed('edit', 'edit', photo, '--emotion', 'happy', '-o', join(dir, 'happy.jpg'));
for (const frames of [24, 120]) {
  for (const [format, out] of [
    ['gif', 'a.gif'],
    ['webp', 'a.webp'],
    ['mp4', 'a.mp4'],
    ['frames', `frames-${frames}/`],
  ] as const) {
    result[`animate_${frames}_${format}_ms`] = timed(
      `${frames} frames, ${format}`,
      'animate',
      photo,
      '--to',
      'surprise',
      '--frames',
      String(frames),
      '-o',
      join(dir, out),
    );
  }
}
const ffmpeg = ffmpegPath();

// the encoders alone, on the same 24 rendered frames
const files = readdirSync(join(dir, 'frames-24')).sort();
const frames: RgbImage[] = await Promise.all(files.map((f) => readImage(join(dir, 'frames-24', f))));
const source = Buffer.concat(frames.map((f) => f.data));
const { width: w, height: h } = frames[0]!;
async function mae(gif: Uint8Array): Promise<number> {
  const pixels = await sharp(gif, { animated: true }).removeAlpha().raw().toBuffer();
  let e = 0;
  for (let i = 0; i < source.length; i++) e += Math.abs(pixels[i]! - source[i]!);
  return Math.round((e / source.length) * 1000) / 1000;
}
const runs: { ours: number; ffmpeg: number }[] = [];
let ours: Uint8Array = new Uint8Array();
let theirs: Uint8Array = new Uint8Array();
for (let r = 0; r < reps; r++) {
  let t = performance.now();
  ours = encodeGif(frames, 12);
  const oursMs = performance.now() - t;
  t = performance.now();
  const f = spawnSync(
    ffmpeg,
    [
      '-v',
      'error',
      '-framerate',
      '12',
      '-i',
      join(dir, 'frames-24', 'frame_%05d.png'),
      '-filter_complex',
      'split[a][b];[a]palettegen[p];[b][p]paletteuse',
      '-loop',
      '0',
      '-f',
      'gif',
      '-',
    ],
    { maxBuffer: 1 << 30 },
  );
  const ffmpegMs = performance.now() - t;
  if (f.status !== 0) throw new Error(`ffmpeg failed: ${f.stderr}`);
  theirs = new Uint8Array(f.stdout);
  runs.push({ ours: oursMs, ffmpeg: ffmpegMs });
}
const libvips = await sharp(source, { raw: { width: w, height: h * frames.length, channels: 3, pageHeight: h } })
  .gif({ delay: 83, loop: 0, effort: 7 })
  .toBuffer();
if (runs.length) {
  const [o, f] = [median(runs.map((x) => x.ours)), median(runs.map((x) => x.ffmpeg))];
  log(
    `GIF encoding of 24 frames ${w}×${h}: ours ${o.toFixed(0)} ms (${ours.length} bytes), ffmpeg ${f.toFixed(0)} ms (${theirs.length} bytes)`,
  );
  result.gif_vs_ffmpeg = Math.round((o / f) * 1000) / 1000;
  result.gif_mae_ffmpeg = await mae(theirs);
}
result.gif_mae = await mae(ours);
result.gif_mae_libvips = await mae(libvips);
console.log(JSON.stringify(result));
