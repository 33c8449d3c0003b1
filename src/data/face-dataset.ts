// Datasets of aligned faces with AU labels, in the three layouts of SPEC §6: ganimate's (aus.csv),
// GANimation's (aus_openface.pkl) and OpenFace's per-image CSVs. Errors name the bad file or row.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AU_COUNT, type AuVector, OPENFACE_COLUMNS, RAW_MAX } from '../au/action-units.js';
import { GanimateError } from '../errors.js';
import { Unpickler } from '../nn/pytorch/pickle.js';
import { NpArray, numpyClasses } from './numpy-pickle.js';

export class DatasetError extends GanimateError {}

export type Layout = 'ganimate' | 'ganimation' | 'openface';

export interface FaceDataset {
  root: string;
  layout: Layout;
  /** Image file per id. */
  images: Map<string, string>;
  /** Raw AU intensities (0–5) per id. */
  aus: Map<string, AuVector>;
  /** OpenFace presence flags (AU12_c …) per id, where the layout has them (ganimate's aus.csv). */
  presence?: Map<string, Record<string, number>>;
  train: string[];
  test: string[];
}

/** Header columns, trimmed (OpenFace 2.0 writes " AU01_r"), to indices of the 17 AU columns. */
function auColumns(header: string[], file: string): number[] {
  const names = header.map((h) => h.trim());
  const idx = OPENFACE_COLUMNS.map((c) => names.indexOf(c));
  const missing = OPENFACE_COLUMNS.filter((_, i) => idx[i]! < 0);
  if (missing.length) throw new DatasetError(`${file}: the header lacks ${missing.join(', ')}`);
  return idx;
}

function parseAus(cells: string[], idx: number[], where: string): AuVector {
  const v = new Float32Array(AU_COUNT);
  idx.forEach((c, i) => {
    const x = Number(cells[c]);
    if (!Number.isFinite(x) || x < 0 || x > RAW_MAX + 1e-6)
      throw new DatasetError(`${where}: ${OPENFACE_COLUMNS[i]} = "${cells[c]}" is not an intensity 0–5`);
    v[i] = x;
  });
  return v;
}

function readIds(file: string): string[] {
  if (!existsSync(file))
    throw new DatasetError(`${file} is missing: a dataset needs train_ids.csv and test_ids.csv (one id per line)`);
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\.(jpe?g|png)$/i, ''))
    .filter(Boolean);
}

function fromAusCsv(root: string): { aus: Map<string, AuVector>; presence: Map<string, Record<string, number>> } {
  const file = join(root, 'aus.csv');
  const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const names = header!.split(',').map((h) => h.trim());
  const idx = auColumns(names, file);
  const flags = names.map((n, i) => [n, i] as const).filter(([n]) => /^AU\d+_c$/.test(n));
  const aus = new Map<string, AuVector>();
  const presence = new Map<string, Record<string, number>>();
  rows.forEach((row, r) => {
    const cells = row.split(',');
    aus.set(cells[0]!, parseAus(cells, idx, `${file} row ${r + 2} (${cells[0]})`));
    if (flags.length) presence.set(cells[0]!, Object.fromEntries(flags.map(([n, i]) => [n, Number(cells[i])])));
  });
  return { aus, presence };
}

function fromGanimationPickle(root: string): Map<string, AuVector> {
  const file = join(root, 'aus_openface.pkl');
  const value = new Unpickler(readFileSync(file), { findClass: numpyClasses, persistentLoad: () => null }, file).load();
  if (!(value instanceof Map)) throw new DatasetError(`${file} is not a pickled dict of AU vectors`);
  const out = new Map<string, AuVector>();
  for (const [k, v] of value) {
    const arr = v instanceof NpArray ? v.values : Array.isArray(v) ? v : null;
    if (!arr || arr.length !== AU_COUNT)
      throw new DatasetError(`${file}: entry ${String(k)} is not a vector of ${AU_COUNT} AU intensities`);
    out.set(String(k).replace(/\.(jpe?g|png)$/i, ''), Float32Array.from(arr as ArrayLike<number>));
  }
  return out;
}

/** OpenFace CSVs beside the images (imgs/<id>.csv or csv/<id>.csv); the most confident face of each. */
function fromOpenFace(root: string, csvDir: string): Map<string, AuVector> {
  const out = new Map<string, AuVector>();
  for (const f of readdirSync(csvDir).filter((n) => n.endsWith('.csv'))) {
    const file = join(csvDir, f);
    const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
    const cols = header!.split(',').map((h) => h.trim());
    const idx = auColumns(cols, file);
    const conf = cols.indexOf('confidence');
    let best: { v: AuVector; c: number } | undefined;
    rows.forEach((row, r) => {
      const cells = row.split(',');
      const c = conf >= 0 ? Number(cells[conf]) : 1;
      if (!best || c > best.c) best = { v: parseAus(cells, idx, `${file} row ${r + 2}`), c };
    });
    if (best) out.set(basename(f, '.csv'), best.v);
  }
  void root;
  return out;
}

export function detectLayout(root: string): Layout {
  if (existsSync(join(root, 'aus.csv'))) return 'ganimate';
  if (existsSync(join(root, 'aus_openface.pkl'))) return 'ganimation';
  if (existsSync(join(root, 'csv')) || readdirSync(join(root, 'imgs')).some((f) => f.endsWith('.csv')))
    return 'openface';
  throw new DatasetError(
    `${root} is not a dataset ganimate knows: expected imgs/ with aus.csv (ganimate), aus_openface.pkl (GANimation) or OpenFace CSVs`,
  );
}

export function loadFaceDataset(root: string): FaceDataset {
  if (!existsSync(join(root, 'imgs'))) throw new DatasetError(`${root} has no imgs/ folder of aligned faces`);
  const layout = detectLayout(root);
  const csvDir = existsSync(join(root, 'csv')) ? join(root, 'csv') : join(root, 'imgs');
  const csv = layout === 'ganimate' ? fromAusCsv(root) : undefined;
  const aus = csv ? csv.aus : layout === 'ganimation' ? fromGanimationPickle(root) : fromOpenFace(root, csvDir);
  const images = new Map<string, string>();
  for (const f of readdirSync(join(root, 'imgs')))
    if (/\.(jpe?g|png)$/i.test(f)) images.set(basename(f, extname(f)), join(root, 'imgs', f));
  const split = (name: string) => {
    const ids = readIds(join(root, name));
    const bad = ids.find((id) => !images.has(id) || !aus.has(id));
    if (bad)
      throw new DatasetError(
        `${join(root, name)}: "${bad}" has ${images.has(bad) ? 'no AU labels' : 'no image in imgs/'}`,
      );
    return ids;
  };
  return {
    root,
    layout,
    images,
    aus,
    ...(csv?.presence.size ? { presence: csv.presence } : {}),
    train: split('train_ids.csv'),
    test: split('test_ids.csv'),
  };
}
