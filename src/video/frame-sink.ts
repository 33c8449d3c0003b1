// Where reenacted frames go, one at a time: an MP4 through ffmpeg (with the driver's sound), a GIF or animated
// WebP (held, downscaled to a pixel budget, encoded at the end), or a folder of PNGs written as they come.
// Files appear whole or not at all: an MP4 is written beside its name and renamed when ffmpeg has finished.
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../io/atomic-write.js';
import { resizeImage, writeImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { encodeAnimation, formatOf } from './animation-file.js';
import { ffmpegPath } from './ffmpeg.js';

/** A GIF or WebP holds every frame until it is encoded: at most this many pixels over all frames (larger frames are downscaled). */
export const HELD_PIXEL_BUDGET = 48_000_000;

export interface FrameSink {
  write(frame: RgbImage): Promise<void>;
  /** Writes the file (or the last frame); returns the frames written. */
  finish(): Promise<number>;
  /** Drops what was written so far (an interrupted or failed run leaves no half file). */
  abort(): void;
}

export interface SinkOptions {
  fps: number;
  /** Frames to expect (GIF/WebP: for the pixel budget). */
  frames: number;
  /** A video whose first audio track the MP4 takes (cut to the frames' length). */
  audioFrom?: string;
}

export function openFrameSink(out: string, o: SinkOptions): FrameSink {
  const format = formatOf(out);
  if (format === 'frames') return folderSink(out);
  checkWritable(out);
  return format === 'mp4' ? mp4Sink(out, o) : heldSink(out, o, format);
}

function folderSink(dir: string): FrameSink {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    write: (f) => writeImage(join(dir, `frame_${String(++n).padStart(5, '0')}.png`), f),
    finish: async () => n,
    abort: () => undefined,
  };
}

function heldSink(out: string, o: SinkOptions, format: 'gif' | 'webp'): FrameSink {
  const frames: RgbImage[] = [];
  return {
    async write(f) {
      const scale = Math.min(1, Math.sqrt(HELD_PIXEL_BUDGET / (Math.max(o.frames, frames.length + 1) * f.width * f.height)));
      frames.push(scale < 1 ? await resizeImage(f, Math.max(2, Math.round(f.width * scale)), Math.max(2, Math.round(f.height * scale))) : f);
    },
    async finish() {
      if (!frames.length) throw new GanimateError('no frames to write');
      // frames downscaled on the way in may differ by a pixel if the expected count was exceeded: one size for all
      const [w, h] = [frames.at(-1)!.width, frames.at(-1)!.height];
      const same = await Promise.all(frames.map((f) => (f.width === w && f.height === h ? f : resizeImage(f, w, h))));
      writeFileAtomic(out, await encodeAnimation(same, o.fps, format));
      return frames.length;
    },
    abort: () => void frames.splice(0),
  };
}

function mp4Sink(out: string, o: SinkOptions): FrameSink {
  const tmp = `${out}.tmp-${process.pid}.mp4`;
  let proc: ReturnType<typeof spawn> | undefined;
  let closed: Promise<number> | undefined;
  let err = '';
  let n = 0;
  const start = (w: number, h: number) => {
    const [ew, eh] = [w + (w % 2), h + (h % 2)];
    const audio = o.audioFrom ? ['-i', o.audioFrom, '-map', '0:v', '-map', '1:a:0?', '-c:a', 'aac', '-b:a', '128k', '-shortest'] : [];
    const args = ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-r', String(o.fps), '-i', '-', ...audio, '-vf', `pad=${ew}:${eh}`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', tmp];
    const p = spawn(ffmpegPath(), args, { stdio: ['pipe', 'ignore', 'pipe'] });
    p.stderr!.on('data', (d: Buffer) => (err = (err + d).slice(-2000)));
    p.stdin!.on('error', () => undefined); // a dead ffmpeg is reported by its exit code
    closed = new Promise((resolve) => p.on('close', (code) => resolve(code ?? 1)));
    return p;
  };
  return {
    async write(f) {
      proc ??= start(f.width, f.height);
      n++;
      if (!proc.stdin!.write(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength))) {
        const drained = new Promise<void>((resolve) => proc!.stdin!.once('drain', resolve));
        await Promise.race([drained, closed]);
      }
    },
    async finish() {
      if (!proc) throw new GanimateError('no frames to write');
      proc.stdin!.end();
      const code = await closed!;
      if (code !== 0) {
        rmSync(tmp, { force: true });
        throw new GanimateError(`ffmpeg could not write ${out}: ${err.trim() || `exit code ${code}`}`);
      }
      renameSync(tmp, out);
      return n;
    },
    abort() {
      proc?.kill('SIGKILL');
      rmSync(tmp, { force: true });
    },
  };
}
