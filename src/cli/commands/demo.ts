import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEmotion } from '../../au/emotions.js';
import { alignmentFor, cropAligned } from '../../face/align.js';
import { readImage, writeImage } from '../../image/image-io.js';
import { grid } from '../../image/rgb-image.js';
import { interpolate, writeAnimation } from '../../infer/animation.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor, SAMPLE_PHOTO } from '../models.js';
import { Progress } from '../progress.js';

const EXPRESSIONS = ['happy', 'sad', 'surprise', 'anger', 'disgust', 'fear'];

export const demo: Command = {
  name: 'demo',
  summary: 'render the bundled sample photo through several expressions and an animation',
  usage: 'ganimate demo [-o ganimate-demo/]',
  options: { out: { type: 'string', short: 'o', help: 'output folder', default: 'ganimate-demo' }, ...MODEL_OPTIONS },
  async run(v) {
    const dir = resolve(v.out as string);
    mkdirSync(dir, { recursive: true });
    const editor = await openEditor(v, true);
    try {
      const p = await editor.prepare(await readImage(SAMPLE_PHOTO), 'astronaut.png');
      const progress = new Progress(EXPRESSIONS.length + 1, 'demo', 'renders');
      const outs = await editor.render(p, EXPRESSIONS.map((e) => [parseEmotion(e)]));
      for (const [i, e] of EXPRESSIONS.entries()) {
        await writeImage(join(dir, `${e}.jpg`), outs[i]!);
        progress.tick();
      }
      const view = (img: typeof outs[0]) => cropAligned(img!, alignmentFor(p.faces[0]!.detected!.landmarks, 192), 192);
      await writeImage(join(dir, 'expressions.png'), grid([view(p.photo), ...outs.map(view)], 7, 4));
      const [source] = await editor.estimate(p);
      const frames = await editor.render(p, interpolate(source!, parseEmotion('happy'), 16).map((a) => [a]));
      await writeAnimation(join(dir, 'smile.gif'), frames.map(view), 10);
      progress.tick();
      return { text: `wrote ${EXPRESSIONS.length} edits, expressions.png and smile.gif to ${dir}`, json: { output: dir, files: [...EXPRESSIONS.map((e) => `${e}.jpg`), 'expressions.png', 'smile.gif'] } };
    } finally {
      await editor.dispose();
    }
  },
};
