import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { GanimateError } from '../../errors.js';
import { trainCommand } from './train.js';

const DATA = '../shared/datasets/faces128';

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
