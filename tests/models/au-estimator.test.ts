// The shipped AU estimator does what its model card says, and is what the CLI uses by default.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { AuErrorMeter } from '../../src/metrics/face-metrics.js';
import { FaceEditor } from '../../src/infer/face-editor.js';
import { readImage } from '../../src/image/image-io.js';
import { loadFaceDataset } from '../../src/data/face-dataset.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const faces = resolve(root, '..', 'shared', 'datasets', 'faces128');

it('models/au-estimator.onnx: test-split MAE as its card says, far below predicting the mean', async () => {
  const card = JSON.parse(readFileSync(join(root, 'models', 'au-estimator.test.json'), 'utf8'));
  const data = loadFaceDataset(faces);
  const editor = await FaceEditor.load({ estimator: join(root, 'models', 'au-estimator.onnx') });
  const meter = new AuErrorMeter();
  for (const id of data.test.slice(0, 300)) {
    const [aus] = await editor.estimate(await editor.prepare(await readImage(data.images.get(id)!), id, true));
    meter.add(data.aus.get(id)!, aus!);
  }
  await editor.dispose();
  const mae = meter.summary().mean;
  assert.ok(
    Math.abs(mae - card.estimator.mean) < 0.03,
    `MAE on 300 test faces ${mae.toFixed(3)} vs the card's ${card.estimator.mean.toFixed(3)}`,
  );
  assert.ok(mae < 0.6 * card.trainMean.mean);
});

it('`ganimate estimate` uses the shipped estimator with no model flags: the sample photo smiles', () => {
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'ganimate.js'), 'estimate', join(root, 'assets', 'astronaut.png'), '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const [face] = JSON.parse(r.stdout) as { aus: number[] }[];
  assert.ok(face!.aus[8]! > 1.5, `AU12 (lip corner puller) = ${face!.aus[8]}`);
  assert.ok(face!.aus[4]! > 0.8, `AU6 (cheek raiser) = ${face!.aus[4]}`);
  assert.ok(face!.aus[2]! < 0.5, `AU4 (brow lowerer) = ${face!.aus[2]}`);
});
