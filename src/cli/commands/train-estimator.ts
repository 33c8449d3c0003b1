import { GanimateError } from '../../errors.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { ESTIMATOR_CONFIGS, resolveEstimatorOptions } from '../../train/estimator.js';
import { readRunOptions } from '../../train/run-folder.js';
import type { Command } from '../command.js';
import { number } from '../number-option.js';

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
  },
  examples: ['ganimate train-estimator --data ../shared/datasets/faces128'],
  async run(v) {
    const o = v.resume
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
            ...(v.threads !== undefined ? { threads: number(v.threads, 'threads', 0, 1024) } : {}),
          });
        })();
    const data = loadFaceDataset(o.data);
    const head = `options:\n${JSON.stringify(o, null, 1)}\ndataset: ${o.data} (${data.layout} layout, ${data.train.length} train, ${data.test.length} test)`;
    if (v['dry-run']) return { text: head, json: { options: o } };
    process.stderr.write(`${head}\n`);
    const { trainEstimator } = await import('../../train/estimator.js');
    const r = await trainEstimator(o, { resumeDir: v.resume as string | undefined });
    return {
      text: `${r.finished ? 'finished' : 'stopped'} at iteration ${r.iteration} of ${r.total}: ${r.runDir}`,
      json: r,
    };
  },
};
