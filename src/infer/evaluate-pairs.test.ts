import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { writeVideoFrames } from './video-frames.js';
import { VideoPairs } from '../data/video-pairs.js';
import { faceRegion } from '../face/content-region.js';
import { seededRandom } from '../random/seeded-random.js';
import { SHIPPED } from '../shipped-models.js';
import { evaluatePairs } from './evaluate-pairs.js';
import { FaceEditor } from './face-editor.js';
import { ApparentAgeReader } from '../face/apparent-age.js';
import { writeIdentityFlowModel } from '../../tests/support/random-models.js';

const driving = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'driving');
let pairs: VideoPairs;
let editor: FaceEditor;

before(async () => {
  // one real clip (d0, 78 frames) and the shipped generator
  const prefix = join(mkdtempSync(join(tmpdir(), 'ganimate-pair-eval-')), 'd0');
  await writeVideoFrames([join(driving, 'd0.mp4')], prefix, false);
  pairs = VideoPairs.load(prefix, 128);
  editor = await FaceEditor.load({ generator: SHIPPED.generator });
});
after(() => editor.dispose());

it('doing nothing is scored on the drawn pairs over the face; the same seed gives the same pairs and scores', async () => {
  const s = await evaluatePairs(editor, pairs, 6, 4);
  assert.equal(s.count, 6);
  // the unedited first frames against the second, recomputed from the same draw
  const b = pairs.draw(6, seededRandom(4));
  const face = faceRegion(128);
  const P = 128 * 128;
  let d = 0;
  for (let k = 0; k < 6; k++)
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < P; p++)
        d += face[p]! * Math.abs(b.from[k * 3 * P + c * P + p]! - b.to[k * 3 * P + c * P + p]!);
  const area = 3 * face.reduce((a, v) => a + v, 0);
  assert.ok(Math.abs(s.doNothing - d / area / 6) < 1e-9, `${s.doNothing} vs ${d / area / 6}`);
  assert.ok(s.doNothing > 0.01, 'two frames of a clip differ');
  assert.ok(Math.abs(s.ratio - s.edit / s.doNothing) < 1e-12);
  assert.ok(s.closerShare >= 0 && s.closerShare <= 1);
  assert.deepEqual(await evaluatePairs(editor, pairs, 6, 4), s);
});

it('the shipped paint generator, which repaints the face, ends further from the real second frames than doing nothing', async () => {
  // measured on 200 pairs of the twelve clips: 2.19 times doing nothing's distance, closer in 1 % of pairs
  const s = await evaluatePairs(editor, pairs, 8, 1);
  assert.ok(s.ratio > 1.3, `ratio ${s.ratio}`);
  assert.ok(s.closerShare <= 0.25, `closer in ${s.closerShare}`);
});

it('with the age-and-sex net: an edit that is its input moves no apparent age; the real second frames move some', async () => {
  const identity = await FaceEditor.load({ generator: writeIdentityFlowModel(mkdtempSync(join(tmpdir(), 'pairs-'))) });
  try {
    const s = await evaluatePairs(identity, pairs, 6, 4, undefined, await ApparentAgeReader.load());
    const { edit, real } = s.apparentAge!;
    assert.deepEqual([edit.count, real.count], [6, 6]);
    assert.ok(edit.ageShift < 0.01 && edit.sexKeptShare === 1, JSON.stringify(edit));
    // the same person a few frames on, another expression: measured 2.5 years on these six (2.4 over 400 pairs of the
    // twelve clips), the sex the same in every pair
    assert.ok(real.ageShift > 0.3 && real.ageShift < 8 && real.sexKeptShare === 1, JSON.stringify(real));
  } finally {
    await identity.dispose();
  }
  assert.equal((await evaluatePairs(editor, pairs, 2, 4)).apparentAge, undefined, 'read only when asked');
});
