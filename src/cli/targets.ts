// AU targets from the command line: --au 12=3.5,6=2, --emotion happy:0.8, --like <photo>, targets CSV.
import { readFileSync } from 'node:fs';
import { AU_COUNT, type AuVector, checkRaw, OPENFACE_COLUMNS, parseAuList } from '../au/action-units.js';
import { parseEmotion } from '../au/emotions.js';
import { GanimateError } from '../errors.js';
import type { FaceEditor } from '../infer/face-editor.js';
import { readImage } from '../image/image-io.js';

/** --emotion gives a base, --au sets single AUs on top; undefined when neither is given. */
export function targetFromFlags(v: Record<string, string | boolean | undefined>): AuVector | undefined {
  const emotion = v.emotion as string | undefined;
  const au = v.au as string | undefined;
  if (!emotion && !au) return undefined;
  const base = emotion ? parseEmotion(emotion) : new Float32Array(AU_COUNT);
  return au ? parseAuList(au, base) : base;
}

/** "happy:0.5", "12=3,6=2" or a photo to copy the expression of. */
export async function targetFromSpec(spec: string, editor: FaceEditor): Promise<AuVector> {
  if (spec.includes('=')) return parseAuList(spec);
  if (/\.(jpe?g|png|webp|gif|tiff?|avif)$/i.test(spec)) return likePhoto(spec, editor);
  return parseEmotion(spec);
}

/** The AUs of the most confident face in another photo. */
export async function likePhoto(path: string, editor: FaceEditor): Promise<AuVector> {
  const p = await editor.prepare(await readImage(path), path);
  return (await editor.estimate(p))[0]!;
}

/** A targets CSV: a header whose first column is the file name and whose AU columns are named AU01_r … AU45_r. */
export function readTargetsCsv(path: string): Map<string, AuVector> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new GanimateError(`cannot read the targets file ${path}`);
  }
  const rows = text.split(/\r?\n/).filter((l) => l.trim());
  const header = rows[0]?.split(',').map((h) => h.trim()) ?? [];
  const columns = OPENFACE_COLUMNS.map((c) => header.indexOf(c));
  const missing = OPENFACE_COLUMNS.filter((_, i) => columns[i]! < 0);
  if (missing.length === AU_COUNT) throw new GanimateError(`${path}: the header names no AU column; expected file,${OPENFACE_COLUMNS.join(',')}`);
  const out = new Map<string, AuVector>();
  rows.slice(1).forEach((line, r) => {
    const cells = line.split(',').map((c) => c.trim());
    const v = new Float32Array(AU_COUNT);
    columns.forEach((col, i) => {
      if (col < 0) return;
      const raw = Number(cells[col]);
      try {
        v[i] = checkRaw(raw, `${OPENFACE_COLUMNS[i]}`);
      } catch (e) {
        throw new GanimateError(`${path} row ${r + 2} (${cells[0]}): ${(e as Error).message}`);
      }
    });
    out.set(cells[0]!, v);
  });
  return out;
}
