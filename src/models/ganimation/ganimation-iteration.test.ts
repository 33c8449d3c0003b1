import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GANimationLoss } from './ganimation-loss.js';
import { Critic, Generator } from './networks/index.js';
import { Adam } from '../../nn/index.js';
import { keep, liveTensors, manualSeed, rand, sub, mul } from '../../torch/index.js';
import { trainIteration } from './ganimation-iteration.js';

const config = { imageSize: 32, gConvDim: 4, gRepeatNum: 1, dConvDim: 4, dRepeatNum: 3 };

it('iterations release every intermediate: live tensors stay flat over many steps', () => {
  manualSeed(0);
  const G = new Generator(config);
  const D = new Critic(config);
  const t = {
    loss: new GANimationLoss(G, D),
    optG: new Adam(G.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
    optD: new Adam(D.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
  };
  const batch = {
    real: keep(sub(mul(rand([2, 3, 32, 32]), 2), 1)),
    realCond: keep(rand([2, 17])),
    desiredCond: keep(rand([2, 17])),
  };
  const stats = trainIteration(t, batch, { trainGenerator: true });
  assert.equal(Object.keys(stats).length, 11);
  for (const [k, v] of Object.entries(stats)) assert.ok(Number.isFinite(v), `${k} = ${v}`);
  const live = liveTensors();
  for (let i = 0; i < 10; i++) trainIteration(t, batch, { trainGenerator: i % 5 === 0 });
  assert.equal(liveTensors(), live);
  assert.ok(
    D.parameters().every((p) => p.requiresGrad),
    'the generator step must unfreeze D',
  );
  for (const x of [G, D, t.optG, t.optD, batch.real, batch.realCond, batch.desiredCond]) x.dispose();
});
