// The AU estimator's options: one table of defaults, named configurations, and the check of single values.
import { InvalidOptionError } from '../../errors.js';
import { changedFrom } from '../../train/recipe.js';
import { type GANimationConfig, PAPER_CONFIG, resolveConfig } from '../ganimation/networks/config.js';
import type { TrainOptions } from '../ganimation/options.js';

/** The estimator takes the GANimation trainer's options that apply to it, with one learning rate. */
export type EstimatorOptions = Pick<
  TrainOptions,
  | 'data'
  | 'config'
  | 'runs'
  | 'model'
  | 'batchSize'
  | 'epochs'
  | 'decayEpochs'
  | 'maxIterations'
  | 'betas'
  | 'flip'
  | 'seed'
  | 'threads'
  | 'device'
  | 'logEvery'
  | 'checkpointEvery'
> & { lr: number };

export const ESTIMATOR_CONFIGS: Record<
  string,
  Partial<Omit<EstimatorOptions, 'model'>> & { about: string; model: Partial<GANimationConfig> }
> = {
  estimator: {
    about: 'the shipped estimator: critic width 16, batch 32, 8 + 2 epochs (about 30 min on 2 cores)',
    model: { dConvDim: 16, dRepeatNum: 6 },
    batchSize: 32,
    epochs: 8,
    decayEpochs: 2,
  },
  'estimator-tiny': {
    about: 'for tests: 32 px, width 8',
    model: { imageSize: 32, dConvDim: 8, dRepeatNum: 5 },
    batchSize: 4,
    epochs: 1,
    decayEpochs: 1,
    logEvery: 1,
    checkpointEvery: 4,
  },
};

export function resolveEstimatorOptions(
  o: Partial<Omit<EstimatorOptions, 'model'>> & { data: string },
): EstimatorOptions {
  const name = o.config ?? 'estimator';
  const named = ESTIMATOR_CONFIGS[name];
  if (!named)
    throw new InvalidOptionError(
      `unknown estimator configuration "${name}"; use one of ${Object.keys(ESTIMATOR_CONFIGS).join(', ')}`,
    );
  const base: Omit<EstimatorOptions, 'data' | 'model' | 'config'> = {
    runs: 'runs',
    batchSize: 32,
    epochs: 3,
    decayEpochs: 1,
    maxIterations: 0,
    lr: 2e-4,
    betas: [0.9, 0.999],
    flip: true,
    seed: 0,
    threads: 0,
    device: 'cpu',
    logEvery: 20,
    checkpointEvery: 500,
  };
  const known = new Set([...Object.keys(base), 'data', 'config']);
  for (const k of Object.keys(o))
    if (!known.has(k))
      throw new InvalidOptionError(`unknown estimator option "${k}"; known: ${[...known].sort().join(', ')}`);
  const { model, about: _about, ...recipe } = named;
  return { ...base, ...recipe, ...o, config: name, model: resolveConfig({ ...PAPER_CONFIG, ...model }) };
}

/** Options that differ from the configuration's, for the run's options file and its printout. */
export const estimatorNonDefault = (o: EstimatorOptions): string[] =>
  changedFrom(o, resolveEstimatorOptions({ data: o.data, config: o.config, runs: o.runs }));
