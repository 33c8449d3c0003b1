import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { describe } from '../../au/action-units.js';
import { GanimateError } from '../../errors.js';
import { checkWritable } from '../../io/atomic-write.js';
import { readImage, writeImage } from '../../image/image-io.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor } from '../models.js';
import { planBatch } from '../batch-plan.js';
import { Progress } from '../../io/progress.js';
import { likePhoto, readTargetsCsv, targetFromFlags } from '../targets.js';

const PHOTO = /\.(jpe?g|png|webp|gif|tiff?|avif)$/i;

export const edit: Command = {
  name: 'edit',
  usage:
    'ganimate edit <photo|folder> (--au 12=3.5,6=2 | --emotion happy[:0.8] | --like <photo> | --targets targets.csv) -o <out>',
  options: {
    out: { type: 'string', short: 'o', help: 'output image (.jpg/.png/.webp), or a folder for a folder of photos' },
    au: { type: 'string', help: 'target AUs on the raw 0–5 scale, e.g. 12=3.5,6=2 (on top of --emotion)' },
    emotion: {
      type: 'string',
      help: 'emotion preset(s): happy, sad, surprise, fear, anger, disgust, contempt; e.g. happy:0.6+surprise:0.3',
    },
    like: { type: 'string', help: 'copy the expression of the face in this photo (uses the AU estimator)' },
    targets: { type: 'string', help: 'CSV for a folder: file name, then AU01_r … AU45_r (raw scale)' },
    aligned: { type: 'boolean', help: 'inputs are already aligned 128×128 crops (skip detection and paste-back)' },
    overwrite: {
      type: 'boolean',
      help: 'write over the input photo(s) when the output is the input (refused without it)',
    },
    ...MODEL_OPTIONS,
  },
  examples: [
    'ganimate edit me.jpg --emotion happy -o happy.jpg',
    'ganimate edit faces/ --targets targets.csv --aligned -o out/',
  ],
  async run(v, [input]) {
    if (!input) throw new GanimateError('edit needs a photo or a folder; see `ganimate edit --help`');
    if (!v.out) throw new GanimateError('edit needs -o <output>');
    if (!existsSync(input)) throw new GanimateError(`${input} does not exist`);
    const flags = targetFromFlags(v);
    const sources = [flags, v.like, v.targets].filter(Boolean).length;
    if (!sources)
      throw new GanimateError('say what expression to make: --au, --emotion, --like or (for a folder) --targets');
    if (v.like && (flags || v.targets))
      throw new GanimateError('--like cannot be combined with --au, --emotion or --targets');
    const folder = statSync(input).isDirectory();
    if (v.targets && !folder)
      throw new GanimateError('--targets is for a folder of photos; for one photo use --au or --emotion');
    const editor = await openEditor(v, Boolean(v.like));
    try {
      const fixed = v.like ? await likePhoto(v.like as string, editor) : flags;
      if (!folder) {
        checkWritable(v.out as string);
        if (resolve(v.out as string) === resolve(input) && !v.overwrite)
          throw new GanimateError(
            `-o ${v.out} is the input photo; choose another output, or pass --overwrite to replace it`,
          );
        const photo = await readImage(input);
        const [out] = await editor.render(await editor.prepare(photo, input, Boolean(v.aligned)), [[fixed!]]);
        await writeImage(v.out as string, out!);
        return {
          text: `${input} -> ${v.out} (${describe(fixed!)})`,
          json: { input, output: v.out, target: [...fixed!] },
        };
      }
      const perFile = v.targets ? readTargetsCsv(v.targets as string) : undefined;
      const files = readdirSync(input)
        .filter((f) => PHOTO.test(f))
        .sort();
      if (!files.length) throw new GanimateError(`${input} holds no photos (JPEG, PNG, WebP, GIF, TIFF, AVIF)`);
      const named = perFile ? files.filter((f) => perFile.has(f) || perFile.has(basename(f, extname(f)))) : files;
      if (!named.length) throw new GanimateError(`no photo in ${input} is named in ${v.targets}`);
      if (existsSync(v.out as string) && !statSync(v.out as string).isDirectory())
        throw new GanimateError(`-o ${v.out} is a file; a folder of photos is edited into a folder`);
      const plan = planBatch(input, named, v.out as string, { overwrite: Boolean(v.overwrite) });
      mkdirSync(v.out as string, { recursive: true });
      const progress = new Progress(plan.jobs.length, 'edit', 'photos');
      const failed: { file: string; error: string }[] = [];
      // Ctrl-C (or SIGTERM) stops after the photo being edited; every finished output is kept and the report says where
      // it stopped
      let stopped: string | undefined;
      const stop = (signal: string) => () => void (stopped = signal);
      const [onInt, onTerm] = [stop('Ctrl-C'), stop('SIGTERM')];
      process.once('SIGINT', onInt).once('SIGTERM', onTerm);
      let done = 0;
      for (const { file: f, out } of plan.jobs) {
        if (stopped) break;
        done++;
        try {
          const target = perFile ? (perFile.get(f) ?? perFile.get(basename(f, extname(f))))! : fixed!;
          const [edited] = await editor.render(
            await editor.prepare(await readImage(join(input, f)), f, Boolean(v.aligned)),
            [[target]],
          );
          await writeImage(out, edited!);
        } catch (e) {
          if (!(e instanceof GanimateError)) throw e;
          failed.push({ file: f, error: e.message });
        }
        progress.tick();
      }
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      const notNamed = files.length - named.length;
      const written = done - failed.length;
      const text = [
        `edited ${written} of ${named.length} photos into ${v.out}${notNamed ? ` (${notNamed} not in the targets file)` : ''}${plan.skipped.length ? `, skipped ${plan.skipped.length}` : ''}${failed.length ? `, ${failed.length} failed` : ''}`,
        ...(stopped
          ? [
              `  stopped by ${stopped} after ${done} of ${plan.jobs.length}; the ${written} finished outputs are kept, the same command again edits them all`,
            ]
          : []),
        ...plan.skipped.map((x) => `  skipped: ${x.file}: ${x.reason}`),
        ...plan.renamed.map((x) => `  renamed: ${x.file} -> ${x.out} (another input takes the plain name)`),
        ...(plan.removedTemps.length
          ? [`  removed ${plan.removedTemps.length} temporary file(s) of an interrupted earlier run`]
          : []),
        ...failed.map((x) => `  failed: ${x.file}: ${x.error}`),
      ].join('\n');
      const skipped = notNamed;
      return {
        text,
        json: {
          output: v.out,
          edited: written,
          failed,
          skipped,
          skippedFiles: plan.skipped,
          renamed: plan.renamed,
          stopped: stopped ?? null,
        },
        exitCode: stopped ? 130 : failed.length ? 1 : 0,
      };
    } finally {
      await editor.dispose();
    }
  },
};
