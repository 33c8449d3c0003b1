// Smile groups from faces128's AU12 presence flags, the seeded slice a recipe trains on, and pair
// batches that a position alone reproduces.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { attributeGroups, limitGroups, PairLoader } from './attribute-pairs.js';
import { loadFaceDataset } from './face-dataset.js';

const data = loadFaceDataset(resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128'));

it('smile groups follow AU12_c and the intensity; faces in between are left out', () => {
  const g = attributeGroups(data, data.train, 'smile');
  assert.ok(g.with.length > 10_000 && g.without.length > 10_000, `${g.with.length} with, ${g.without.length} without`);
  for (const id of g.with.slice(0, 200))
    assert.ok(data.presence!.get(id)!.AU12_c === 1 && data.aus.get(id)![8]! >= 1, id);
  for (const id of g.without.slice(0, 200))
    assert.ok(data.presence!.get(id)!.AU12_c === 0 && data.aus.get(id)![8]! < 0.5, id);
  assert.equal(new Set([...g.with, ...g.without]).size, g.with.length + g.without.length);
  assert.throws(() => attributeGroups(data, data.train, 'beard'), /unknown attribute "beard"/);
});

it('limitGroups: at most n of each, a seeded sample in dataset order, the same for the same seed', () => {
  const g = attributeGroups(data, data.train, 'smile');
  const a = limitGroups(g, 300, 0);
  assert.deepEqual([a.with.length, a.without.length], [300, 300]);
  assert.deepEqual(limitGroups(g, 300, 0), a);
  assert.notDeepEqual(limitGroups(g, 300, 1).with, a.with);
  const order = new Map(g.with.map((id, i) => [id, i]));
  assert.ok(
    a.with.every((id, i) => i === 0 || order.get(id)! > order.get(a.with[i - 1]!)!),
    'kept in dataset order',
  );
  assert.ok(
    a.with.some((id) => order.get(id)! > g.with.length / 2),
    'drawn from the whole group, not its start',
  );
  assert.deepEqual(limitGroups(g, 0, 0), g);
});

it('PairLoader: A lacks the attribute, B has it; a position alone reproduces its batch', async () => {
  const g = limitGroups(attributeGroups(data, data.train, 'smile'), 20, 0);
  const points = new Map([...g.with, ...g.without].map((id) => [id, new Float32Array(136).fill(64)]));
  const loader = new PairLoader(data, g, points, { batchSize: 4, imageSize: 32, seed: 3 });
  assert.equal(loader.batchesPerEpoch, 5);
  const first = await loader.next();
  assert.ok(first.ids.a.every((id) => g.without.includes(id)) && first.ids.b.every((id) => g.with.includes(id)));
  assert.equal(first.a.length, 4 * 3 * 32 * 32);
  assert.ok(
    first.landmarksA.every((v) => Math.abs(v - (2 * 64) / 127 + 1) < 1e-6),
    'landmarks normalised to [−1, 1] of the source image',
  );
  assert.deepEqual((await loader.peek({ epoch: 0, batch: 0 })).ids, first.ids);
});
