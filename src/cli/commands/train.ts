import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../../errors.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { GANIMATION_LAMBDAS } from '../../losses/ganimation-loss.js';
import {
  CONFIGS,
  initialCriticPath,
  initialGeneratorPath,
  parseLambdas,
  resolveTrainOptions,
  type TrainOverrides,
} from '../../train/options.js';
import { describeOptions, readRunOptions } from '../../train/run-folder.js';
import { plotRun } from '../../train/loss-plot.js';
import type { Command } from '../command.js';
import { number } from '../number-option.js';
import { launchLocalRanks, otherRankResult, PARALLEL_OPTIONS, parallelOf, stopAfterOf } from '../parallel-options.js';

export const trainCommand: Command = {
  name: 'train',
  usage: `ganimate train --data DIR [--config ${Object.keys(CONFIGS).join('|')}] [--resume RUN] [--dry-run]`,
  options: {
    data: { type: 'string', help: 'dataset folder (ganimate, GANimation or OpenFace layout)' },
    config: {
      type: 'string',
      help: `named configuration: ${Object.entries(CONFIGS)
        .map(([k, c]) => `${k} (${c.about})`)
        .join('; ')}`,
      default: 'default',
    },
    resume: { type: 'string', help: 'continue this run folder from its latest checkpoint' },
    'dry-run': { type: 'boolean', help: 'print the resolved options, check the dataset, and exit' },
    iterations: { type: 'string', help: 'stop after this many iterations (0 = the whole schedule)' },
    epochs: { type: 'string', help: 'epochs at the full learning rate (the schedule: these, then --decay-epochs)' },
    'decay-epochs': { type: 'string', help: 'epochs over which the learning rate falls linearly to zero' },
    'batch-size': { type: 'string', help: 'images per batch' },
    lr: { type: 'string', help: 'learning rate of both networks' },
    'g-every': { type: 'string', help: 'a generator step every this many critic steps' },
    warmup: {
      type: 'string',
      help: "steps that teach the critic's AU head on real faces before the GAN starts (0 = none)",
    },
    loss: {
      type: 'string',
      help: `loss weights that differ from SPEC §3's, e.g. cond=8000,mask=0.2 (names: ${Object.keys(GANIMATION_LAMBDAS).join(', ')})`,
    },
    'init-g': {
      type: 'string',
      help: "start the generator from these weights: an exported .onnx ('shipped' = the model ganimate ships), .safetensors or a published .pth",
    },
    'init-d': {
      type: 'string',
      help: "start the critic from these weights: a run's D.safetensors, 'shipped' (the critic the shipped generator was trained against, models/ganimation-critic.safetensors) or a published .pth; it skips the warm-up",
    },
    'flow-first': {
      type: 'string',
      help: 'flow family: iterations in which only the flow may move the expression (the colour residual off), then as many over which colour ramps in (0 = colour from the start)',
    },
    'critic-first': {
      type: 'string',
      help: 'iterations at the start in which only the critic trains (fresh part critics catch up before they judge the generator; 0 = none)',
    },
    ema: {
      type: 'string',
      help: "keep an exponential moving average of the generator's weights with this decay per generator step (e.g. 0.995; 0 = none); the run also writes G-ema.safetensors",
    },
    'stop-after': {
      type: 'string',
      help: 'stop with a checkpoint after this many iterations of this call, as Ctrl-C would (continue with --resume)',
    },
    seed: { type: 'string', help: 'random seed' },
    threads: { type: 'string', help: 'engine threads (0 = all cores)' },
    device: { type: 'string', help: "'cpu' or 'cuda' (with a CUDA libtorch)" },
    runs: { type: 'string', help: 'folder for run folders', default: 'runs' },
    ...PARALLEL_OPTIONS,
  },
  examples: [
    'ganimate train --data ../shared/datasets/faces128 --config default',
    'ganimate train --resume runs/00000-default',
    'ganimate train --data my-faces --config continue   # the shipped generator, trained further on your faces',
    'ganimate train --data ../shared/datasets/faces128 --config default --nproc 2   # two ranks on this machine',
    'ganimate train --data faces --config paper --dist-url tcp://10.0.0.1:29500 --world-size 2 --rank 0   # on 10.0.0.1; --rank 1 on the other machine',
  ],
  async run(v) {
    const parallel = parallelOf(v);
    if (parallel?.launch) return launchLocalRanks('train', parallel.launch);
    let overrides: TrainOverrides & { data: string };
    if (v.resume) {
      // a resumed run is the same run: its options come from its folder, so that it ends as an uninterrupted one would
      const fixed = [
        'data',
        'iterations',
        'epochs',
        'decay-epochs',
        'batch-size',
        'lr',
        'g-every',
        'warmup',
        'loss',
        'init-g',
        'init-d',
        'flow-first',
        'critic-first',
        'ema',
        'seed',
      ].filter((k) => v[k] !== undefined);
      if (fixed.length) {
        throw new GanimateError(
          `--resume continues ${v.resume} with the options in its options.json; ${fixed.map((k) => `--${k}`).join(', ')} cannot change there. To train further with other options, start a new run from its weights: ganimate train --data … --init-g ${join(v.resume as string, 'checkpoints', '<iter-…>', 'G.safetensors')} --init-d …/D.safetensors`,
        );
      }
      overrides = readRunOptions(v.resume as string);
      if (v.threads !== undefined) overrides.threads = number(v.threads, 'threads', 0, 1024);
      if (v.device !== undefined) overrides.device = v.device as string;
    } else {
      if (!v.data) throw new GanimateError('train needs --data <dataset folder> (or --resume <run folder>)');
      overrides = { data: v.data as string, config: v.config as string, runs: v.runs as string };
      if (v.iterations !== undefined) overrides.maxIterations = number(v.iterations, 'iterations', 0, 1e9);
      if (v.epochs !== undefined) overrides.epochs = number(v.epochs, 'epochs', 0, 1e4);
      if (v['decay-epochs'] !== undefined) overrides.decayEpochs = number(v['decay-epochs'], 'decay-epochs', 0, 1e4);
      if (v['batch-size'] !== undefined) overrides.batchSize = number(v['batch-size'], 'batch-size', 1, 4096);
      if (v.lr !== undefined) overrides.lrG = overrides.lrD = number(v.lr, 'lr', 1e-8, 1);
      if (v['g-every'] !== undefined) overrides.gEvery = number(v['g-every'], 'g-every', 1, 1000);
      if (v.warmup !== undefined) overrides.warmupD = number(v.warmup, 'warmup', 0, 1e7);
      if (v.loss !== undefined) overrides.lambdas = parseLambdas(v.loss as string);
      if (v['init-g'] !== undefined) overrides.initG = v['init-g'] as string;
      if (v['init-d'] !== undefined) overrides.initD = v['init-d'] as string;
      if (v['flow-first'] !== undefined) overrides.flowFirst = number(v['flow-first'], 'flow-first', 0, 1e9);
      if (v['critic-first'] !== undefined) overrides.criticFirst = number(v['critic-first'], 'critic-first', 0, 1e9);
      if (v.ema !== undefined) overrides.emaDecay = number(v.ema, 'ema', 0, 0.999999);
      if (v.seed !== undefined) overrides.seed = number(v.seed, 'seed', 0, 2 ** 31);
      if (v.threads !== undefined) overrides.threads = number(v.threads, 'threads', 0, 1024);
      if (v.device !== undefined) overrides.device = v.device as string;
    }
    const o = resolveTrainOptions(overrides);
    if (o.initG && !v.resume && !existsSync(initialGeneratorPath(o.initG)))
      throw new GanimateError(
        `--init-g: ${initialGeneratorPath(o.initG)} does not exist; pass an exported .onnx, a .safetensors or a .pth file (or 'shipped')`,
      );
    if (o.initD && !v.resume && !existsSync(initialCriticPath(o.initD)))
      throw new GanimateError(
        `--init-d: ${initialCriticPath(o.initD)} does not exist; pass a run's D.safetensors, 'shipped' or a published .pth file`,
      );
    const data = loadFaceDataset(o.data);
    const head = `options (* = changed from the "${o.config}" configuration):\n${describeOptions(o)}\ndataset: ${o.data} (${data.layout} layout, ${data.train.length} train, ${data.test.length} test)`;
    if (v['dry-run'])
      return {
        text: head,
        json: { options: o, dataset: { layout: data.layout, train: data.train.length, test: data.test.length } },
      };
    process.stderr.write(`${head}\n`);
    const { train } = await import('../../train/trainer.js'); // loads the libtorch engine
    const r = await train(o, {
      resumeDir: v.resume as string | undefined,
      parallel: parallel?.rank,
      ...stopAfterOf(v),
    });
    const other = otherRankResult(parallel, r);
    if (other) return other;
    writeFileAtomic(
      join(r.runDir, 'loss-curves.png'),
      await plotRun(join(r.runDir, 'stats.jsonl')).catch(() => new Uint8Array()),
    );
    return {
      text: `${r.finished ? 'finished' : 'stopped'} at iteration ${r.iteration} of ${r.total}: ${r.runDir}`,
      json: r,
    };
  },
};

export const plotCommand: Command = {
  name: 'plot',
  usage: 'ganimate plot RUN [-o curves.png]',
  options: { out: { type: 'string', short: 'o', help: 'output PNG (default RUN/loss-curves.png)' } },
  async run(v, [run]) {
    if (!run) throw new GanimateError('plot needs a run folder');
    const out = (v.out as string | undefined) ?? join(run, 'loss-curves.png');
    writeFileAtomic(out, await plotRun(join(run, 'stats.jsonl')));
    return { text: `loss curves -> ${out}`, json: { output: out } };
  },
};
