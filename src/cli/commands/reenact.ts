import { existsSync } from 'node:fs';
import { GanimateError } from '../../errors.js';
import { FaceDetector } from '../../face/detector.js';
import { readImage } from '../../image/image-io.js';
import { formatOf } from '../../video/animation-file.js';
import { AU_SMOOTHING, reenact, type ReenactMode } from '../../infer/reenact.js';
import { readChoice, readNumber, REQUEST_FIELDS } from '../../infer/request.js';
import { openFrameSink } from '../../video/frame-sink.js';
import { probeVideo, readFrames } from '../../video/video-reader.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { detectorOf, number, openEditor } from '../models.js';
import { Progress } from '../../io/progress.js';

export const reenactCommand: Command = {
  name: 'reenact',
  usage: 'ganimate reenact <photo> --driver <video|frames/> -o out.mp4|out.gif|out.webp|frames/',
  options: {
    driver: { type: 'string', help: 'the driving video (anything ffmpeg reads) or a folder of frames' },
    out: {
      type: 'string',
      short: 'o',
      help: "output: .mp4 (with the driver's sound), .gif, .webp, or a folder/ of PNG frames",
    },
    mode: {
      type: 'string',
      help: "relative: the photo's own expression plus the driver's change from its rest frame; absolute: the driver's AUs as they are",
      default: REQUEST_FIELDS.mode.default,
    },
    'neutral-frame': {
      type: 'string',
      help: 'relative mode: the driver frame (from 0) showing its rest expression; the first with a face at or after it',
      default: '0',
    },
    'driver-face': {
      type: 'string',
      help: 'which face of the driver to follow: largest, or an index among its faces (largest first, from 0)',
      default: 'largest',
    },
    face: {
      type: 'string',
      help: 'edit only this face of the photo (most confident first, from 0); default every face',
    },
    'min-cutoff': {
      type: 'string',
      help: 'AU smoothing (One-Euro): cutoff at rest, Hz; lower = steadier',
      default: String(REQUEST_FIELDS.minCutoff.default),
    },
    beta: {
      type: 'string',
      help: "AU smoothing (One-Euro): how fast the cutoff rises with the AUs' speed; higher = less lag",
      default: String(REQUEST_FIELDS.beta.default),
    },
    'no-smoothing': {
      type: 'boolean',
      help: "render every frame's reading as it is (no smoothing of AUs or landmarks)",
    },
    aligned: { type: 'boolean', help: 'the photo is an aligned 128×128 crop' },
    ...MODEL_OPTIONS,
  },
  examples: [
    'ganimate reenact me.jpg --driver talk.mp4 -o me-talking.mp4',
    'ganimate reenact me.jpg --driver frames/ --mode absolute -o out.gif',
  ],
  async run(v, [input]) {
    if (!input || !v.driver || !v.out)
      throw new GanimateError('reenact needs <photo>, --driver and -o; see `ganimate reenact --help`');
    if (!existsSync(input)) throw new GanimateError(`${input} does not exist`);
    const mode = readChoice<ReenactMode>('mode', v.mode);
    const driverFace =
      v['driver-face'] === 'largest' ? 'largest' : readNumber('driverFace', v['driver-face'], { as: 'driver-face' })!;
    const neutralFrame = readNumber('neutralFrame', v['neutral-frame'], { as: 'neutral-frame' })!;
    const smoothing = v['no-smoothing']
      ? null
      : {
          ...AU_SMOOTHING,
          minCutoff: readNumber('minCutoff', v['min-cutoff'], { as: 'min-cutoff' })!,
          beta: readNumber('beta', v.beta)!,
        };
    formatOf(v.out as string);
    const info = probeVideo(v.driver as string);
    const editor = await openEditor(v, true);
    const controller = new AbortController();
    const stop = () => controller.abort(new GanimateError('stopped by Ctrl-C; nothing was written'));
    process.once('SIGINT', stop);
    let sink: ReturnType<typeof openFrameSink> | undefined;
    try {
      const photo = await editor.prepare(await readImage(input), input, Boolean(v.aligned));
      if (v.face !== undefined) {
        const f = number(v.face, 'face', 0, photo.faces.length - 1);
        photo.faces = [photo.faces[f]!];
      }
      const frames = readFrames(v.driver as string, info);
      // a folder of frames states no rate: 25 frames/s
      sink = openFrameSink(v.out as string, {
        fps: info.fps,
        frames: info.frames,
        audioFrom: info.hasAudio ? (v.driver as string) : undefined,
      });
      const progress = new Progress(info.frames, 'reenact', 'frames');
      const detector = await FaceDetector.load({
        minConfidence: number(v['min-confidence'], 'min-confidence', 0, 1),
        model: detectorOf(v),
      });
      const r = await reenact(editor, detector, photo, frames, sink, {
        mode,
        neutralFrame,
        smoothing,
        driverFace,
        fps: info.fps,
        onFrames: (n) => progress.tick(n),
        signal: controller.signal,
      });
      await sink.finish();
      const lost = r.frames - r.framesWithFace;
      return {
        text: `${r.frames} frames (${mode}, ${smoothing ? 'smoothed' : 'unsmoothed'}) -> ${v.out}${lost ? `; the driver's face was not found in ${lost} frames (the last expression was held)` : ''}`,
        json: {
          output: v.out,
          frames: r.frames,
          framesWithFace: r.framesWithFace,
          fps: info.fps,
          audio: info.hasAudio && formatOf(v.out as string) === 'mp4',
          mode,
          faces: photo.faces.length,
        },
      };
    } catch (e) {
      sink?.abort();
      throw e;
    } finally {
      process.off('SIGINT', stop);
      await editor.dispose();
    }
  },
};
