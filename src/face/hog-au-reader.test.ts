import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { AU_COUNT } from '../au/action-units.js';
import { HogAuReader, serializeHogAuWeights } from './hog-au-reader.js';
import { loadFaceDataset } from '../data/face-dataset.js';
import { BadFileError, InvalidOptionError } from '../errors.js';
import { readImage } from '../image/image-io.js';
import { SHIPPED } from '../shipped-models.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const faces = resolve(root, '..', 'shared', 'datasets', 'faces128');

test('the shipped HOG AU reader reads faces128 test faces near their labels, far nearer than their mean', async () => {
  const reader = HogAuReader.load(SHIPPED.hogReader);
  const data = loadFaceDataset(faces);
  const ids = data.test.slice(0, 150);
  const mean = new Float64Array(AU_COUNT);
  for (const id of data.train.slice(0, 3000)) data.aus.get(id)!.forEach((v, k) => (mean[k] = mean[k]! + v / 3000));
  let [err, base] = [0, 0];
  for (const id of ids) {
    const read = reader.read(await readImage(data.images.get(id)!));
    assert.ok(read.every((v) => v >= 0 && v <= 5));
    data.aus.get(id)!.forEach((v, k) => {
      err += Math.abs(read[k]! - v) / (ids.length * AU_COUNT);
      base += Math.abs(mean[k]! - v) / (ids.length * AU_COUNT);
    });
  }
  // fitted: 0.20 on the whole test split, the CNN estimator 0.21, the train mean 0.48
  assert.ok(err < 0.26, `MAE ${err}`);
  assert.ok(err < 0.6 * base, `MAE ${err} against ${base} for the train mean`);
});

test('the HOG AU reader refuses a crop of another size and a file that is not one', () => {
  const reader = HogAuReader.load(SHIPPED.hogReader);
  const small = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3) };
  assert.equal(reader.reads(small), false, 'eval leaves crops of another size unread');
  assert.throws(() => reader.read(small), InvalidOptionError);
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-hog-'));
  writeFileSync(join(dir, 'x.json'), '{"format":"something-else"}');
  assert.throws(() => HogAuReader.load(join(dir, 'x.json')), BadFileError);
  assert.throws(() => HogAuReader.load(join(dir, 'missing.json')), BadFileError);
  const j = JSON.parse(readFileSync(SHIPPED.hogReader, 'utf8'));
  writeFileSync(join(dir, 'bare.json'), JSON.stringify({ format: j.format }));
  assert.throws(() => HogAuReader.load(join(dir, 'bare.json')), BadFileError);
  writeFileSync(join(dir, 'short.json'), JSON.stringify({ ...j, bias: [0, 1] }));
  assert.throws(() => HogAuReader.load(join(dir, 'short.json')), BadFileError);
});

test('HOG AU reader weights survive writing and reading back', () => {
  const reader = HogAuReader.load(SHIPPED.hogReader);
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-hog-'));
  writeFileSync(join(dir, 'copy.json'), serializeHogAuWeights(reader.w));
  const copy = HogAuReader.load(join(dir, 'copy.json'));
  assert.deepEqual(copy.w.weights, reader.w.weights);
  assert.deepEqual(copy.w.bias, reader.w.bias);
});
