// The shipped GANimation generator does what its model card says: on the first 100 test faces (the first 100 of the
// card's 500, same seed) its edits land closer to random target AUs than the do-nothing edit, as the separately
// trained AU estimator and the HOG AU reader read them, and the person stays the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { loadFaceDataset } from '../../src/data/face-dataset.js';
import { evaluateEdits } from '../../src/infer/evaluate-edits.js';
import { FaceEditor } from '../../src/infer/face-editor.js';
import { HogAuReader } from '../../src/face/hog-au-reader.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const faces = resolve(root, '..', 'shared', 'datasets', 'faces128');

it('models/ganimation-generator.onnx: on 100 test faces, AU error and identity as the card says', async () => {
  const card = JSON.parse(readFileSync(join(root, 'models', 'ganimation-generator.test.json'), 'utf8'));
  const editor = await FaceEditor.load({
    generator: join(root, 'models', 'ganimation-generator.onnx'),
    estimator: join(root, 'models', 'au-estimator.onnx'),
  });
  const hogReader = HogAuReader.load(join(root, 'models', 'au-hog-reader.json'));
  const s = await evaluateEdits(editor, loadFaceDataset(faces), { samples: 100, looks: false, hogReader }); // the card's AU and identity figures; looks are checked by the eval tests
  await editor.dispose();
  const ratio = s.auError.mean / s.doNothing.auError.mean;
  const cardRatio = card.auError.mean / card.doNothing.auError.mean;
  assert.equal(s.samples, 100);
  assert.ok(
    Math.abs(s.auError.mean - card.auError.mean) < 0.04,
    `AU error ${s.auError.mean.toFixed(3)} vs the card's ${card.auError.mean.toFixed(3)}`,
  );
  assert.ok(
    Math.abs(ratio - cardRatio) < 0.06,
    `AU error / do nothing ${ratio.toFixed(3)} vs the card's ${cardRatio.toFixed(3)}`,
  );
  // the second judge reads the paint as less expression (card, 500 faces: 0.63 against the estimator's 0.49)
  const hogRatio = s.hogAuError!.mean / s.doNothing.hogAuError!.mean;
  const cardHogRatio = card.hogAuError.mean / card.doNothing.hogAuError.mean;
  assert.ok(
    Math.abs(hogRatio - cardHogRatio) < 0.06,
    `HOG reader's AU error / do nothing ${hogRatio.toFixed(3)} vs the card's ${cardHogRatio.toFixed(3)}`,
  );
  assert.ok(hogRatio > ratio + 0.05, `the HOG reader ${hogRatio.toFixed(3)}, the estimator ${ratio.toFixed(3)}`);
  // the judges' floor: the real photo whose labels are the target reads at about 0.35 of doing nothing by both judges
  // (500 test faces, 0–499 and 500–599 alike): where a perfect edit would be, well below this generator
  for (const [judge, floor, nothing, edit] of [
    ['estimator', s.realTarget.auError.mean, s.doNothing.auError.mean, ratio],
    ['HOG reader', s.realTarget.hogAuError!.mean, s.doNothing.hogAuError!.mean, hogRatio],
  ] as const) {
    const r = floor / nothing;
    assert.ok(r > 0.25 && r < 0.45 && r < edit - 0.05, `${judge}: the real target photos at ${r.toFixed(3)}`);
  }
  assert.ok(
    Math.abs(s.identity.mean - card.identity.mean) < 0.05,
    `identity ${s.identity.mean.toFixed(3)} vs the card's ${card.identity.mean.toFixed(3)}`,
  );
  assert.ok(s.identity.mean < 0.6, 'the same person by face-api’s threshold');
});
