import { AU_COUNT, auIndex, checkRaw } from '../../au/action-units.js';
import { GanimateError } from '../../errors.js';
import { alignmentFor, cropAligned } from '../../face/align.js';
import { readImage, writeImage } from '../../image/image-io.js';
import { grid, type RgbImage } from '../../image/rgb-image.js';
import type { Prepared } from '../../infer/face-editor.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor } from '../models.js';

/** The first face of an output, aligned at `size` px (the whole image for aligned inputs). */
function faceView(p: Prepared, img: RgbImage, size: number): RgbImage {
  const face = p.faces[0]!;
  return p.aligned || !face.detected ? img : cropAligned(img, alignmentFor(face.detected.landmarks, size), size);
}

export const sweep: Command = {
  name: 'sweep',
  usage: 'ganimate sweep <photo> --au 12 [--steps 0,1,2,3,4,5] -o grid.png',
  options: {
    out: { type: 'string', short: 'o', help: 'output grid image' },
    au: { type: 'string', help: 'the action unit to vary, e.g. 12' },
    steps: { type: 'string', help: 'raw intensities, comma separated', default: '0,1,2,3,4,5' },
    aligned: { type: 'boolean', help: 'the photo is an aligned 128×128 crop' },
    ...MODEL_OPTIONS,
  },
  examples: ['ganimate sweep me.jpg --au 12 -o smile.png'],
  async run(v, [input]) {
    if (!input || !v.out || !v.au)
      throw new GanimateError('sweep needs <photo>, --au and -o; see `ganimate sweep --help`');
    const i = auIndex(v.au as string);
    const steps = (v.steps as string).split(',').map((s) => checkRaw(Number(s), `step ${s}`));
    const editor = await openEditor(v, false);
    try {
      const p = await editor.prepare(await readImage(input), input, Boolean(v.aligned));
      // the photo's own expression, with one AU swept; neutral when no AU estimator is available
      const base = editor.estimator ? (await editor.estimate(p))[0]! : new Float32Array(AU_COUNT);
      const outs = await editor.render(
        p,
        steps.map((s) => [base.map((b, k) => (k === i ? s : b))]),
      );
      const size = 192;
      await writeImage(
        v.out as string,
        grid([faceView(p, p.photo, size), ...outs.map((o) => faceView(p, o, size))], steps.length + 1, 4),
      );
      return {
        text: `AU${v.au} at ${steps.join(', ')} -> ${v.out} (first tile: the input)`,
        json: { output: v.out, au: Number(v.au), steps, base: editor.estimator ? 'estimated' : 'neutral' },
      };
    } finally {
      await editor.dispose();
    }
  },
};
