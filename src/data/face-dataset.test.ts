import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { pytorchMissing, runPython } from '../../tests/support/python.js';
import { BatchLoader } from './batch-loader.js';
import { DatasetError, loadFaceDataset } from './face-dataset.js';

const faces128 = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128');
const AU =
  'AU01_r,AU02_r,AU04_r,AU05_r,AU06_r,AU07_r,AU09_r,AU10_r,AU12_r,AU14_r,AU15_r,AU17_r,AU20_r,AU23_r,AU25_r,AU26_r,AU45_r';

function smallCopy(ids: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-ds-'));
  mkdirSync(join(dir, 'imgs'));
  for (const id of ids) copyFileSync(join(faces128, 'imgs', `${id}.jpg`), join(dir, 'imgs', `${id}.jpg`));
  writeFileSync(
    join(dir, 'train_ids.csv'),
    ids
      .slice(0, 2)
      .map((i) => `${i}.jpg`)
      .join('\n'),
  );
  writeFileSync(join(dir, 'test_ids.csv'), ids.slice(2).join('\n'));
  return dir;
}
const ids = readFileSync(join(faces128, 'test_ids.csv'), 'utf8').split('\n').slice(0, 3);

it('faces128 (ganimate layout) loads with its splits, and the loader is deterministic per position', async () => {
  const d = loadFaceDataset(faces128);
  assert.deepEqual([d.layout, d.train.length, d.test.length], ['ganimate', 36225, 1898]);
  const opts = { batchSize: 4, imageSize: 128, seed: 9, flip: true, targetNoise: 0.1 };
  const a = new BatchLoader(d, d.train, opts);
  const first = await a.next();
  const second = await a.next();
  const b = new BatchLoader(d, d.train, opts);
  b.seek({ epoch: 0, batch: 1 });
  const again = await b.next();
  assert.deepEqual(again.ids, second.ids);
  assert.deepEqual(again.real, second.real);
  assert.deepEqual(again.desiredCond, second.desiredCond);
  assert.notDeepEqual(first.ids, second.ids);
  assert.ok(first.real.every((v) => v >= -1 && v <= 1));
});

it('OpenFace CSVs (2.0 header with spaces; the most confident face) and errors that name the row', () => {
  const dir = smallCopy(ids);
  for (const [n, id] of ids.entries()) {
    const header = ` face, confidence, ${AU.split(',').join(', ')}`;
    const row = (conf: number, v: number) => [0, conf, ...Array(17).fill(v)].join(', ');
    writeFileSync(join(dir, 'imgs', `${id}.csv`), [header, row(0.5, 1), row(0.9, n + 1)].join('\n'));
  }
  const d = loadFaceDataset(dir);
  assert.equal(d.layout, 'openface');
  assert.equal(d.aus.get(ids[1]!)![0], 2);
  writeFileSync(
    join(dir, 'imgs', `${ids[0]}.csv`),
    [`face,confidence,${AU}`, `0,0.9,${Array(16).fill(1).join(',')},9`].join('\n'),
  );
  assert.throws(
    () => loadFaceDataset(dir),
    (e: Error) => e instanceof DatasetError && /\.csv row 2: AU45_r = "9" is not an intensity 0–5/.test(e.message),
  );
});

it(
  "GANimation's layout: aus_openface.pkl, a pickled dict of numpy arrays",
  { skip: pytorchMissing() ? `SKIPPED LOUDLY: ${pytorchMissing()}` : false },
  () => {
    const dir = smallCopy(ids);
    const script = `import pickle, numpy as np, sys\nd = {n: np.arange(17, dtype=np.float64) / 10 + i for i, n in enumerate(sys.argv[2:])}\npickle.dump(d, open(sys.argv[1], 'wb'), protocol=2)`;
    writeFileSync(join(dir, 'make.py'), script);
    runPython([join(dir, 'make.py'), join(dir, 'aus_openface.pkl'), ...ids]);
    const d = loadFaceDataset(dir);
    assert.equal(d.layout, 'ganimation');
    assert.ok(Math.abs(d.aus.get(ids[2]!)![3]! - 2.3) < 1e-6);
    writeFileSync(join(dir, 'test_ids.csv'), 'nobody');
    assert.throws(() => loadFaceDataset(dir), /test_ids\.csv: "nobody" has no image in imgs\//);
  },
);
