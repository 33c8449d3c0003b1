import { ATTRIBUTES as RULES } from '../../data/attribute-pairs.js';
import { GanimateError } from '../../errors.js';
import { readImage, writeImage } from '../../image/image-io.js';
import { FaceTransfer } from '../../infer/face-transfer.js';
import type { Command } from '../command.js';
import { number, transferModelPath } from '../models.js';

const ATTRIBUTES = Object.keys(RULES);

export const transfer: Command = {
  name: 'transfer',
  usage:
    'ganimate transfer <target photo> --from <reference photo> [--attribute smile] -o out.jpg [--model geogan-smile.onnx]',
  options: {
    from: { type: 'string', help: 'the reference photo whose attribute is copied (its most confident face)' },
    attribute: {
      type: 'string',
      help: `the attribute the model was trained for: ${ATTRIBUTES.join(', ')}`,
      default: 'smile',
    },
    out: { type: 'string', short: 'o', help: 'output image (.jpg/.png/.webp)' },
    model: { type: 'string', help: 'GeoGAN transfer ONNX (default: the one shipped in models/ for the attribute)' },
    'high-res': {
      type: 'boolean',
      help: "warp the full-resolution reference with the upsampled flow (the paper's HD test) instead of pasting the model-sized result",
    },
    threads: { type: 'string', help: 'ONNX Runtime threads (0 = automatic)', default: '0' },
  },
  examples: ['ganimate transfer me.jpg --from her-smiling.jpg -o me-smiling.jpg'],
  async run(v, [target]) {
    if (!target || !v.from || !v.out)
      throw new GanimateError(
        'transfer needs <target photo>, --from <reference photo> and -o <output>; see `ganimate transfer --help`',
      );
    if (!ATTRIBUTES.includes(v.attribute as string))
      throw new GanimateError(
        `unknown attribute "${v.attribute}"; ganimate has GeoGAN models for: ${ATTRIBUTES.join(', ')}`,
      );
    const model = transferModelPath(v.model as string | undefined, v.attribute as string);
    const t = await FaceTransfer.load(model, { threads: number(v.threads, 'threads', 0, 256) });
    try {
      const r = await t.transfer(
        await readImage(target),
        await readImage(v.from as string),
        { target, reference: v.from as string },
        { highResolution: Boolean(v['high-res']) },
      );
      await writeImage(v.out as string, r.image);
      return {
        text: `${target} with the ${v.attribute} of ${v.from} -> ${v.out} (${r.faces} face${r.faces > 1 ? 's' : ''})`,
        json: { target, reference: v.from, output: v.out, faces: r.faces },
      };
    } finally {
      await t.dispose();
    }
  },
};
