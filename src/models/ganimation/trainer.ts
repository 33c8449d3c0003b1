// GANimation training (SPEC §3). The loop schedules; the loss object does the arithmetic.
import { join } from 'node:path';
import { parseEmotion } from '../../au/emotions.js';
import { AU_COUNT, RAW_MAX } from '../../au/action-units.js';
import { BatchLoader } from '../../data/batch-loader.js';
import { VideoPairs } from '../../data/video-pairs.js';
import { seededRandom } from '../../random/seeded-random.js';
import { type FaceDataset, loadFaceDataset } from '../../data/face-dataset.js';
import { encodeImage } from '../../image/image-io.js';
import { GANimationLoss } from './ganimation-loss.js';
import { loadFaceRecognitionNet } from '../../networks/face-recognition/index.js';
import { CHANGE_DEAD_ZONE, createGenerator, Critic, type EditingGenerator, FlowGenerator } from './networks/index.js';
import { Adam } from '../../nn/adam.js';
import { saveWeights } from '../../nn/weights.js';
import {
  getRngState,
  keep,
  manualSeed,
  setRngState,
  noGrad,
  scope,
  useThreads,
  tensor,
  type Tensor,
} from '../../torch/index.js';
import { trainIteration } from './ganimation-iteration.js';
import type { TrainRun } from '../../train/loop-support.js';
import type { TrainControl } from '../../train/recipe.js';
import { cadenceOf, runLoop } from '../../train/loop.js';
import { lrFactor, nonDefault, residualGain, type TrainOptions } from './options.js';
import { warmUpCritic } from './critic-warmup.js';
import { loadInitialCritic, loadInitialGenerator } from './initial-generator.js';
import { createRunFolder } from '../../train/run-folder.js';
import { WeightAverage } from '../../train/weight-average.js';
import { type DataParallel, inGroup, type ParallelOptions } from '../../train/data-parallel.js';
import { sampleGrid } from '../../train/sample-grid.js';
import { cpuHasFastBfloat16 } from '../../torch/cpu-bfloat16.js';

export type { TrainRun } from '../../train/loop-support.js';

export type { TrainControl };

/** Mean and 10-bin histogram of the attention mask: collapse to 0 or 1 is GANimation's known failure. */
function maskStats(a: Float32Array): { mask_mean: number; mask_hist: number[] } {
  const hist = new Array<number>(10).fill(0);
  let sum = 0;
  for (const v of a) {
    sum += v;
    hist[Math.min(9, Math.floor(v * 10))]!++;
  }
  return { mask_mean: sum / a.length, mask_hist: hist.map((h) => Math.round((h / a.length) * 1e4) / 1e4) };
}

export async function train(o: TrainOptions, c: TrainControl = {}): Promise<TrainRun> {
  useThreads(o.threads);
  manualSeed(o.seed);
  const data = loadFaceDataset(o.data);
  return inGroup(c.parallel, o.device, (dp) => trainIn(o, c, data, dp));
}

