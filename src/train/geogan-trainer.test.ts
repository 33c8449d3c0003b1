// GeoGAN training on a small slice of faces128: smile pairs with cached landmarks, exact resume,
// statistics, sample grids, and the transfer ONNX written at the end.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { attributeGroups } from '../data/attribute-pairs.js';
import { loadFaceDataset } from '../data/face-dataset.js';
import { readSafetensors } from '../nn/safetensors.js';
import { OnnxModel } from '../runtime/onnx-model.js';
import { engineAvailable } from '../torch/index.js';
import { resolveGeoGANOptions } from './geogan-options.js';
import { trainGeoGAN } from './geogan-trainer.js';

const skip = engineAvailable() ? false : 'the libtorch engine is not built (npm run build:native)';
const source = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128');

/** 6 smiling and 6 non-smiling training faces of faces128 as a dataset of their own. */
function smallDataset(): string {
  const full = loadFaceDataset(source);
  const g = attributeGroups(full, full.train.slice(0, 400), 'smile');
  const ids = [...g.with.slice(0, 6), ...g.without.slice(0, 6)];
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-smiles-'));
  mkdirSync(join(dir, 'imgs'));
  for (const id of ids) copyFileSync(full.images.get(id)!, join(dir, 'imgs', `${id}.jpg`));
  const lines = readFileSync(join(source, 'aus.csv'), 'utf8').split('\n');
  writeFileSync(join(dir, 'aus.csv'), [lines[0], ...lines.filter((l) => ids.includes(l.split(',')[0]!))].join('\n'));
  writeFileSync(join(dir, 'train_ids.csv'), ids.join('\n'));
  writeFileSync(join(dir, 'test_ids.csv'), ids.slice(0, 2).join('\n'));
  return dir;
}

describe('GeoGAN training (geogan-tiny on faces128 smiles)', { skip }, () => {
  it('pairs smiles with non-smiles, resumes exactly, writes statistics, samples and the transfer ONNX', async () => {
    const data = smallDataset();
    const runs = mkdtempSync(join(tmpdir(), 'ganimate-geogan-runs-'));
    const landmarkCache = mkdtempSync(join(tmpdir(), 'ganimate-geogan-lm-'));
    const quiet = { log: () => undefined, landmarkCache };
    const o = resolveGeoGANOptions({ data, config: 'geogan-tiny', runs, maxIterations: 4, seed: 5 });
    const whole = await trainGeoGAN(o, quiet);
    assert.equal(whole.finished, true);
    const part = await trainGeoGAN(o, { ...quiet, stopAfter: 2 });
    assert.deepEqual([part.finished, part.iteration], [false, 2]);
    const resumed = await trainGeoGAN(o, { ...quiet, resumeDir: part.runDir });
    assert.deepEqual([resumed.finished, resumed.iteration], [true, 4]);
    for (const f of ['G.safetensors', 'D.safetensors']) {
      const [a, b] = [readSafetensors(join(whole.runDir, f)).tensors, readSafetensors(join(resumed.runDir, f)).tensors];
      for (const [k, t] of a) assert.deepEqual(b.get(k)!.data, t.data, `${f} ${k} differs after resume`);
    }
    const stats = readFileSync(join(whole.runDir, 'stats.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    assert.deepEqual(
      stats.map((s) => s.iteration),
      [1, 2, 3, 4],
    );
    for (const k of [
      'g_gan',
      'g_attr',
      'g_flow',
      'g_mask',
      'g_landmark',
      'g_rec',
      'd_real',
      'd_fake',
      'd_attr',
      'mask_mean',
      'lr_g',
      'refine',
    ])
      assert.ok(Number.isFinite(stats[3]![k]), k);
    assert.ok(existsSync(join(whole.runDir, 'samples', 'iter-0000002.png')));
    const model = await OnnxModel.load(join(whole.runDir, 'geogan-smile.onnx'));
    assert.deepEqual([...model.inputNames].sort(), ['reference', 'target']);
    await model.dispose();
  });

  it('options: unknown keys and configurations are errors', () => {
    assert.throws(
      () => resolveGeoGANOptions({ data: source, batchsize: 2 } as never),
      /unknown GeoGAN training option "batchsize"/,
    );
    assert.throws(() => resolveGeoGANOptions({ data: source, config: 'huge' }), /unknown configuration "huge"/);
  });
});
