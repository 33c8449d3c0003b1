import { GanimateError } from '../../errors.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { ESTIMATOR_CONFIGS, resolveEstimatorOptions } from '../../train/estimator.js';
import { readRunOptions } from '../../train/run-folder.js';
import type { Command } from '../command.js';
import { number } from '../number-option.js';
import { launchLocalRanks, otherRankResult, PARALLEL_OPTIONS, parallelOf, stopAfterOf } from '../parallel-options.js';

export const trainEstimatorCommand: Command = {
  name: 'train-estimator',
  usage: 'ganimate train-estimator --data DIR [--config estimator] [--resume RUN] [--dry-run]',
  options: {
    data: { type: 'string', help: 'dataset folder' },
    config: { type: 'string', help: `one of ${Object.keys(ESTIMATOR_CONFIGS).join(', ')}`, default: 'estimator' },
    resume: { type: 'string', help: 'continue this run folder from its latest checkpoint' },
    'dry-run': { type: 'boolean', help: 'print the resolved options, check the dataset, and exit' },
    iterations: { type: 'string', help: 'stop after this many iterations (0 = the whole schedule)' },
    threads: { type: 'string', help: 'engine threads (0 = all cores)' },
    runs: { type: 'string', help: 'folder for run folders', default: 'runs' },
    seed: { type: 'string', help: 'random seed (default from the configuration)' },
    'stop-after': {
      type: 'string',
      help: 'stop with a checkpoint after this many iterations of this call, as Ctrl-C would (continue with --resume)',
    },
    ...PARALLEL_OPTIONS,
  },
  examples: [
    'ganimate train-estimator --data ../shared/datasets/faces128',
    'ganimate train-estimator --data ../shared/datasets/faces128 --nproc 2   # two ranks on this machine',
  ],
  async run(v) {
    const parallel = parallelOf(v);
    if (parallel?.launch) return launchLocalRanks('train-estimator', parallel.launch);
    const resolved = v.resume
      ? (() => {
          // the model comes from the stored configuration name; the rest is as the run was started
          const { model: _model, ...stored } = readRunOptions(v.resume as string) as unknown as Record<string, unknown>;
          return resolveEstimatorOptions(stored as Parameters<typeof resolveEstimatorOptions>[0]);
        })()
      : (() => {
          if (!v.data)
            throw new GanimateError('train-estimator needs --data <dataset folder> (or --resume <run folder>)');
          return resolveEstimatorOptions({
            data: v.data as string,
            config: v.config as string,
            runs: v.runs as string,
            ...(v.iterations !== undefined ? { maxIterations: number(v.iterations, 'iterations', 0, 1e9) } : {}),
            ...(v.seed !== undefined ? { seed: number(v.seed, 'seed', 0, 2 ** 31) } : {}),
          });
        })();
    const o = v.threads !== undefined ? { ...resolved, threads: number(v.threads, 'threads', 0, 1024) } : resolved;
    const data = loadFaceDataset(o.data);
    const head = `options:\n${JSON.stringify(o, null, 1)}\ndataset: ${o.data} (${data.layout} layout, ${data.train.length} train, ${data.test.length} test)`;
    if (v['dry-run']) return { text: head, json: { options: o } };
    process.stderr.write(`${head}\n`);
    const { trainEstimator } = await import('../../train/estimator.js');
    const r = await trainEstimator(o, {
      resumeDir: v.resume as string | undefined,
      parallel: parallel?.rank,
      ...stopAfterOf(v),
    });
    const other = otherRankResult(parallel, r);
    if (other) return other;
    return {
      text: `${r.finished ? 'finished' : 'stopped'} at iteration ${r.iteration} of ${r.total}: ${r.runDir}`,
      json: r,
    };
  },
};
