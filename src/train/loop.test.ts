// The loop itself, on the smallest model there is (a 1 × 1 convolution fitting y = 2x + 1): resume, the statistics
// file and --stop-after are tested here once for every model; each model's own test resumes one short run of it.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { LoaderPosition } from '../data/batch-loader.js';
import { Adam, Conv2d } from '../nn/index.js';
import { backward, manualSeed, mean, mul, scope, sub, tensor, add } from '../torch/index.js';
import { runLoop } from './loop.js';
import { createRunFolder } from './run-folder.js';

/** Batches of 4 x values that depend only on their position, 5 batches an epoch. */
class ToyLoader {
  position: LoaderPosition = { epoch: 0, batch: 0 };
  async next(): Promise<Float32Array> {
    const { epoch, batch } = this.position;
    const xs = Float32Array.from({ length: 4 }, (_, i) => Math.sin(epoch * 7 + batch * 3 + i));
    this.position = batch === 4 ? { epoch: epoch + 1, batch: 0 } : { epoch, batch: batch + 1 };
    return xs;
  }
  seek(p: LoaderPosition): void {
    this.position = { ...p };
  }
}

async function run(runDir: string, resume: boolean, stopAfter?: number) {
  manualSeed(0);
  const net = new Conv2d(1, 1, 1);
  const opt = new Adam(net.namedParameters(), { lr: 0.05 });
  const r = await runLoop(
    {
      command: 'ganimate train --model toy',
      modules: { net },
      optimizers: { opt },
      loader: new ToyLoader(),
      total: 12,
      batchesPerEpoch: 5,
      logEvery: 2,
      checkpointEvery: 4,
      sampleEvery: 1000,
      step(xs) {
        return scope(() => {
          const x = tensor(xs, [4, 1, 1, 1]);
          const err = sub(net.forward(x), add(mul(x, 2), 1));
          const loss = mean(mul(err, err));
          opt.zeroGrad();
          backward(loss);
          opt.step();
          return { terms: { mse: loss.item() } };
        });
      },
      imagesIn: (xs) => xs.length,
      finish: () => 'done',
    },
    { runDir, resume, stopAfter, log: () => undefined },
  );
  const weights = net.namedParameters().map(([, p]) => [...p.data()]);
  net.dispose();
  return { r, weights };
}

const statsOf = (dir: string) =>
  readFileSync(join(dir, 'stats.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { iteration: number; mse: number });

it('the loop: stopped and resumed (--stop-after, or a crash after a checkpoint) it ends exactly where an uninterrupted run does', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-loop-'));
  const whole = createRunFolder('toy', { runs, config: 'whole' });
  const straight = await run(whole, false);
  assert.deepEqual([straight.r.iteration, straight.r.finished], [12, true]);
  assert.deepEqual(
    statsOf(whole).map((l) => l.iteration),
    [2, 4, 6, 8, 10, 12],
  );
  manualSeed(0);
  const init = new Conv2d(1, 1, 1);
  assert.notDeepEqual(
    straight.weights,
    init.namedParameters().map(([, p]) => [...p.data()]),
    'the steps moved the weights',
  );
  init.dispose();

  const parts = createRunFolder('toy', { runs, config: 'parts' });
  const first = await run(parts, false, 6);
  assert.deepEqual([first.r.iteration, first.r.finished], [6, false]);
  const second = await run(parts, true);
  assert.deepEqual([second.r.iteration, second.r.finished], [12, true]);
  assert.deepEqual(second.weights, straight.weights, 'bit-identical weights');
  assert.deepEqual(
    statsOf(parts).map((l) => [l.iteration, l.mse]),
    statsOf(whole).map((l) => [l.iteration, l.mse]),
    'one statistics line per logged iteration, the same numbers',
  );

  // a crash after iteration 9: the checkpoint says 8, the statistics file has a line the run will write again
  const crashed = join(runs, 'crashed');
  cpSync(whole, crashed, { recursive: true });
  const atEight = await run(createRunFolder('toy', { runs, config: 'eight' }), false, 8);
  cpSync(join(atEight.r.runDir, 'checkpoints'), join(crashed, 'checkpoints'), { recursive: true, force: true });
  const lines = statsOf(whole).filter((l) => l.iteration <= 8);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(crashed, 'stats.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  appendFileSync(join(crashed, 'stats.jsonl'), JSON.stringify({ iteration: 10, mse: -1 }) + '\n');
  const resumed = await run(crashed, true);
  assert.deepEqual(resumed.weights, straight.weights);
  assert.deepEqual(
    statsOf(crashed).map((l) => l.iteration),
    [2, 4, 6, 8, 10, 12],
    'the line past the checkpoint is dropped, then written again',
  );
  assert.ok(statsOf(crashed).every((l) => l.mse >= 0));
});
