import { describe } from '../../au/action-units.js';
import { GanimateError } from '../../errors.js';
import { readImage } from '../../image/image-io.js';
import { renderAnimationTo } from '../../infer/animation.js';
import { readNumber, REQUEST_FIELDS } from '../../infer/request.js';
import { openFrameSink } from '../../video/frame-sink.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor } from '../models.js';
import { Progress } from '../../io/progress.js';
import { targetFromSpec } from '../targets.js';

export const animate: Command = {
  name: 'animate',
  usage:
    'ganimate animate <photo> --to <emotion|AU list|photo> [--frames 24] [--fps 12] -o out.gif|out.webp|out.mp4|frames/',
  options: {
    out: {
      type: 'string',
      short: 'o',
      help: 'animation: .gif, .webp, .mp4 (needs ffmpeg), or a folder/ of PNG frames',
    },
    to: { type: 'string', help: 'target: an emotion (happy:0.8), an AU list (12=4,6=3) or a photo to copy' },
    frames: { type: 'string', help: 'number of frames', default: String(REQUEST_FIELDS.frames.default) },
    fps: { type: 'string', help: 'frames per second', default: String(REQUEST_FIELDS.fps.default) },
    aligned: { type: 'boolean', help: 'the photo is an aligned 128×128 crop' },
    ...MODEL_OPTIONS,
  },
  examples: ['ganimate animate me.jpg --to surprise -o surprise.gif'],
  async run(v, [input]) {
    if (!input || !v.out || !v.to)
      throw new GanimateError('animate needs <photo>, --to and -o; see `ganimate animate --help`');
    const frames = readNumber('frames', v.frames)!;
    const fps = readNumber('fps', v.fps)!;
    const editor = await openEditor(v, true);
    try {
      const p = await editor.prepare(await readImage(input), input, Boolean(v.aligned));
      const target = await targetFromSpec(v.to as string, editor);
      const sources = await editor.estimate(p);
      const sink = openFrameSink(v.out as string, { fps, frames });
      const progress = new Progress(frames, 'animate', 'frames');
      try {
        await renderAnimationTo(editor, p, sources, target, frames, sink, { onFrames: (n) => progress.tick(n) });
        await sink.finish();
      } catch (e) {
        sink.abort();
        throw e;
      }
      return {
        text: `${frames} frames to ${describe(target)} -> ${v.out}`,
        json: { output: v.out, frames, fps, faces: p.faces.length, target: [...target] },
      };
    } finally {
      await editor.dispose();
    }
  },
};
