// GANimation's entry in the model registry: its options table for `ganimate train --model ganimation` (the default
// model of `ganimate train`), and how it trains.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { BadFileError, InvalidOptionError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { ModelRecipe } from '../../train/recipe.js';
import { GANIMATION_LAMBDAS } from './ganimation-loss.js';
import {
  CONFIGS,
  initialCriticPath,
  initialGeneratorPath,
  nonDefault,
  parseImageSize,
  parseLambdas,
  resolveTrainOptions,
  type TrainOptions,
  type TrainOverrides,
} from './options.js';

export const ganimationRecipe: ModelRecipe<TrainOptions> = {
  name: 'ganimation',
  summary: 'GANimation: edits a face towards target Action Units (the paper generator, or the flow family)',
  defaultConfig: 'default',
  configs: CONFIGS,
  flags: {
    epochs: {
      keys: ['epochs'],
      kind: 'number',
      min: 0,
      max: 1e4,
      help: 'epochs at the full learning rate (the schedule: these, then --decay-epochs)',
    },
    'decay-epochs': {
      keys: ['decayEpochs'],
      kind: 'number',
      min: 0,
      max: 1e4,
      help: 'epochs over which the learning rate falls linearly to zero',
    },
    'batch-size': { keys: ['batchSize'], kind: 'number', min: 1, max: 4096, help: 'images per batch' },
    lr: { keys: ['lrG', 'lrD'], kind: 'number', min: 1e-8, max: 1, help: 'learning rate of both networks' },
    'g-every': {
      keys: ['gEvery'],
      kind: 'number',
      min: 1,
      max: 1000,
      help: 'a generator step every this many critic steps',
    },
    warmup: {
      keys: ['warmupD'],
      kind: 'number',
      min: 0,
      max: 1e7,
      help: "steps that teach the critic's AU head on real faces before the GAN starts (0 = none)",
    },
    loss: {
      keys: ['lambdas'],
      kind: parseLambdas,
      help: `loss weights that differ from SPEC §3's, e.g. cond=8000,mask=0.2 (names: ${Object.keys(GANIMATION_LAMBDAS).join(', ')})`,
    },
    'init-g': {
      keys: ['initG'],
      kind: 'string',
      help: "start the generator from these weights: an exported .onnx ('shipped' = the model ganimate ships), .safetensors or a published .pth",
    },
    'init-d': {
      keys: ['initD'],
      kind: 'string',
      help: "start the critic from these weights: a run's D.safetensors, 'shipped' (the critic the shipped generator was trained against, models/ganimation-critic.safetensors) or a published .pth; it skips the warm-up",
    },
    'flow-first': {
      keys: ['flowFirst'],
      kind: 'number',
      min: 0,
      max: 1e9,
      help: 'flow family: iterations in which only the flow may move the expression (the colour residual off), then as many over which colour ramps in (0 = colour from the start)',
    },
    'critic-first': {
      keys: ['criticFirst'],
      kind: 'number',
      min: 0,
      max: 1e9,
      help: 'iterations at the start in which only the critic trains (fresh part critics catch up before they judge the generator; 0 = none)',
    },
    ema: {
      keys: ['emaDecay'],
      kind: 'number',
      min: 0,
      max: 0.999999,
      help: "keep an exponential moving average of the generator's weights with this decay per generator step (e.g. 0.995; 0 = none); the run also writes G-ema.safetensors",
    },
    adversarial: {
      keys: ['adversarial'],
      kind: 'string',
      help: "the critic's objective: 'wgan' (GANimation's, with the gradient penalty) or 'logistic' (the non-saturating loss; pair it with --loss gp=0,r1=1, R1 on real faces)",
    },
    'part-adversarial': {
      keys: ['partAdversarial'],
      kind: 'string',
      help: "the part critics' objective: 'wgan' (as the whole face's, with its penalty) or 'logistic' (non-saturating and unpenalised, for heads on fixed features: model option partFeatures 'recognition')",
    },
    cycle: {
      keys: ['cycle'],
      kind: 'string',
      help: "the cycle term's second edit: 'through' (GANimation's: from the first edit, whose change the term also pays to shrink) or 'stopped' (from a copy the gradient stops at: the second edit learns to paint the photo's content back, the first answers to the AU, critic and identity terms alone)",
    },
    'penalty-every': {
      keys: ['penaltyEvery'],
      kind: 'number',
      min: 1,
      max: 1e6,
      help: "the critic's penalty step (gp, r1) every this many critic steps, weighted as much more (lazy regularisation, e.g. 16; 1 = every step)",
    },
    'image-size': {
      keys: ['model'],
      kind: parseImageSize,
      help: "train the configuration's model at another image size, e.g. 64 (an iteration of the flow family costs about half of one at 128); a next stage at 128 starts from it with --init-g and --init-d, which resize the heads whose kernel spans the whole feature map",
    },
    precision: {
      keys: ['precision'],
      kind: 'string',
      help: "training arithmetic: 'float32' (default) or 'bfloat16' (mixed precision, as torch.autocast: convolutions and matrix products in bfloat16, weights float32; about twice as fast on CPUs with AMX)",
    },
    'video-pairs': {
      keys: ['videoPairs'],
      kind: 'string',
      help: "frames of one person to pair (the prefix node dist/tools/video-pairs.js wrote from the driving videos): each generator step also edits a first frame towards a second's AUs and compares it with the second (loss weight paired)",
    },
    'colour-from': {
      keys: ['colourFrom'],
      kind: 'string',
      help: "flow family with a colour head: 'pairs' = the colour learns from the paired loss alone and every other term trains the warp; 'all' (default) = from every term",
    },
    'pair-batch': { keys: ['pairBatch'], kind: 'number', min: 1, max: 256, help: 'pairs per generator step' },
    device: {
      keys: ['device'],
      kind: 'string',
      help: "'cpu' or 'cuda' (with a CUDA libtorch)",
      resumable: true,
    },
  },
  examples: [
    'ganimate train --data ../shared/datasets/faces128 --config default',
    'ganimate train --resume runs/00000-default',
    'ganimate train --data my-faces --config continue   # the shipped generator, trained further on your faces',
    'ganimate train --data ../shared/datasets/faces128 --config default --nproc 2   # two ranks on this machine',
    'ganimate train --data faces --config paper --dist-url tcp://10.0.0.1:29500 --world-size 2 --rank 0   # on 10.0.0.1; --rank 1 on the other machine',
  ],
  resolve: (o) => resolveTrainOptions(o as TrainOverrides & { data: string }),
  nonDefault,
  checkData(o, { resuming }) {
    if (o.initG && !resuming && !existsSync(initialGeneratorPath(o.initG)))
      throw new BadFileError(
        `--init-g: ${initialGeneratorPath(o.initG)} does not exist; pass an exported .onnx, a .safetensors or a .pth file (or 'shipped')`,
      );
    if (o.initD && !resuming && !existsSync(initialCriticPath(o.initD)))
      throw new BadFileError(
        `--init-d: ${initialCriticPath(o.initD)} does not exist; pass a run's D.safetensors, 'shipped' or a published .pth file`,
      );
    if (o.colourFrom !== 'all' && o.colourFrom !== 'pairs')
      throw new InvalidOptionError(`colourFrom must be 'all' or 'pairs', got ${String(o.colourFrom)}`);
    if (o.colourFrom === 'pairs' && !(o.lambdas.paired > 0))
      throw new InvalidOptionError(
        "colourFrom 'pairs' needs the paired loss: pass --video-pairs and --loss paired=300",
      );
    if (o.lambdas.paired > 0 !== Boolean(o.videoPairs))
      throw new InvalidOptionError(
        o.videoPairs
          ? '--video-pairs needs the paired loss weighted: add --loss paired=50 (or a configuration that weighs it)'
          : 'the paired loss needs frames to pair: pass --video-pairs <prefix> (made by node dist/tools/video-pairs.js)',
      );
    const data = loadFaceDataset(o.data);
    return `dataset: ${o.data} (${data.layout} layout, ${data.train.length} train, ${data.test.length} test)`;
  },
  async train(o, control) {
    const { train } = await import('./trainer.js'); // loads the libtorch engine
    return train(o, control);
  },
  async afterRun(runDir) {
    const { plotRun } = await import('../../train/loss-plot.js');
    writeFileAtomic(
      join(runDir, 'loss-curves.png'),
      await plotRun(join(runDir, 'stats.jsonl')).catch(() => new Uint8Array()),
    );
  },
};
