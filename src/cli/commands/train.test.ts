import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { GanimateError } from '../../errors.js';
import { trainCommand } from './train.js';

const DATA = '../shared/datasets/faces128';
/** `ganimate train --dry-run` of a configuration with extra flags. */
const dryRun = (config: string, extra: Record<string, string>) =>
  trainCommand.run({ data: DATA, config, 'dry-run': true, runs: 'runs', ...extra }, []);

it(
  '--epochs and --decay-epochs set the schedule, marked as changed',
  { skip: !existsSync(DATA) && `${DATA} is missing` },
  async () => {
    const r = await trainCommand.run(
      {
        data: DATA,
        config: 'flow-change-eased',
        epochs: '0.5',
        'decay-epochs': '0.25',
        'dry-run': true,
        runs: 'runs',
      },
      [],
    );
    const o = (r.json as { options: { epochs: number; decayEpochs: number } }).options;
    assert.deepEqual([o.epochs, o.decayEpochs], [0.5, 0.25]);
    assert.match(r.text, /\* epochs\s+0\.5/);
    await assert.rejects(
      trainCommand.run({ data: DATA, epochs: 'many', 'dry-run': true, runs: 'runs' }, []),
      /--epochs must be a number/,
    );
  },
);

it('a resumed run keeps its schedule: --epochs there is an error that says how to train further', async () => {
  await assert.rejects(
    trainCommand.run({ resume: 'runs/00000-default', epochs: '2', runs: 'runs' }, []),
    (e: Error) => e instanceof GanimateError && /--epochs cannot change there/.test(e.message),
  );
});

it(
  'train --model: each model of the registry with its own flags; the aliases are the same commands',
  { skip: !existsSync(DATA) && `${DATA} is missing` },
  async () => {
    const geogan = trainCommand.specialise!(['--model', 'geogan', '--data', DATA]);
    assert.ok('faces' in geogan.options && 'attribute' in geogan.options, 'GeoGAN flags');
    assert.ok(!('init-g' in geogan.options), 'no GANimation flags');
    const r = await geogan.run(
      { model: 'geogan', data: DATA, config: 'geogan', faces: '100', 'dry-run': true, runs: 'runs' },
      [],
    );
    const j = r.json as { model: string; options: { facesPerGroup: number } };
    assert.equal(j.model, 'geogan');
    assert.equal(j.options.facesPerGroup, 100);
    assert.match(r.text, /\* facesPerGroup\s+100/);
    assert.match(r.text, /smile: 100 training faces with it, 100 without/);
    const { trainEstimatorCommand } = await import('./train-estimator.js');
    const e = await trainEstimatorCommand.run(
      { data: DATA, config: 'estimator', lr: '0.001', 'dry-run': true, runs: 'runs' },
      [],
    );
    assert.equal((e.json as { options: { lr: number } }).options.lr, 0.001);
    assert.equal(
      trainCommand.specialise!(['--model=au-estimator']).options.lr!.help,
      trainEstimatorCommand.options.lr!.help,
    );
    assert.throws(() => trainCommand.specialise!(['--model', 'stargan']), /unknown model "stargan"; known: ganimation/);
  },
);

it(
  '--precision bfloat16 is an option of the run, marked as changed; another value, or bfloat16 off the CPU, says what to use',
  { skip: !existsSync(DATA) && `${DATA} is missing` },
  async () => {
    const dry = (extra: Record<string, string>) => dryRun('flow-change-tiny', extra);
    const r = await dry({ precision: 'bfloat16' });
    assert.equal((r.json as { options: { precision: string } }).options.precision, 'bfloat16');
    assert.match(r.text, /\* precision\s+"bfloat16"/);
    await assert.rejects(dry({ precision: 'half' }), /precision must be 'float32' or 'bfloat16', got half/);
    await assert.rejects(
      dry({ precision: 'bfloat16', device: 'cuda' }),
      /on the CPU only; train on cuda with --precision float32/,
    );
  },
);

it(
  "--image-size trains the configuration's model at that size, the rest of it unchanged; a size the critic cannot halve, or not a number, says what to use",
  { skip: !existsSync(DATA) && `${DATA} is missing` },
  async () => {
    const dry = (extra: Record<string, string>) => dryRun('ablation-wgan-gp', extra);
    const [plain, small] = await Promise.all([dry({}), dry({ 'image-size': '64' })]);
    type Model = { options: { model: Record<string, unknown> } };
    const [a, b] = [(plain.json as Model).options.model, (small.json as Model).options.model];
    assert.deepEqual([a.imageSize, b.imageSize], [128, 64]);
    assert.deepEqual({ ...b, imageSize: 128 }, a);
    assert.match(small.text, /\* model\s+\{.*"imageSize":64/);
    await assert.rejects(dry({ 'image-size': '48' }), /imageSize 48 must be divisible by 2\^dRepeatNum = 64/);
    await assert.rejects(dry({ 'image-size': 'big' }), /--image-size must be a whole number of pixels from 16 to 1024/);
  },
);
