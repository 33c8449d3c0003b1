import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GANimationLoss } from './ganimation-loss.js';
import { Critic, Generator } from './networks/index.js';
import { Adam } from '../../nn/index.js';
import { keep, liveTensors, manualSeed, rand, sub, mul, type Precision } from '../../torch/index.js';
import { trainIteration } from './ganimation-iteration.js';
import { cpuHasFastBfloat16 } from '../../torch/cpu-bfloat16.js';

const config = { imageSize: 32, gConvDim: 4, gRepeatNum: 1, dConvDim: 4, dRepeatNum: 3 };

/** The loss and both optimisers of G and D. */
const trainables = (G: Generator, D: Critic, lambdas: { gp?: number; r1?: number } = {}) => ({
  loss: new GANimationLoss(G, D, lambdas),
  optG: new Adam(G.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
  optD: new Adam(D.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
});

/** Two random 32-px faces with random own and target AUs, kept across scopes. */
const twoFaces = () => ({
  real: keep(sub(mul(rand([2, 3, 32, 32]), 2), 1)),
  realCond: keep(rand([2, 17])),
  desiredCond: keep(rand([2, 17])),
});

it('iterations release every intermediate: live tensors stay flat over many steps', () => {
  manualSeed(0);
  const G = new Generator(config);
  const D = new Critic(config);
  const t = trainables(G, D);
  const batch = twoFaces();
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

it("the penalty step runs only when asked (lazy regularisation) and never without a weighted penalty; a spectrally normalised critic's steps release every intermediate too", () => {
  manualSeed(1);
  const G = new Generator(config);
  const D = new Critic({ ...config, criticSpectralNorm: true });
  const batch = twoFaces();
  const r1 = trainables(G, D, { gp: 0, r1: 1 });
  assert.ok('d_gp' in trainIteration(r1, batch, { trainGenerator: false }), 'by default a weighted penalty runs');
  assert.ok(
    !('d_gp' in trainIteration(r1, batch, { trainGenerator: false, penalty: false })),
    'skipped when not asked',
  );
  const none = trainables(G, D, { gp: 0 });
  assert.ok(!('d_gp' in trainIteration(none, batch, { trainGenerator: true })));
  const live = liveTensors(); // (after the optimisers' first steps have made their state)
  for (let i = 0; i < 3; i++) assert.ok(!('d_gp' in trainIteration(none, batch, { trainGenerator: i === 1 })));
  assert.equal(liveTensors(), live);
  for (const x of [G, D, r1.optG, r1.optD, none.optG, none.optD, batch.real, batch.realCond, batch.desiredCond])
    x.dispose();
});

it("precision 'bfloat16': one iteration from the same weights and batch moves G and D as float32's does, to bfloat16's rounding", () => {
  const batch = twoFaces();
  const gpAlpha = keep(rand([2]));
  const run = (precision: Precision) => {
    manualSeed(3);
    const [G, D] = [new Generator(config), new Critic(config)];
    const t = { ...trainables(G, D), precision };
    const stats = trainIteration(t, batch, { trainGenerator: true, gpAlpha });
    // the generator step's gradients, still held after its optimiser step
    const moved = G.parameters().flatMap((p) => Array.from(p.grad?.data() ?? []));
    for (const x of [G, D, t.optG, t.optD]) x.dispose();
    return { stats, moved };
  };
  const [full, half] = [run('float32'), run('bfloat16')];
  for (const [k, v] of Object.entries(full.stats)) {
    const w = half.stats[k]!;
    assert.ok(Math.abs(w - v) <= 0.05 * Math.abs(v) + 0.02, `${k}: ${w} in bfloat16, ${v} in float32`);
  }
  assert.ok(
    Object.entries(full.stats).some(([k, v]) => v !== half.stats[k]),
    'bfloat16 rounds somewhere (the check can fail)',
  );
  const dot = full.moved.reduce((s, v, i) => s + v * half.moved[i]!, 0);
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const cosine = dot / (norm(full.moved) * norm(half.moved));
  // (a CPU without AMX or AVX-512 BF16 emulates bfloat16, more coarsely: 0.92 on an AMD EPYC)
  const least = cpuHasFastBfloat16() === false ? 0.85 : 0.95;
  assert.ok(full.moved.length > 0 && cosine > least, `the generator's gradients agree: cosine ${cosine}`);
  for (const x of [batch.real, batch.realCond, batch.desiredCond, gpAlpha]) x.dispose();
});
