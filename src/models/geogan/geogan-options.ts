// GeoGAN training options, one table for the CLI and the API (SPEC §9 and the authors' script).
import { InvalidOptionError } from '../../errors.js';
import { changedFrom } from '../../train/recipe.js';
import { GEOGAN_LAMBDAS, type GeoGANLambdas } from './geogan-loss.js';
import { type GeoGANConfig, resolveGeoGANConfig } from './networks/config.js';
import type { LoopOptions } from '../../train/loop-support.js';

export interface GeoGANTrainOptions extends LoopOptions {
  data: string;
  config: string;
  attribute: string;
  runs: string;
  model: GeoGANConfig;
  batchSize: number;
  epochs: number;
  /** Train on at most this many faces with the attribute and as many without (a seeded sample; 0 = all). */
  facesPerGroup: number;
  /** Stop after this many iterations instead (0 = the whole schedule). */
  maxIterations: number;
  lrG: number;
  lrD: number;
  betas: [number, number];
  /** Every this many epochs the learning rates are multiplied by lrDecayG / lrDecayD. */
  lrStepEpochs: number;
  lrDecayG: number;
  lrDecayD: number;
  /** The refinement residual's weight is 0 through this epoch, then refineWeight. */
  refineAfterEpoch: number;
  refineWeight: number;
  /** Steps of the discriminator's attribute head alone on real pairs before training starts (0 = none). */
  warmupD: number;
  lambdas: GeoGANLambdas;
}

const BASE: Omit<GeoGANTrainOptions, 'data' | 'config' | 'model'> = {
  attribute: 'smile',
  runs: 'runs',
  batchSize: 24,
  epochs: 100,
  facesPerGroup: 0,
  maxIterations: 0,
  lrG: 1e-4,
  lrD: 1e-4,
  betas: [0.9, 0.999],
  lrStepEpochs: 20,
  lrDecayG: 0.4,
  lrDecayD: 0.2,
  refineAfterEpoch: 10,
  refineWeight: 0.1,
  warmupD: 0,
  lambdas: GEOGAN_LAMBDAS,
  seed: 0,
  threads: 0,
  device: 'cpu',
  logEvery: 10,
  sampleEvery: 200,
  checkpointEvery: 200,
};

export const GEOGAN_CONFIGS: Record<
  string,
  { about: string; model: Partial<GeoGANConfig>; recipe: Partial<GeoGANTrainOptions> }
> = {
  'geogan-paper': { about: "the authors' script: 256 px, ngf 16, ndf 64, batch 24, 100 epochs", model: {}, recipe: {} },
  geogan: {
    about:
      "CPU recipe on faces128: 128 px, ngf 16, ndf 32, 2 scales, 800 faces with and 800 without, batch 4, 550 iterations (2.9 epochs) at constant rates, no refinement; D's attribute head with an activation, 200 warm-up steps and BCE ×1 (as the script builds it, the head stayed at chance for 100 iterations and the masks closed)",
    model: { imageSize: 128, ngf: 16, ndf: 32, numScales: 2, attributeHeadActivation: true },
    recipe: {
      batchSize: 4,
      facesPerGroup: 800,
      epochs: 3,
      maxIterations: 550,
      lrStepEpochs: 3,
      refineAfterEpoch: 3,
      warmupD: 200,
      sampleEvery: 50,
      checkpointEvery: 50,
      lambdas: { ...GEOGAN_LAMBDAS, attributeD: 1 },
    },
  },
  'geogan-tiny': {
    about: 'for tests: 32 px, ngf 4, ndf 8, 1 block',
    model: { imageSize: 32, ngf: 4, ndf: 8, nBlocks: 1, numScales: 2 },
    recipe: { batchSize: 2, epochs: 1, warmupD: 2, logEvery: 1, sampleEvery: 2, checkpointEvery: 2 },
  },
};

export function resolveGeoGANOptions(
  o: Partial<Omit<GeoGANTrainOptions, 'model'>> & { data: string; model?: Partial<GeoGANConfig> },
): GeoGANTrainOptions {
  const known = new Set([...Object.keys(BASE), 'data', 'config', 'model']);
  for (const k of Object.keys(o))
    if (!known.has(k))
      throw new InvalidOptionError(`unknown GeoGAN training option "${k}"; known: ${[...known].sort().join(', ')}`);
  const name = o.config ?? 'geogan';
  const named = GEOGAN_CONFIGS[name];
  if (!named)
    throw new InvalidOptionError(
      `unknown configuration "${name}"; use one of ${Object.keys(GEOGAN_CONFIGS).join(', ')}`,
    );
  const { model, ...rest } = o;
  const opts: GeoGANTrainOptions = {
    ...BASE,
    ...named.recipe,
    ...rest,
    config: name,
    model: resolveGeoGANConfig({ ...named.model, ...model }),
    lambdas: { ...GEOGAN_LAMBDAS, ...(named.recipe.lambdas ?? {}), ...(rest.lambdas ?? {}) },
  };
  if (!Number.isInteger(opts.warmupD) || opts.warmupD < 0)
    throw new InvalidOptionError(`warmupD must be a whole number of steps, got ${opts.warmupD}`);
  for (const k of ['batchSize', 'logEvery', 'sampleEvery', 'checkpointEvery', 'lrStepEpochs'] as const)
    if (!Number.isInteger(opts[k]) || opts[k] < 1)
      throw new InvalidOptionError(`${k} must be a positive integer, got ${opts[k]}`);
  if (!Number.isInteger(opts.facesPerGroup) || opts.facesPerGroup < 0)
    throw new InvalidOptionError(`facesPerGroup must be a whole number (0 = all faces), got ${opts.facesPerGroup}`);
  if (!(opts.epochs > 0)) throw new InvalidOptionError('epochs must be positive');
  return opts;
}

/** Refinement weight w at a 0-based epoch. */
export const refineAt = (o: Pick<GeoGANTrainOptions, 'refineAfterEpoch' | 'refineWeight'>, epoch: number): number =>
  epoch > o.refineAfterEpoch ? o.refineWeight : 0;

/** Options that differ from the configuration's, for the run's options file and its printout. */
export const geoganNonDefault = (o: GeoGANTrainOptions): string[] =>
  changedFrom(o, resolveGeoGANOptions({ data: o.data, config: o.config, attribute: o.attribute, runs: o.runs }));
