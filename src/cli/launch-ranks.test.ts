import assert from 'node:assert/strict';
import { it } from 'node:test';
import { rankArgs, threadsPerRank, withoutOption } from './launch-ranks.js';

it('local ranks: each gets its rank, the world, the URL and its share of the cores; --device cuda becomes its own GPU', () => {
  const plan = {
    args: ['--data', 'faces', '--threads', '8', '--device', 'cuda', '--rank=5'],
    nproc: 2,
    firstRank: 8,
    worldSize: 16,
    url: 'tcp://10.0.0.1:29500',
    threads: 3,
  };
  assert.deepEqual(rankArgs(plan, 1), [
    ...['--data', 'faces', '--device', 'cuda:1'],
    ...['--dist-url', 'tcp://10.0.0.1:29500', '--rank', '9', '--world-size', '16', '--threads', '3'],
  ]);
  assert.deepEqual(withoutOption(['--a', '1', '--b=2', '--c', '3'], 'b'), ['--a', '1', '--c', '3']);
  assert.equal(threadsPerRank(2, 2), 1);
  assert.equal(threadsPerRank(3, 16), 5);
  assert.equal(threadsPerRank(4, 2), 1, 'at least one thread each');
});
