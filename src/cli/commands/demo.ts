import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEmotion } from '../../au/emotions.js';
import { alignmentFor, cropAligned } from '../../face/align.js';
import { readImage, writeImage } from '../../image/image-io.js';
import { grid } from '../../image/rgb-image.js';
import { interpolate } from '../../infer/animation.js';
import { writeAnimation } from '../../video/frame-sink.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor, SAMPLE_PHOTO, SHIPPED } from '../models.js';
import { FaceTransfer } from '../../infer/face-transfer.js';
import { Progress } from '../../io/progress.js';

const EXPRESSIONS = ['happy', 'sad', 'surprise', 'anger', 'disgust', 'fear'];

export const demo: Command = {
  name: 'demo',
  usage: 'ganimate demo [-o ganimate-demo/]',
  options: { out: { type: 'string', short: 'o', help: 'output folder', default: 'ganimate-demo' }, ...MODEL_OPTIONS },
  async run(v) {
    const dir = resolve(v.out as string);
    mkdirSync(dir, { recursive: true });
    const editor = await openEditor(v, true);
    try {
      const p = await editor.prepare(await readImage(SAMPLE_PHOTO), 'astronaut.png');
      const transferModel = existsSync(SHIPPED.transfer) ? SHIPPED.transfer : undefined;
      const progress = new Progress(EXPRESSIONS.length + 1 + (transferModel ? 1 : 0), 'demo', 'renders');
      const outs = await editor.render(
        p,
        EXPRESSIONS.map((e) => [parseEmotion(e)]),
      );
      for (const [i, e] of EXPRESSIONS.entries()) {
        await writeImage(join(dir, `${e}.jpg`), outs[i]!);
        progress.tick();
      }
      const view = (img: (typeof outs)[0]) =>
        cropAligned(img!, alignmentFor(p.faces[0]!.detected!.landmarks, 192), 192);
      await writeImage(join(dir, 'expressions.png'), grid([view(p.photo), ...outs.map(view)], 7, 4));
      const [source] = await editor.estimate(p);
      const frames = await editor.render(
        p,
        interpolate(source!, parseEmotion('happy'), 16).map((a) => [a]),
      );
      await writeAnimation(join(dir, 'smile.gif'), frames.map(view), 10);
      progress.tick();
      const files = [...EXPRESSIONS.map((e) => `${e}.jpg`), 'expressions.png', 'smile.gif'];
      if (transferModel) {
        // GeoGAN: the sad edit given back the smile of the original photo (the only bundled face)
        const t = await FaceTransfer.load(transferModel);
        try {
          const sad = outs[EXPRESSIONS.indexOf('sad')]!;
          const r = await t.transfer(sad, p.photo, { target: 'sad.jpg', reference: 'astronaut.png' });
          await writeImage(join(dir, 'transfer-smile.jpg'), r.image);
          await writeImage(join(dir, 'transfer-smile.png'), grid([view(sad), view(p.photo), view(r.image)], 3, 4));
          files.push('transfer-smile.jpg', 'transfer-smile.png');
        } finally {
          await t.dispose();
        }
        progress.tick();
      }
      return { text: `wrote ${files.join(', ')} to ${dir}`, json: { output: dir, files } };
    } finally {
      await editor.dispose();
    }
  },
};