async function trainIn(
  o: TrainOptions,
  c: TrainControl,
  data: FaceDataset,
  dp: DataParallel | undefined,
): Promise<TrainRun> {
  const main = !dp || dp.isMain;
  const say = c.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const log = main ? say : () => undefined;
  if (o.precision === 'bfloat16' && o.device === 'cpu' && cpuHasFastBfloat16() === false)
    log(
      'warning: this CPU has neither AMX nor AVX-512 BF16, so bfloat16 products are emulated and a step takes several times as long as in float32; train with --precision float32 here',
    );
  const G = createGenerator(o.model).to(o.device);
  // (runs begun before the option existed resume with the dead zone they trained with)
  if (G instanceof FlowGenerator) G.deadZone = o.deadZone ?? CHANGE_DEAD_ZONE;
  const D = new Critic(o.model).to(o.device);
  if (o.initG && !c.resumeDir) log(`generator starts from ${loadInitialGenerator(G, o.initG)}`);
  if (o.initD && !c.resumeDir)
    log(
      `critic starts from ${loadInitialCritic(D, o.initD)}${o.warmupD > 0 ? ' (it arrives trained: no warm-up)' : ''}`,
    );
  const ema =
    o.emaDecay > 0
      ? new WeightAverage(G, untouchedRng(() => createGenerator(o.model)).to(o.device), o.emaDecay)
      : undefined;
  const optG = new Adam(G.namedParameters(), { lr: o.lrG, betas: o.betas });
  const optD = new Adam(D.namedParameters(), { lr: o.lrD, betas: o.betas });
  const readsRecognition = o.lambdas.identity > 0 || D.parts?.features === 'recognition';
  const recognition = readsRecognition ? loadFaceRecognitionNet({ device: o.device }) : undefined;
  const loss = new GANimationLoss(G, D, o.lambdas, recognition);
  if (dp) loss.wholeBatch = o.batchSize;
  // (runs begun before these options existed resume with GANimation's)
  loss.adversarial = o.adversarial ?? 'wgan';
  loss.penaltyEvery = o.penaltyEvery ?? 1;
  loss.partAdversarial = o.partAdversarial ?? 'wgan';
  loss.colourFrom = o.colourFrom ?? 'all';
  loss.cycle = o.cycle ?? 'through';
  const t = {
    loss,
    optG,
    optD,
    // (runs begun before mixed precision existed resume in float32)
    precision: o.precision ?? 'float32',
    ...(dp ? { reduce: (opt: Adam) => dp.averageGradients(opt) } : {}),
  };
  const loader = new BatchLoader(data, data.train, {
    batchSize: o.batchSize,
    imageSize: o.model.imageSize,
    seed: o.seed,
    flip: o.flip,
    targetNoise: o.targetNoise,
    ...(dp ? { shard: { index: dp.rank, count: dp.worldSize } } : {}),
  });
  const pairs = o.videoPairs ? VideoPairs.load(o.videoPairs, o.model.imageSize) : undefined;
  if (pairs) log(`paired frames: ${pairs.pairable} frames of ${o.videoPairs} have a partner in the same pose`);
  // (a resumed run draws its pairs afresh: which frames pair is not part of the checkpoint; with several ranks every
  // rank draws the same pairs, so each rank's paired term is the whole step's)
  const pairRng = seededRandom(o.seed + 7919);
  const bpe = loader.batchesPerEpoch;
  const total = o.maxIterations || Math.round((o.epochs + o.decayEpochs) * bpe);
  // with several ranks, rank 0 makes the run folder; the others write nothing (and read it only to resume)
  const runDir = c.resumeDir ?? (main ? createRunFolder('ganimation', o, nonDefault(o)) : '');
  const fixed = main ? await sampleInputs(data, o) : undefined;
  let collapseWarned = -Infinity;
  try {
    return await runLoop(
      {
        command: 'ganimate train',
        modules: { G, D, ...(ema ? { 'G-ema': ema.shadow } : {}) },
        optimizers: { optG, optD },
        loader,
        total,
        batchesPerEpoch: bpe,
        ...cadenceOf(o),
        ...(o.warmupD > 0 && !o.initD
          ? {
              warmUp: async (stopRequested, say) => {
                const w = await warmUpCritic(o, D, data, stopRequested);
                if (w.finished)
                  say(
                    `critic warm-up: AU MSE (AUs / 5) ${w.first.toFixed(4)} over its first steps, ${w.last.toFixed(4)} over its last`,
                  );
                return w.finished;
              },
            }
          : {}),
        step: (hb, iteration) => {
          const f = lrFactor(o, iteration, bpe);
          optG.lr = o.lrG * f;
          optD.lr = o.lrD * f;
          if (G instanceof FlowGenerator) G.residualGain = residualGain(o, iteration);
          let mask: ReturnType<typeof maskStats> | undefined;
          const S = o.model.imageSize;
          const B = hb.ids.length;
          let stepped = false;
          const trainGenerator = iteration >= o.criticFirst && (iteration + 1) % o.gEvery === 0;
          const drawn = pairs && trainGenerator ? pairs.draw(o.pairBatch, pairRng) : undefined;
          const terms = scope(() => {
            const batch = {
              real: tensor(hb.real, [B, 3, S, S], o.device),
              realCond: tensor(hb.realCond, [B, AU_COUNT], o.device),
              desiredCond: tensor(hb.desiredCond, [B, AU_COUNT], o.device),
              ...(drawn
                ? {
                    pairs: {
                      from: tensor(drawn.from, [drawn.n, 3, S, S], o.device),
                      to: tensor(drawn.to, [drawn.n, 3, S, S], o.device),
                      fromCond: tensor(drawn.fromCond, [drawn.n, AU_COUNT], o.device),
                      toCond: tensor(drawn.toCond, [drawn.n, AU_COUNT], o.device),
                    },
                  }
                : {}),
            };
            return trainIteration(t, batch, {
              gpAlpha: dp?.shardOfDraw(o.batchSize, o.device),
              penalty: loss.penalised && iteration % loss.penaltyEvery === 0,
              trainGenerator,
              onGenerator: (r) => {
                mask = maskStats(r.attention.data());
                stepped = true;
              },
            });
          });
          if (stepped) ema?.update();
          const done = iteration + 1;
          if (
            o.model.generator === 'paint' &&
            mask &&
            (mask.mask_mean < 0.02 || mask.mask_mean > 0.98) &&
            done - collapseWarned > 20 * o.gEvery
          ) {
            collapseWarned = done;
            log(
              `\nwarning: the attention mask has collapsed to all-${mask.mask_mean < 0.5 ? '0 (every pixel repainted)' : '1 (nothing changes)'} at iteration ${done}; consider changing the mask loss weights (lambdas.mask, lambdas.maskSmooth)`,
            );
          }
          return {
            terms,
            extras: {
              lr_g: optG.lr,
              lr_d: optD.lr,
              ...(G instanceof FlowGenerator ? { residual_gain: G.residualGain } : {}),
              ...(mask ?? {}),
            },
          };
        },
        imagesIn: (hb) => hb.ids.length,
        ...(fixed ? { sample: () => samples(G, fixed, o) } : {}),
        finish: () => {
          saveWeights(G, join(runDir, 'G.safetensors'), { config: JSON.stringify(o.model) });
          saveWeights(D, join(runDir, 'D.safetensors'), { config: JSON.stringify(o.model) });
          if (ema) saveWeights(ema.shadow, join(runDir, 'G-ema.safetensors'), { config: JSON.stringify(o.model) });
          return `finished ${total} iterations: ${runDir}/G.safetensors${ema ? ', G-ema.safetensors (the average: export this one)' : ''} and D.safetensors (export with \`ganimate export\`)`;
        },
      },
      { runDir, resume: Boolean(c.resumeDir), stopAfter: c.stopAfter, dp, log },
    );
  } finally {
    for (const x of [G, D, ema?.shadow, optG, optD, fixed?.real, fixed?.aus, recognition]) x?.dispose();
  }
}

