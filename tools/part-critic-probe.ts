// Can a part critic tell real mouths and eyes from a generator's edits, given time to learn? Fresh part critics of the
// kind the model option partFeatures names ('pixels': strided convolutions on the crop; 'recognition': small heads on
// face-api's fixed recognition features) are trained alone, the generator held still, on edits of training faces
// towards other training faces' AUs against the real faces (the non-saturating logistic loss, no penalty, Adam at
// `--lr`), and read every 50 steps on 64 faces they never train on: the share of faces whose real part scores above
// its own edit's (0.5 = chance). A critic that reaches 0.9 here but stays at chance in a training run is held back by
// how the run trains it, not by what it reads.
// Run: node dist/tools/part-critic-probe.js --run <run folder> [--weights G-ema.safetensors] [--features recognition]
//   [--lr 1e-3] [--steps 300]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AU_COUNT } from '../src/au/action-units.js';
import { BatchLoader } from '../src/data/batch-loader.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { FACE_PARTS } from '../src/face/part-boxes.js';
import { softplus } from '../src/losses/softplus.js';
import { loadInitialGenerator } from '../src/models/ganimation/initial-generator.js';
import { createGenerator, Critic } from '../src/models/ganimation/networks/index.js';
import type { PartFeatures } from '../src/models/ganimation/networks/part-critic.js';
import { loadFaceRecognitionNet } from '../src/networks/face-recognition/index.js';
import { Adam } from '../src/nn/adam.js';
import { add, backward, manualSeed, mean, neg, noGrad, scope, type Tensor, tensor } from '../src/torch/index.js';

const { values: v } = parseArgs({
  options: {
    run: { type: 'string' },
    weights: { type: 'string', default: 'G-ema.safetensors' },
    features: { type: 'string', default: 'recognition' },
    lr: { type: 'string', default: '1e-3' },
    steps: { type: 'string', default: '300' },
    data: { type: 'string', default: resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'faces128') },
  },
});
if (!v.run) throw new Error('usage: part-critic-probe --run <run folder> [--features pixels|recognition]');
const B = 8;
const HELD_OUT = 64;
const options = JSON.parse(readFileSync(join(v.run, 'options.json'), 'utf8')).options;
const model = { ...options.model, partCritics: true, partFeatures: v.features as PartFeatures, partHeadGain: 1 };
const data = loadFaceDataset(v.data);
manualSeed(0);
const G = createGenerator(model);
loadInitialGenerator(G, join(v.run, v.weights));
const D = new Critic(model);
const P = D.parts!;
if (v.features === 'recognition') P.useRecognition(loadFaceRecognitionNet());
const opt = new Adam(P.namedParameters(), { lr: Number(v.lr), betas: [0.5, 0.999] });
const S = model.imageSize as number;
const loader = (ids: readonly string[], seed: number) =>
  new BatchLoader(data, ids, { batchSize: B, imageSize: S, seed, flip: false, targetNoise: 0 });
const [train, held] = [loader(data.train.slice(0, -400), 5), loader(data.train.slice(-400), 6)];

/** Real faces of one batch and their edits. */
async function pair(l: BatchLoader, batch: number): Promise<{ real: Tensor; fake: Tensor }> {
  const hb = await l.peek({ epoch: 0, batch });
  const real = tensor(hb.real, [B, 3, S, S]);
  const [to, own] = [tensor(hb.desiredCond, [B, AU_COUNT]), tensor(hb.realCond, [B, AU_COUNT])];
  return { real, fake: noGrad(() => G.edit(real, to, own).fake) };
}

/** Per part, the share of held-out faces whose real part scores above its edit's. */
async function accuracy(): Promise<string> {
  const above = Object.fromEntries(FACE_PARTS.map((p) => [p, 0]));
  for (let b = 0; b < HELD_OUT / B; b++) {
    const { real, fake } = await pair(held, b);
    scope(() =>
      noGrad(() => {
        const [r, f] = [P.judgeAll(real), P.judgeAll(fake)];
        for (const p of FACE_PARTS) {
          const perFace = (t: Tensor) => (t.rank === 3 ? mean(t, [1, 2]) : mean(t, [1])).data();
          const [rs, fs] = [perFace(r[p]!), perFace(f[p]!)];
          rs.forEach((x, i) => (above[p]! += x > fs[i]! ? 1 : 0));
        }
      }),
    );
  }
  return FACE_PARTS.map((p) => `${p} ${(above[p]! / HELD_OUT).toFixed(2)}`).join(', ');
}

console.log(`${v.features} part critics on ${v.run}'s ${v.weights}, lr ${v.lr}`);
console.log(`step 0: ${await accuracy()}`);
for (let s = 1; s <= Number(v.steps); s++) {
  const { real, fake } = await pair(train, s);
  scope(() => {
    opt.zeroGrad();
    const [r, f] = [P.judgeAll(real), P.judgeAll(fake)];
    const terms = FACE_PARTS.map((p) => add(mean(softplus(neg(r[p]!))), mean(softplus(f[p]!))));
    backward(terms.reduce((a, b) => add(a, b)));
    opt.step();
  });
  if (s % 50 === 0) console.log(`step ${s}: ${await accuracy()}`);
}
