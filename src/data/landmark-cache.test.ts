// Dataset landmarks through the face pipeline, cached outside the dataset and resumed from the cache.
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadFaceDataset } from './face-dataset.js';
import { datasetLandmarks, normaliseLandmarks } from './landmark-cache.js';

const data = loadFaceDataset(resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128'));

describe('dataset landmarks (face pipeline, user cache)', () => {
  it('computes 68 points per face once, then reads them from the cache; a longer list reuses nothing stale', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ganimate-landmarks-'));
    const ids = data.train.slice(0, 6);
    const first = await datasetLandmarks(ids, data.images, { cacheDir, saveEvery: 2 });
    assert.equal(first.computed, 6);
    assert.ok(first.points.size >= 5, `faces found in ${first.points.size} of 6 crops`);
    assert.ok(statSync(first.cacheFile).isFile());
    for (const p of first.points.values()) {
      assert.equal(p.length, 136);
      const [cx, cy] = [
        p.filter((_, i) => i % 2 === 0).reduce((s, v) => s + v / 68, 0),
        p.filter((_, i) => i % 2 === 1).reduce((s, v) => s + v / 68, 0),
      ];
      assert.ok(cx > 40 && cx < 88 && cy > 40 && cy < 100, `landmark centre (${cx}, ${cy})`);
    }
    const again = await datasetLandmarks(ids, data.images, { cacheDir });
    assert.equal(again.computed, 0);
    assert.deepEqual([...again.points.keys()], [...first.points.keys()]);
    assert.deepEqual(again.points.get(ids[0]!), first.points.get(ids[0]!));
    const more = await datasetLandmarks(data.train.slice(0, 7), data.images, { cacheDir });
    assert.notEqual(more.cacheFile, first.cacheFile, 'another image list is another cache entry');
    assert.deepEqual([...normaliseLandmarks(Float32Array.from([0, 63.5, 127]), 128)], [-1, 0, 1]);
  });
});
