// `npm run bench -- train-default`: training throughput of the `default` and `paper` configurations
// under each one's schedule (a generator step every gEvery-th iteration: 1 for default, 5 for paper),
// ganimate against PyTorch doing the same steps with the same shapes and threads, alternating.
// Images/s = gEvery·B / ((gEvery − 1)·critic + 1·full).
// The paper configuration runs at batch 4 here (batch 25 would take minutes per measurement).
import { join } from 'node:path';
import { GANimationLoss } from '../src/models/ganimation/ganimation-loss.js';
import { Critic, Generator } from '../src/models/ganimation/networks/index.js';
import { Adam } from '../src/nn/index.js';
import { keep, manualSeed, mul, rand, setNumThreads, sub } from '../src/torch/index.js';
import { trainIteration } from '../src/models/ganimation/ganimation-iteration.js';
import { resolveTrainOptions } from '../src/models/ganimation/options.js';
import { benchArgs, log, median } from './harness.js';
import { PyTorchPeer } from './pytorch-peer.js';

const { threads, reps, sharedDir } = benchArgs();
setNumThreads(threads);
const out: Record<string, number | string> = { bench: 'train-default', threads, reps };

for (const name of ['default', 'paper'] as const) {
  const o = resolveTrainOptions({ data: '', config: name });
  const B = name === 'paper' ? 4 : o.batchSize;
  const m = o.model;
  const torch = await PyTorchPeer.start(join(import.meta.dirname, '..', '..', 'bench', 'pytorch', 'train_step.py'), [
    join(sharedDir, 'reference'),
    String(threads),
    String(m.gConvDim),
    String(m.gRepeatNum),
    String(m.dConvDim),
    String(B),
  ]);
  manualSeed(0);
  const G = new Generator(m);
  const D = new Critic(m);
  const t = {
    loss: new GANimationLoss(G, D),
    optG: new Adam(G.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
    optD: new Adam(D.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
  };
  const batch = {
    real: keep(sub(mul(rand([B, 3, 128, 128]), 2), 1)),
    realCond: keep(rand([B, 17])),
    desiredCond: keep(rand([B, 17])),
  };
  const times: Record<string, { ganimate: number[]; pytorch: number[] }> = {};
  for (const [kind, gen] of (o.gEvery > 1
    ? [
        ['critic_iter', false],
        ['train_iter', true],
      ]
    : [['train_iter', true]]) as [string, boolean][]) {
    log(`${name} (batch ${B}) ${kind}: warm-up, then ${reps} alternating runs each`);
    trainIteration(t, batch, { trainGenerator: gen });
    await torch.run(kind);
    times[kind] = { ganimate: [], pytorch: [] };
    for (let i = 0; i < reps; i++) {
      if (i % 2) times[kind].pytorch.push(await torch.run(kind));
      const t0 = performance.now();
      trainIteration(t, batch, { trainGenerator: gen });
      times[kind].ganimate.push(performance.now() - t0);
      if (i % 2 === 0) times[kind].pytorch.push(await torch.run(kind));
    }
  }
  torch.stop();
  const k = o.gEvery;
  const critic = (side: 'ganimate' | 'pytorch') => (k > 1 ? (k - 1) * median(times.critic_iter![side]) : 0);
  const ips = (side: 'ganimate' | 'pytorch') => (k * B * 1000) / (critic(side) + median(times.train_iter![side]));
  out[`train_${name}_vs_pytorch`] = Math.round((ips('pytorch') / ips('ganimate')) * 1000) / 1000;
  out[`${name}_images_per_s`] = Math.round(ips('ganimate') * 100) / 100;
  out[`${name}_pytorch_images_per_s`] = Math.round(ips('pytorch') * 100) / 100;
  out[`${name}_batch`] = B;
  out[`${name}_g_every`] = k;
  for (const x of [G, D, t.optG, t.optD, batch.real, batch.realCond, batch.desiredCond]) x.dispose();
}
console.log(JSON.stringify(out));
