// Where rendered frames go, one at a time, as they are rendered (animations and reenactments): an MP4 through
// ffmpeg (with a driver's sound), a GIF encoded frame by frame on its own thread (only the frame before is kept), an
// animated WebP (held, encoded at the end), or a folder of PNGs written as they come. GIF and WebP frames are
// downscaled to a pixel budget over the whole animation. Files appear whole or not at all: an MP4 is written
// beside its name and renamed when ffmpeg has finished, a GIF or WebP is written atomically at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GanimateError } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../io/atomic-write.js';
import { resizeImage, writeImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { checkFps, encodeWebp, formatOf } from './animation-file.js';
import type { GifThreadData, GifThreadMessage, GifThreadReply } from './gif-thread.js';
import { ffmpegPath } from './ffmpeg.js';

/** GIF and WebP: at most this many pixels over all frames (larger frames are downscaled): a WebP holds every frame
 * until it is encoded, and neither format is for long high-resolution video. */
export const HELD_PIXEL_BUDGET = 48_000_000;

export interface FrameSink {
  /** Takes the next frame, which must not change afterwards (it may still be encoding when write resolves). */
  write(frame: RgbImage): Promise<void>;
  /** Writes the file (or the last frame); returns the frames written. */
  finish(): Promise<number>;
  /** Drops what was written so far (an interrupted or failed run leaves no half file). */
  abort(): void;
}

export interface SinkOptions {
  fps: number;
  /** Frames to expect (GIF/WebP: for the pixel budget; more may come, at the same size). */
  frames: number;
  /** A video whose first audio track the MP4 takes (cut to the frames' length). */
  audioFrom?: string;
}

export function openFrameSink(out: string, o: SinkOptions): FrameSink {
  const format = formatOf(out);
  checkFps(o.fps);
  if (format === 'frames') return folderSink(out);
  checkWritable(out);
  if (format === 'mp4') return mp4Sink(out, o);
  return format === 'gif' ? gifSink(out, o) : webpSink(out, o);
}

/** A whole animation written to `out` (.gif, .webp, .mp4 or a folder/), through the sink its name asks for. */
export async function writeAnimation(out: string, frames: RgbImage[], fps: number): Promise<void> {
  const sink = openFrameSink(out, { fps, frames: frames.length });
  try {
    for (const f of frames) await sink.write(f);
    await sink.finish();
  } catch (e) {
    sink.abort();
    throw e;
  }
}

/** The size every GIF or WebP frame gets: the first frame's, scaled to fit the pixel budget over the expected
 * frames. */
function budgetSize(f: RgbImage, frames: number): [number, number] {
  const scale = Math.min(1, Math.sqrt(HELD_PIXEL_BUDGET / (Math.max(1, frames) * f.width * f.height)));
  return scale < 1
    ? [Math.max(2, Math.round(f.width * scale)), Math.max(2, Math.round(f.height * scale))]
    : [f.width, f.height];
}

const fitted = (f: RgbImage, [w, h]: [number, number]) => (f.width === w && f.height === h ? f : resizeImage(f, w, h));

/** PNG frames: each is encoded by libvips' threads while the next ones render; at most this many wait at once. */
const PENDING_PNGS = 8;

function folderSink(dir: string): FrameSink {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  return {
    async write(f) {
      if (failure) throw failure;
      if (pending.size >= PENDING_PNGS) await Promise.race(pending);
      const p = writeImage(join(dir, `frame_${String(++n).padStart(5, '0')}.png`), f).then(
        () => void pending.delete(p),
        (e: unknown) => {
          pending.delete(p);
          failure ??= e;
        },
      );
      pending.add(p);
    },
    async finish() {
      await Promise.all(pending);
      if (failure) throw failure;
      return n;
    },
    abort: () => undefined,
  };
}

/** GIF: encoded on a thread of its own (gif-thread.ts) while the next frames render, written atomically at the end. */
function gifSink(out: string, o: SinkOptions): FrameSink {
  let thread: Worker | undefined;
  let size: [number, number] | undefined;
  let failure: Error | undefined;
  return {
    async write(f) {
      size ??= budgetSize(f, o.frames);
      if (!thread) {
        thread = new Worker(new URL('./gif-thread.js', import.meta.url), {
          workerData: { width: size[0], height: size[1], fps: o.fps } satisfies GifThreadData,
        });
        thread.on('error', (e) => (failure = e));
      }
      if (failure) throw failure;
      // a copy goes over: the frame stays its caller's
      const frame = Uint8Array.from((await fitted(f, size)).data);
      thread.postMessage({ frame } satisfies GifThreadMessage, [frame.buffer]);
    },
    async finish() {
      if (!thread) throw new GanimateError('no frames to write');
      const t = thread;
      try {
        const reply = await new Promise<GifThreadReply>((resolve, reject) => {
          t.once('message', resolve);
          t.once('error', reject);
          t.once('exit', (code) => reject(failure ?? new Error(`the GIF encoder stopped (exit code ${code})`)));
          t.postMessage({ finish: true } satisfies GifThreadMessage);
        });
        if ('error' in reply) throw new GanimateError(`the GIF could not be encoded: ${reply.error}`);
        writeFileAtomic(out, reply.bytes);
        return reply.frames;
      } finally {
        thread = undefined;
        void t.terminate();
      }
    },
    abort: () => {
      void thread?.terminate();
      thread = undefined;
    },
  };
}

function webpSink(out: string, o: SinkOptions): FrameSink {
  const frames: RgbImage[] = [];
  let size: [number, number] | undefined;
  return {
    async write(f) {
      size ??= budgetSize(f, o.frames);
      frames.push(await fitted(f, size));
    },
    async finish() {
      if (!frames.length) throw new GanimateError('no frames to write');
      writeFileAtomic(out, await encodeWebp(frames, o.fps));
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
    const audio = o.audioFrom
      ? ['-i', o.audioFrom, '-map', '0:v', '-map', '1:a:0?', '-c:a', 'aac', '-b:a', '128k', '-shortest']
      : [];
    const args = [
      '-v',
      'error',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${w}x${h}`,
      '-r',
      String(o.fps),
      '-i',
      '-',
      ...audio,
      '-vf',
      `pad=${ew}:${eh}`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '18',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      tmp,
    ];
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
