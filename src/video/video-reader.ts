// Reads a video (or a folder of frames) as a stream of RGB frames with constant memory: ffmpeg decodes to raw
// RGB on a pipe, and the next frame is read only when the consumer asks for it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import { readImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { ffmpegPath } from './ffmpeg.js';

/** A driving video that cannot be read: not a video, damaged, truncated, too long. */
export class VideoInputError extends GanimateError {}

export interface VideoInfo {
  width: number;
  height: number;
  fps: number;
  /** Expected frames (duration × fps; exact for a folder of frames). */
  frames: number;
  durationS: number;
  hasAudio: boolean;
}

const FRAME_FILE = /\.(png|jpe?g|webp)$/i;

/** What ffmpeg says about the first video stream: size as decoded (rotation applied), frame rate, duration, audio. */
export function probeVideo(path: string): VideoInfo {
  if (!existsSync(path))
    throw new VideoInputError(`${path} does not exist; give a video file (MP4, MOV, WebM, …) or a folder of frames`);
  if (statSync(path).isDirectory()) {
    const files = frameFiles(path);
    return { width: 0, height: 0, fps: 25, frames: files.length, durationS: files.length / 25, hasAudio: false };
  }
  const r = spawnSync(ffmpegPath(), ['-hide_banner', '-i', path], { encoding: 'utf8' });
  const text = r.stderr ?? '';
  const video = /Stream #\d+:\d+[^\n]*: Video: [^\n]*?, (\d{2,5})x(\d{2,5})[^\n]*?, ([\d.]+) (?:fps|tbr)/.exec(text);
  if (!video) {
    const why =
      /Invalid data found|moov atom not found|could not find codec|End of file/i.exec(text)?.[0] ?? 'no video stream';
    throw new VideoInputError(
      `${path} is not a readable video (${why}); give a complete video file (MP4, MOV, WebM, …) or a folder of frames`,
    );
  }
  if (/Input #0, (image2|\w+_pipe|gif|webp)/.test(text) && !/Duration: (?!N\/A)(?!00:00:00\.0[0-4])/.test(text)) {
    throw new VideoInputError(
      `${path} is a still image; reenactment needs a video (MP4, MOV, WebM, …) or a folder of frames`,
    );
  }
  let [width, height] = [Number(video[1]), Number(video[2])];
  if (/rotation of -?(90|270)/.test(text)) [width, height] = [height, width];
  const fps = Number(video[3]);
  const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(text);
  const durationS = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : 0;
  return {
    width,
    height,
    fps,
    frames: Math.max(1, Math.round(durationS * fps)),
    durationS,
    hasAudio: /Stream #\d+:\d+[^\n]*: Audio:/.test(text),
  };
}

function frameFiles(dir: string): string[] {
  const files = readdirSync(dir)
    .filter((f) => FRAME_FILE.test(f))
    .sort();
  if (!files.length) throw new VideoInputError(`${dir} holds no frames (PNG, JPEG or WebP files, in name order)`);
  return files.map((f) => join(dir, f));
}

/** The frames one by one, in order. A video that breaks off before its stated end is a VideoInputError. */
export async function* readFrames(path: string, info: VideoInfo): AsyncGenerator<RgbImage> {
  if (statSync(path).isDirectory()) {
    for (const f of frameFiles(path)) yield await readImage(f);
    return;
  }
  const frameBytes = info.width * info.height * 3;
  const p = spawn(
    ffmpegPath(),
    [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${info.width}x${info.height}`,
      '-',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err = (err + d).slice(-2000)));
  const exited = new Promise<number>((resolve) => p.on('close', (code) => resolve(code ?? 1)));
  let pending: Buffer = Buffer.alloc(0);
  let count = 0;
  try {
    for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= frameBytes) {
        const data = new Uint8Array(frameBytes);
        data.set(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
        count++;
        yield { width: info.width, height: info.height, data };
      }
    }
    const code = await exited;
    const damaged = /Invalid NAL|partial file|error while decoding|corrupt|Invalid data/i.test(err);
    if (code !== 0 || (damaged && count < 0.9 * info.frames)) {
      throw new VideoInputError(
        `${path} could not be decoded past frame ${count} of about ${info.frames} (${err.trim().split('\n').pop() || `ffmpeg exited with ${code}`}); is the file complete?`,
      );
    }
    if (count === 0) throw new VideoInputError(`${path} holds no decodable frames`);
  } finally {
    if (p.exitCode === null) p.kill('SIGKILL');
  }
}
