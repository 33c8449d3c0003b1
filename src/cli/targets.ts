// AU targets from the command line: --au 12=3.5,6=2, --emotion happy:0.8, --like <photo>, targets CSV.
import { readFileSync } from 'node:fs';
import { AU_COUNT, type AuVector, checkRaw, OPENFACE_COLUMNS, parseAuList, PLAIN_DECIMAL } from '../au/action-units.js';
import { parseEmotion } from '../au/emotions.js';
import { GanimateError } from '../errors.js';
import { readTarget } from '../infer/request.js';
import type { FaceEditor } from '../infer/face-editor.js';
import { readImage } from '../image/image-io.js';
import { parseCsv } from '../io/csv.js';

/** --emotion gives a base, --au sets single AUs on top (the request schema's target); undefined when neither is
 * given. */
export function targetFromFlags(v: Record<string, string | boolean | undefined>): AuVector | undefined {
  return readTarget({ emotion: v.emotion || undefined, au: v.au || undefined });
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

/** A targets CSV (RFC 4180): a header whose first column is the file name and which names all 17 AU
 * columns AU01_r … AU45_r once each (other columns are ignored); one row per file, each AU cell a plain
 * decimal on the raw scale 0–5. Anything else is an error naming the file, row and column. */
export function readTargetsCsv(path: string): Map<string, AuVector> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new GanimateError(`cannot read the targets file ${path}`);
  }
  const rows = parseCsv(text, path);
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const example = `file,${OPENFACE_COLUMNS.join(',')}`;
  if (!header.length) throw new GanimateError(`${path} is empty; its first line names the columns: ${example}`);
  const twice = header.filter((h, i) => h !== '' && header.indexOf(h) !== i);
  if (twice.length)
    throw new GanimateError(`${path}: the header names ${[...new Set(twice)].join(', ')} more than once`);
  const columns = OPENFACE_COLUMNS.map((c) => header.indexOf(c));
  const missing = OPENFACE_COLUMNS.filter((_, i) => columns[i]! < 1);
  if (missing.length)
    throw new GanimateError(
      `${path}: the header lacks ${missing.join(', ')}; every target names all 17 AUs (0 for an AU at rest): ${example}`,
    );
  const out = new Map<string, AuVector>();
  const rowOf = new Map<string, number>();
  rows.slice(1).forEach((cells, r) => {
    const at = `${path} row ${r + 2}`;
    if (cells.length !== header.length)
      throw new GanimateError(`${at}: ${cells.length} fields where the header has ${header.length}`);
    const file = cells[0]!.trim();
    if (!file) throw new GanimateError(`${at}: the first field (the file name) is empty`);
    if (rowOf.has(file)) throw new GanimateError(`${at}: ${file} already has a target on row ${rowOf.get(file)}`);
    const v = new Float32Array(AU_COUNT);
    columns.forEach((col, i) => {
      const cell = cells[col]!.trim();
      if (!PLAIN_DECIMAL.test(cell))
        throw new GanimateError(
          `${at}, column ${OPENFACE_COLUMNS[i]} (${file}): "${cell}" is not a number; write a plain decimal from 0 to 5 such as 2.5`,
        );
      try {
        v[i] = checkRaw(Number(cell), OPENFACE_COLUMNS[i]!);
      } catch (e) {
        throw new GanimateError(`${at}, column ${OPENFACE_COLUMNS[i]} (${file}): ${(e as Error).message}`);
      }
    });
    out.set(file, v);
    rowOf.set(file, r + 2);
  });
  return out;
}
