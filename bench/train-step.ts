// `npm run bench -- train-step`: full-size GANimation generator forward (batch 1 and 8) and one full
// training iteration at batch 4 (critic, penalty and generator steps), in float32 and in bfloat16 mixed precision
// (torch.autocast on both sides; bf16_speedup is ganimate's float32 iteration over its bfloat16 one), ganimate
// against PyTorch running the same shapes and steps with the same thread count, alternating measurement by
// measurement (in alternating order) in the same run. Progress on stderr; the last stdout line is the JSON of figures.
import { join } from 'node:path';
import { GANimationLoss } from '../src/models/ganimation/ganimation-loss.js';
import { compose, Critic, Generator, PAPER_CONFIG } from '../src/models/ganimation/networks/index.js';
import { Adam } from '../src/nn/index.js';
import {
  getNumThreads,
  keep,
  manualSeed,
  mul,
  noGrad,
  rand,
  scope,
  setNumThreads,
  sub,
  torchVersion,
} from '../src/torch/index.js';
import { trainIteration } from '../src/models/ganimation/ganimation-iteration.js';
import { benchArgs, log, median } from './harness.js';
import { PyTorchPeer } from './pytorch-peer.js';

const { threads, reps, sharedDir } = benchArgs();
setNumThreads(threads);
const torch = await PyTorchPeer.start(join(import.meta.dirname, '..', '..', 'bench', 'pytorch', 'train_step.py'), [
  join(sharedDir, 'reference'),
  String(threads),
]);

manualSeed(0);
const G = new Generator(PAPER_CONFIG);
const D = new Critic(PAPER_CONFIG);
const image = (b: number) => keep(sub(mul(rand([b, 3, 128, 128]), 2), 1));
const forward = (b: number) => {
  const [x, y] = [image(b), keep(rand([b, 17]))];
  return () =>
    scope(() => noGrad(() => void (({ color, attention }) => compose(x, color, attention))(G.forward(x, y))));
};
const t = {
  loss: new GANimationLoss(G, D),
  optG: new Adam(G.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
  optD: new Adam(D.namedParameters(), { lr: 1e-4, betas: [0.5, 0.999] }),
};
const batch = { real: image(4), realCond: keep(rand([4, 17])), desiredCond: keep(rand([4, 17])) };
const ours: Record<string, () => void> = {
  g_fwd_b1: forward(1),
  g_fwd_b8: forward(8),
  train_iter: () => void trainIteration(t, batch, { trainGenerator: true }),
  train_iter_bf16: () => void trainIteration({ ...t, precision: 'bfloat16' }, batch, { trainGenerator: true }),
};

const times: Record<string, { ganimate: number[]; pytorch: number[] }> = {};
for (const [name, fn] of Object.entries(ours)) {
  const n = name === 'g_fwd_b1' ? reps * 3 : reps;
  log(`${name}: warm-up, then ${n} alternating runs each, ${threads} thread(s)`);
  fn();
  await torch.run(name);
  times[name] = { ganimate: [], pytorch: [] };
  for (let i = 0; i < n; i++) {
    // alternate who goes first, so neither side always runs right after the other
    if (i % 2) times[name].pytorch.push(await torch.run(name));
    const t0 = performance.now();
    fn();
    times[name].ganimate.push(performance.now() - t0);
    if (i % 2 === 0) times[name].pytorch.push(await torch.run(name));
    log(
      `  ${i + 1}/${n}  ganimate ${times[name].ganimate.at(-1)!.toFixed(0)} ms   pytorch ${times[name].pytorch.at(-1)!.toFixed(0)} ms`,
    );
  }
}
torch.stop();

const ms = (side: 'ganimate' | 'pytorch') =>
  Object.fromEntries(Object.entries(times).map(([k, v]) => [`${k}_ms`, Math.round(median(v[side]) * 10) / 10]));
const ratio = (k: string) => Math.round((median(times[k]!.ganimate) / median(times[k]!.pytorch)) * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'train-step',
    threads: getNumThreads(),
    reps,
    libtorch: torchVersion(),
    pytorch: torch.info.torch,
    train_iter_vs_pytorch: ratio('train_iter'),
    train_iter_bf16_vs_pytorch: ratio('train_iter_bf16'),
    bf16_speedup:
      Math.round((median(times.train_iter!.ganimate) / median(times.train_iter_bf16!.ganimate)) * 100) / 100,
    g_fwd_b1_vs_pytorch: ratio('g_fwd_b1'),
    g_fwd_b8_vs_pytorch: ratio('g_fwd_b8'),
    ganimate_ms: ms('ganimate'),
    pytorch_ms: ms('pytorch'),
  }),
);
