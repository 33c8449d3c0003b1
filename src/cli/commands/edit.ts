import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe } from '../../au/action-units.js';
import { GanimateError } from '../../errors.js';
import { checkWritable } from '../../io/atomic-write.js';
import { readImage, writeImage } from '../../image/image-io.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor } from '../models.js';
import { Progress } from '../progress.js';
import { likePhoto, readTargetsCsv, targetFromFlags } from '../targets.js';

const PHOTO = /\.(jpe?g|png|webp|gif|tiff?|avif)$/i;

export const edit: Command = {
  name: 'edit',
  summary: 'change the expression of the faces in a photo (or a folder of photos)',
  usage: 'ganimate edit <photo|folder> (--au 12=3.5,6=2 | --emotion happy[:0.8] | --like <photo> | --targets targets.csv) -o <out>',
  options: {
    out: { type: 'string', short: 'o', help: 'output image (.jpg/.png/.webp), or a folder for a folder of photos' },
    au: { type: 'string', help: 'target AUs on the raw 0–5 scale, e.g. 12=3.5,6=2 (on top of --emotion)' },
    emotion: { type: 'string', help: 'emotion preset(s): happy, sad, surprise, fear, anger, disgust, contempt; e.g. happy:0.6+surprise:0.3' },
    like: { type: 'string', help: 'copy the expression of the face in this photo (uses the AU estimator)' },
    targets: { type: 'string', help: 'CSV for a folder: file name, then AU01_r … AU45_r (raw scale)' },
    aligned: { type: 'boolean', help: 'inputs are already aligned 128×128 crops (skip detection and paste-back)' },
    ...MODEL_OPTIONS,
  },
  examples: ['ganimate edit me.jpg --emotion happy -o happy.jpg', 'ganimate edit faces/ --targets targets.csv --aligned -o out/'],
  async run(v, [input]) {
    if (!input) throw new GanimateError('edit needs a photo or a folder; see `ganimate edit --help`');
    if (!v.out) throw new GanimateError('edit needs -o <output>');
    if (!existsSync(input)) throw new GanimateError(`${input} does not exist`);
    const flags = targetFromFlags(v);
    const sources = [flags, v.like, v.targets].filter(Boolean).length;
    if (!sources) throw new GanimateError('say what expression to make: --au, --emotion, --like or (for a folder) --targets');
    if (v.like && (flags || v.targets)) throw new GanimateError('--like cannot be combined with --au, --emotion or --targets');
    const folder = statSync(input).isDirectory();
    if (v.targets && !folder) throw new GanimateError('--targets is for a folder of photos; for one photo use --au or --emotion');
    const editor = await openEditor(v, Boolean(v.like));
    try {
      const fixed = v.like ? await likePhoto(v.like as string, editor) : flags;
      if (!folder) {
        checkWritable(v.out as string);
        const photo = await readImage(input);
        const [out] = await editor.render(await editor.prepare(photo, input, Boolean(v.aligned)), [[fixed!]]);
        await writeImage(v.out as string, out!);
        return { text: `${input} -> ${v.out} (${describe(fixed!)})`, json: { input, output: v.out, target: [...fixed!] } };
      }
      const perFile = v.targets ? readTargetsCsv(v.targets as string) : undefined;
      const files = readdirSync(input).filter((f) => PHOTO.test(f)).sort();
      if (!files.length) throw new GanimateError(`${input} holds no photos (JPEG, PNG, WebP, GIF, TIFF, AVIF)`);
      const todo = perFile ? files.filter((f) => perFile.has(f) || perFile.has(basename(f, extname(f)))) : files;
      if (!todo.length) throw new GanimateError(`no photo in ${input} is named in ${v.targets}`);
      mkdirSync(v.out as string, { recursive: true });
      const progress = new Progress(todo.length, 'edit', 'photos');
      const failed: { file: string; error: string }[] = [];
      for (const f of todo) {
        try {
          const target = perFile ? (perFile.get(f) ?? perFile.get(basename(f, extname(f))))! : fixed!;
          const [out] = await editor.render(await editor.prepare(await readImage(join(input, f)), f, Boolean(v.aligned)), [[target]]);
          await writeImage(join(v.out as string, f.replace(/\.(gif|tiff?|avif)$/i, '.png')), out!);
        } catch (e) {
          if (!(e instanceof GanimateError)) throw e;
          failed.push({ file: f, error: e.message });
        }
        progress.tick();
      }
      const skipped = files.length - todo.length;
      const text = [`edited ${todo.length - failed.length} of ${todo.length} photos into ${v.out}${skipped ? ` (${skipped} not in the targets file)` : ''}`, ...failed.map((x) => `  failed: ${x.file}: ${x.error}`)].join('\n');
      return { text, json: { output: v.out, edited: todo.length - failed.length, failed, skipped }, exitCode: failed.length ? 1 : 0 };
    } finally {
      await editor.dispose();
    }
  },
};
