import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUS, OPENFACE_COLUMNS } from '../../au/action-units.js';
import { GanimateError } from '../../errors.js';
import { readImage } from '../../image/image-io.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { openEditor } from '../models.js';
import { Progress } from '../../io/progress.js';
import { HogAuReader } from '../../face/hog-au-reader.js';
import { SHIPPED } from '../../shipped-models.js';

export const estimate: Command = {
  name: 'estimate',
  usage: 'ganimate estimate <photo|folder> [--format table|csv|json] [--reader estimator|hog]',
  options: {
    format: { type: 'string', help: 'table, csv or json', default: 'table' },
    reader: {
      type: 'string',
      help: "which AU reader: 'estimator' (the CNN, models/au-estimator.onnx) or 'hog' (a linear map on HOG features, made as OpenFace reads AUs: models/au-hog-reader.json)",
      default: 'estimator',
    },
    aligned: { type: 'boolean', help: 'inputs are aligned 128×128 crops' },
    ...MODEL_OPTIONS,
  },
  async run(v, [input]) {
    if (!input) throw new GanimateError('estimate needs a photo or a folder');
    const format = v.format as string;
    if (!['table', 'csv', 'json'].includes(format))
      throw new GanimateError(`--format must be table, csv or json, not ${format}`);
    if (!['estimator', 'hog'].includes(v.reader as string))
      throw new GanimateError(`--reader must be estimator or hog, not ${v.reader}`);
    const hog = v.reader === 'hog' ? HogAuReader.load(SHIPPED.hogReader) : undefined;
    const files = statSync(input, { throwIfNoEntry: false })?.isDirectory()
      ? readdirSync(input)
          .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
          .sort()
          .map((f) => join(input, f))
      : [input];
    const editor = await openEditor(v, true, false);
    const rows: { file: string; face: number; aus: number[] }[] = [];
    try {
      const progress = files.length > 1 ? new Progress(files.length, 'estimate', 'photos') : undefined;
      for (const f of files) {
        const p = await editor.prepare(await readImage(f), f, Boolean(v.aligned));
        (hog ? p.faces.map((f) => hog.read(f.crop)) : await editor.estimate(p)).forEach((aus, face) =>
          rows.push({ file: f, face, aus: [...aus].map((x) => Math.round(x * 100) / 100) }),
        );
        progress?.tick();
      }
    } finally {
      await editor.dispose();
    }
    const csv = [
      ['file', 'face', ...OPENFACE_COLUMNS].join(','),
      ...rows.map((r) => [r.file, r.face, ...r.aus.map((x) => x.toFixed(2))].join(',')),
    ].join('\n');
    const table = rows
      .map((r) =>
        [
          `${r.file} (face ${r.face})`,
          ...AUS.map(
            (a, i) =>
              `  AU${String(a.au).padEnd(2)} ${a.name.padEnd(21)} ${r.aus[i]!.toFixed(2).padStart(5)} ${'█'.repeat(Math.round(r.aus[i]! * 4))}`,
          ),
        ].join('\n'),
      )
      .join('\n\n');
    return { text: format === 'csv' ? csv : format === 'json' ? JSON.stringify(rows, null, 1) : table, json: rows };
  },
};
