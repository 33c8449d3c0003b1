// The shipped GeoGAN smile model does what its model card says: test faces without a smile have one
// afterwards (as the separately trained AU estimator reads it) and stay the same person; and
// `ganimate transfer` uses it with no model flag.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { loadFaceDataset } from '../../src/data/face-dataset.js';
import { readImage } from '../../src/image/image-io.js';
import { evaluateTransfers } from '../../src/infer/evaluate-transfers.js';
import { FaceEditor } from '../../src/infer/face-editor.js';
import { FaceTransfer } from '../../src/infer/face-transfer.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const faces = resolve(root, '..', 'shared', 'datasets', 'faces128');
const model = join(root, 'models', 'geogan-smile.onnx');

it('models/geogan-smile.onnx: on 60 test faces, smiles appear as the card says and identity holds', async () => {
  const card = JSON.parse(readFileSync(join(root, 'models', 'geogan-smile.test.json'), 'utf8'));
  const data = loadFaceDataset(faces);
  const transfer = await FaceTransfer.load(model);
  const judge = await FaceEditor.load({ estimator: join(root, 'models', 'au-estimator.onnx') });
  const s = await evaluateTransfers(transfer, judge, data, { attribute: 'smile', samples: 60 });
  const crop = await readImage(data.images.get(data.test[0]!)!);
  await assert.rejects(
    transfer.transferAligned({ width: 64, height: 64, data: crop.data.subarray(0, 64 * 64 * 3) }, crop),
    /takes aligned 128×128 crops/,
  );
  await Promise.all([transfer.dispose(), judge.dispose()]);
  assert.equal(s.samples, 60);
  assert.equal(s.doNothing.identityMean, 0);
  assert.ok(s.copyReference.presentShare > 0.8 && s.doNothing.presentShare < 0.2, 'the judge tells the groups apart');
  assert.ok(
    Math.abs(s.transfer.presentShare - card.transfer.presentShare) < 0.15,
    `smile present after ${(100 * s.transfer.presentShare).toFixed(0)}% vs the card's ${(100 * card.transfer.presentShare).toFixed(0)}%`,
  );
  assert.ok(
    Math.abs(s.transfer.identityMean - card.transfer.identityMean) < 0.05,
    `identity ${s.transfer.identityMean.toFixed(3)} vs the card's ${card.transfer.identityMean.toFixed(3)}`,
  );
  assert.ok(
    s.transfer.auMean > s.doNothing.auMean + 0.5,
    `AU12 ${s.transfer.auMean.toFixed(2)} after vs ${s.doNothing.auMean.toFixed(2)} before`,
  );
  assert.ok(s.transfer.identityMean < s.copyReference.identityMean);
});

it('`ganimate transfer` uses the shipped smile model with no --model', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ganimate-smile-')), 'out.jpg');
  const data = loadFaceDataset(faces);
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'bin', 'ganimate.js'),
      'transfer',
      join(root, 'assets', 'astronaut.png'),
      '--from',
      data.images.get(data.test[1]!)!,
      '-o',
      out,
      '--json',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).faces, 1);
});

it('`ganimate demo` with the shipped models: six edits, an animation and the smile transfer', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ganimate-demo-')), 'demo');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'ganimate.js'), 'demo', '-o', out, '--json'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const files = JSON.parse(r.stdout).files as string[];
  for (const f of ['happy.jpg', 'sad.jpg', 'expressions.png', 'smile.gif', 'transfer-smile.jpg', 'transfer-smile.png'])
    assert.ok(files.includes(f) && existsSync(join(out, f)), f);
  assert.equal((await sharp(join(out, 'smile.gif')).metadata()).pages, 16);
});

it('`ganimate eval-transfer` errors say what to do', () => {
  const run = (...a: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin', 'ganimate.js'), 'eval-transfer', ...a], { encoding: 'utf8' });
  assert.match(run().stderr, /needs --data <dataset folder>/);
  assert.match(run('--data', faces, '--attribute', 'beard').stderr, /unknown attribute "beard"/);
  assert.match(run('--data', faces, '--model', 'nope.onnx').stderr, /nope.onnx does not exist/);
  const r = run('--data', faces, '--samples', '3', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).samples, 3);
});
