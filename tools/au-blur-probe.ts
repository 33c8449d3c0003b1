// Is the AU that a generator's edits show to its critic carried by detail a blur removes? The critic's AU head (the
// AU term's judge in training) reads edits of training faces (the split's last 400, as part-critic-probe's) towards
// other faces' AUs, as they are and low-passed by a Gaussian of σ px, beside the real faces read the same way. Paint that moves the critic through
// specks and thin bars loses its AU under a blur that real faces' readings survive; a warp's moved features keep it.
// Prints, per σ, the AU term's squared error (edits against their targets), the share of the do-nothing edit's error
// it closes, and how far the blur moves the real faces' own reading.
// Run: node dist/tools/au-blur-probe.js --run <run folder> [--weights G-ema.safetensors] [--faces 64]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AU_COUNT } from '../src/au/action-units.js';
import { BatchLoader } from '../src/data/batch-loader.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { loadInitialCritic, loadInitialGenerator } from '../src/models/ganimation/initial-generator.js';
import { blurChannels, gaussianKernel } from '../src/models/ganimation/networks/gaussian-blur.js';
import { createGenerator, Critic } from '../src/models/ganimation/networks/index.js';
import { manualSeed, mean, mul, noGrad, scope, sub, type Tensor, tensor } from '../src/torch/index.js';

const { values: v } = parseArgs({
  options: {
    run: { type: 'string' },
    weights: { type: 'string', default: 'G-ema.safetensors' },
    critic: { type: 'string' },
    faces: { type: 'string', default: '64' },
    data: { type: 'string', default: resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'faces128') },
  },
});
if (!v.run) throw new Error('usage: au-blur-probe --run <run folder> [--weights G-ema.safetensors] [--critic D]');
const B = 8;
const SIGMAS = [0, 1, 2];
const options = JSON.parse(readFileSync(join(v.run, 'options.json'), 'utf8')).options;
const model = options.model;
const data = loadFaceDataset(v.data);
manualSeed(0);
const G = createGenerator(model);
loadInitialGenerator(G, join(v.run, v.weights));
const D = new Critic(model);
loadInitialCritic(D, v.critic ?? join(v.run, 'D.safetensors'));
const S = model.imageSize as number;
const faces = new BatchLoader(data, data.train.slice(-400), {
  batchSize: B,
  imageSize: S,
  seed: 6,
  flip: false,
  targetNoise: 0,
});

const blurred = (x: Tensor, sigma: number) => (sigma === 0 ? x : blurChannels(x, gaussianKernel(sigma)));
const mse = (a: Tensor, b: Tensor) => {
  const d = sub(a, b);
  return mean(mul(d, d)).item();
};
const sums = { doNothing: 0, edit: SIGMAS.map(() => 0), realShift: SIGMAS.map(() => 0), realErr: SIGMAS.map(() => 0) };
const batches = Number(v.faces) / B;
for (let b = 0; b < batches; b++) {
  const hb = await faces.peek({ epoch: 0, batch: b });
  scope(() =>
    noGrad(() => {
      const real = tensor(hb.real, [B, 3, S, S]);
      const [to, own] = [tensor(hb.desiredCond, [B, AU_COUNT]), tensor(hb.realCond, [B, AU_COUNT])];
      const fake = G.edit(real, to, own).fake;
      const onReal = D.forward(real).aus;
      sums.doNothing += mse(onReal, to) / batches;
      SIGMAS.forEach((s, i) => {
        sums.edit[i]! += mse(D.forward(blurred(fake, s)).aus, to) / batches;
        const r = D.forward(blurred(real, s)).aus;
        sums.realShift[i]! += mse(r, onReal) / batches;
        sums.realErr[i]! += mse(r, own) / batches;
      });
    }),
  );
}
console.log(
  `${v.run} ${v.weights}, ${v.faces} held-out faces; critic's AU head, squared error on the normalised scale`,
);
console.log(`do nothing (the real face against the target): ${sums.doNothing.toFixed(4)}`);
SIGMAS.forEach((s, i) => {
  const closed = (sums.doNothing - sums.edit[i]!) / sums.doNothing;
  console.log(
    `σ ${s}: edit ${sums.edit[i]!.toFixed(4)} (closes ${(100 * closed).toFixed(1)} % of doing nothing's); real faces against their labels ${sums.realErr[i]!.toFixed(4)}, moved by the blur ${sums.realShift[i]!.toFixed(4)}`,
  );
});
