import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FaceDataset } from '../data/face-dataset.js';
import { evaluationSplit, partReferenceCount } from './evaluate-edits.js';

const data = { test: Array.from({ length: 20 }, (_, i) => `f${i}`) } as unknown as FaceDataset;

it('inputs are the first test faces, or those after --skip; references are other test faces, never an input', () => {
  const first = evaluationSplit(data, 5);
  assert.deepEqual(first.inputs, ['f0', 'f1', 'f2', 'f3', 'f4']);
  const later = evaluationSplit(data, 5, 5);
  assert.deepEqual(later.inputs, ['f5', 'f6', 'f7', 'f8', 'f9']);
  for (const s of [first, later]) {
    assert.equal(s.references.length, 5);
    assert.ok(s.references.every((r) => !s.inputs.includes(r) && data.test.includes(r)));
  }
  assert.deepEqual(evaluationSplit(data, 5, 18).inputs, ['f18', 'f19'], 'past the end: what is left');
});

it("the parts' manifold reads up to 2,000 training faces, and none from a dataset too small to make one", () => {
  const withTrain = (n: number) => ({ train: Array.from({ length: n }, (_, i) => `t${i}`) }) as unknown as FaceDataset;
  assert.deepEqual(
    [150, 200, 900, 30000].map((n) => partReferenceCount(withTrain(n))),
    [0, 200, 900, 2000],
  );
});