/** fn's result, with the engine's random stream as it was before: a run with an average draws as one without. */
function untouchedRng<R>(fn: () => R): R {
  const state = getRngState();
  try {
    return fn();
  } finally {
    setRngState(state);
  }
}

/** Four test faces with fixed targets (happy, surprise, sad, anger), the same at every sample step. */
async function sampleInputs(data: FaceDataset, o: TrainOptions): Promise<{ real: Tensor; aus: Tensor }> {
  const n = Math.min(4, data.test.length);
  const loader = new BatchLoader(data, data.test.slice(0, n), {
    batchSize: n,
    imageSize: o.model.imageSize,
    seed: 0,
    flip: false,
    targetNoise: 0,
  });
  const hb = await loader.peek({ epoch: 0, batch: 0 });
  const S = o.model.imageSize;
  const targets = ['happy', 'surprise', 'sad', 'anger']
    .slice(0, n)
    .flatMap((e) => [...parseEmotion(e)].map((v) => v / RAW_MAX));
  return { real: keep(tensor(hb.real, [n, 3, S, S], o.device)), aus: keep(tensor(targets, [n, AU_COUNT], o.device)) };
}

/** The sample grid of the fixed inputs as a PNG. */
async function samples(
  G: EditingGenerator,
  fixed: { real: Tensor; aus: Tensor },
  o: TrainOptions,
): Promise<Uint8Array> {
  const host = scope(() =>
    noGrad(() => {
      const e = G.edit(fixed.real, fixed.aus);
      return { input: fixed.real.data(), edit: e.fake.data(), attention: e.attention.data(), color: e.color.data() };
    }),
  );
  return encodeImage(
    sampleGrid(host.input, host.edit, host.attention, host.color, fixed.real.shape[0]!, o.model.imageSize),
    '.png',
  );
}
