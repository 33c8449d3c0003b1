// Every training default in one table, shared by `ganimate train` and the API. Named configurations
// (configurations.ts) set a model and a recipe; single options override them; unknown keys are errors.
import { InvalidOptionError } from '../../errors.js';
import type { Precision } from '../../torch/index.js';
import { GANIMATION_LAMBDAS, type GANimationLambdas } from './ganimation-loss.js';
import { type GANimationConfig, PAPER_CONFIG, resolveConfig } from './networks/config.js';
import { SHIPPED } from '../../shipped-models.js';
import { CONFIGS } from './configurations.js';
import type { LoopOptions } from '../../train/loop-support.js';

export { CONFIGS };

export interface TrainOptions extends LoopOptions {
  /** Dataset folder (SPEC §6 layouts). */
  data: string;
  /** Named configuration the other values start from. */
  config: string;
  /** Folder that holds numbered run folders. */
  runs: string;
  model: GANimationConfig;
  batchSize: number;
  /** Epochs at the initial learning rate, then epochs of linear decay to 0 (SPEC §3: 20 + 10). */
  epochs: number;
  decayEpochs: number;
  /** Stop after this many iterations instead (0 = run the whole schedule). */
  maxIterations: number;
  lrG: number;
  lrD: number;
  betas: [number, number];
  /** A generator step every this many iterations (5 in the paper). */
  gEvery: number;
  lambdas: GANimationLambdas;
  flip: boolean;
  targetNoise: number;
  /** Steps that train the critic's AU head alone on real faces before the GAN starts (0 = none). */
  warmupD: number;
  /** Batch size and Adam rate of that warm-up (its own Adam, betas 0.9/0.999, dropped afterwards). */
  warmupBatchSize: number;
  warmupLr: number;
  /** Start the generator from these weights instead of at random: an exported generator .onnx ('shipped' = the one
   * ganimate ships), a .safetensors or a published .pth ('' = random). The critic starts fresh unless `initD` names
   * one. */
  initG: string;
  /** Start the critic from these weights (a run's D.safetensors, 'shipped' = the critic the shipped generator was
   * trained against, or a published .pth; '' = fresh). A critic that arrives trained skips the warm-up. */
  initD: string;
  /** Flow family: iterations with the colour residual off (the flow alone must move the expression), then as many
   * again over which it ramps to full (0 = colour from the start). */
  flowFirst: number;
  /** Iterations at the start of a run in which only the critic trains (0 = the generator from the first): fresh part
   * critics learn what a mouth looks like before their judgement reaches the generator. */
  criticFirst: number;
  /** Keep an exponential moving average of the generator's weights with this decay per generator step (0 = none);
   * the run then also writes G-ema.safetensors, the weights to export. */
  emaDecay: number;
  /** The critic's objective: 'wgan' (GANimation's) or 'logistic' (the non-saturating loss, for R1: loss weight r1). */
  adversarial: 'wgan' | 'logistic';
  /** The part critics' objective (model option partCritics): 'wgan' (as the whole face's, penalised with it) or
   * 'logistic' (non-saturating, unpenalised: for heads on fixed features, partFeatures 'recognition'). */
  partAdversarial: 'wgan' | 'logistic';
  /** Training arithmetic: 'float32', or 'bfloat16' mixed precision (torch.autocast: convolutions and matrix products
   * in bfloat16, the rest and the weights in float32; on CPUs with AMX an iteration takes about half the time). */
  precision: Precision;
  /** The critic's penalty step (gp, r1) every this many critic steps, weighted as much more (lazy regularisation). */
  penaltyEvery: number;
  /** Frames of one person for the paired loss (loss weight paired): the prefix tools/video-pairs.ts wrote ('' =
   * none). */
  videoPairs: string;
  /** Pairs per generator step. */
  pairBatch: number;
  /** Flow family with a colour head: 'pairs' = its colour learns from the paired loss alone, the other terms train the
   * warp (ganimation-loss.ts colourFrom); 'all' = from every term. */
  colourFrom: 'all' | 'pairs';
  /** Flow family told the change: the change's dead zone while training (normalised, flow-generator.ts
   * firmThreshold); changes under it are not asked of the generator, changes under twice it only in part. */
  deadZone: number;
  /** The cycle term's second edit (back to the photo's AUs): from the first edit as it is ('through', GANimation's:
   * the term's gradient also reaches the first edit, which it pays to change less), or from a copy the gradient stops
   * at ('stopped': the first edit answers to the AU, critic and identity terms alone, and the second is taught to
   * paint back the photo's own content from an edit, pixel by pixel). */
  cycle: 'through' | 'stopped';
}

const BASE: Omit<TrainOptions, 'data' | 'config' | 'model'> = {
  runs: 'runs',
  batchSize: 25,
  epochs: 20,
  decayEpochs: 10,
  maxIterations: 0,
  lrG: 1e-4,
  lrD: 1e-4,
  betas: [0.5, 0.999],
  gEvery: 5,
  lambdas: GANIMATION_LAMBDAS,
  flip: true,
  targetNoise: 0.1,
  warmupD: 0,
  warmupBatchSize: 32,
  warmupLr: 2e-4,
  initG: '',
  initD: '',
  flowFirst: 0,
  criticFirst: 0,
  emaDecay: 0,
  adversarial: 'wgan',
  partAdversarial: 'wgan',
  precision: 'float32',
  penaltyEvery: 1,
  videoPairs: '',
  pairBatch: 4,
  colourFrom: 'all',
  deadZone: 0.1, // flow-generator.ts CHANGE_DEAD_ZONE (trainer.test.ts checks)
  cycle: 'through',
  seed: 0,
  threads: 0,
  device: 'cpu',
  logEvery: 10,
  sampleEvery: 500,
  checkpointEvery: 500,
};

export type TrainOverrides = Partial<Omit<TrainOptions, 'model' | 'lambdas'>> & {
  model?: Partial<GANimationConfig>;
  lambdas?: Partial<GANimationLambdas>;
};

/** `--image-size`: the model option imageSize, a whole number of pixels (the configuration checks what it divides). */
export function parseImageSize(text: string): Partial<GANimationConfig> {
  const size = Number(text);
  if (!Number.isInteger(size) || size < 16 || size > 1024)
    throw new InvalidOptionError(`--image-size must be a whole number of pixels from 16 to 1024, e.g. 64, got ${text}`);
  return { imageSize: size };
}

export function resolveTrainOptions(o: TrainOverrides & { data: string }): TrainOptions {
  const known = new Set([...Object.keys(BASE), 'data', 'config', 'model']);
  for (const k of Object.keys(o))
    if (!known.has(k))
      throw new InvalidOptionError(`unknown training option "${k}"; known: ${[...known].sort().join(', ')}`);
  const name = o.config ?? 'default';
  const named = CONFIGS[name];
  if (!named)
    throw new InvalidOptionError(`unknown configuration "${name}"; use one of ${Object.keys(CONFIGS).join(', ')}`);
  const { model, ...rest } = o;
  const opts: TrainOptions = {
    ...BASE,
    ...named.recipe,
    ...rest,
    config: name,
    model: resolveConfig({ ...PAPER_CONFIG, ...named.model, ...model }),
    lambdas: { ...GANIMATION_LAMBDAS, ...(named.recipe.lambdas ?? {}), ...(rest.lambdas ?? {}) },
  };
  const positive = [
    'batchSize',
    'gEvery',
    'logEvery',
    'sampleEvery',
    'checkpointEvery',
    'warmupBatchSize',
    'pairBatch',
  ] as const;
  for (const k of positive)
    if (!Number.isInteger(opts[k]) || opts[k] < 1)
      throw new InvalidOptionError(`${k} must be a positive integer, got ${opts[k]}`);
  if (!(opts.epochs + opts.decayEpochs > 0)) throw new InvalidOptionError('epochs + decayEpochs must be positive');
  if (!(opts.lrG > 0 && opts.lrD > 0 && opts.warmupLr > 0))
    throw new InvalidOptionError('learning rates must be positive');
  for (const [k, v] of Object.entries(opts.lambdas)) {
    if (!(k in GANIMATION_LAMBDAS))
      throw new InvalidOptionError(`unknown loss weight "${k}"; known: ${Object.keys(GANIMATION_LAMBDAS).join(', ')}`);
    if (!(Number.isFinite(v) && v >= 0))
      throw new InvalidOptionError(`loss weight ${k} must be a number ≥ 0, got ${v}`);
  }
  if (!Number.isInteger(opts.flowFirst) || opts.flowFirst < 0)
    throw new InvalidOptionError(
      `flowFirst must be a whole number of iterations (0 = colour from the start), got ${opts.flowFirst}`,
    );
  if (!Number.isInteger(opts.criticFirst) || opts.criticFirst < 0)
    throw new InvalidOptionError(
      `criticFirst must be a whole number of iterations (0 = the generator trains from the first), got ${opts.criticFirst}`,
    );
  if (!(opts.emaDecay === 0 || (opts.emaDecay > 0 && opts.emaDecay < 1)))
    throw new InvalidOptionError(`emaDecay must be 0 (no average) or lie in (0, 1), e.g. 0.995, got ${opts.emaDecay}`);
  if (opts.precision !== 'float32' && opts.precision !== 'bfloat16')
    throw new InvalidOptionError(`precision must be 'float32' or 'bfloat16', got ${opts.precision}`);
  if (opts.precision === 'bfloat16' && opts.device !== 'cpu')
    throw new InvalidOptionError(
      `precision 'bfloat16' is built and measured on the CPU only; train on ${opts.device} with --precision float32`,
    );
  if (opts.adversarial !== 'wgan' && opts.adversarial !== 'logistic')
    throw new InvalidOptionError(`adversarial must be 'wgan' or 'logistic', got ${opts.adversarial}`);
  if (opts.partAdversarial !== 'wgan' && opts.partAdversarial !== 'logistic')
    throw new InvalidOptionError(`partAdversarial must be 'wgan' or 'logistic', got ${opts.partAdversarial}`);
  if (!Number.isInteger(opts.penaltyEvery) || opts.penaltyEvery < 1)
    throw new InvalidOptionError(
      `penaltyEvery must be a positive whole number of critic steps, got ${opts.penaltyEvery}`,
    );
  if (!(opts.deadZone >= 0 && opts.deadZone <= 0.5))
    throw new InvalidOptionError(
      `deadZone must be a number from 0 to 0.5 (normalised AU change), got ${opts.deadZone}`,
    );
  if (opts.cycle !== 'through' && opts.cycle !== 'stopped')
    throw new InvalidOptionError(`cycle must be 'through' or 'stopped', got ${String(opts.cycle)}`);
  if (!Number.isInteger(opts.warmupD) || opts.warmupD < 0)
    throw new InvalidOptionError(`warmupD must be a whole number of steps (0 = no warm-up), got ${opts.warmupD}`);
  return opts;
}

/** The file `initD` names: 'shipped' is the critic the shipped generator was last trained against. */
export function initialCriticPath(initD: string): string {
  return initD === 'shipped' ? SHIPPED.critic : initD;
}

/** Loss weights written `cond=8000,mask=0.2` (the CLI's --loss); `resolveTrainOptions` checks names and values. */
export function parseLambdas(text: string): Partial<GANimationLambdas> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*(\w+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m)
      throw new InvalidOptionError(
        `--loss: "${part}" is not name=value; write e.g. cond=8000,mask=0.2 (names: ${Object.keys(GANIMATION_LAMBDAS).join(', ')})`,
      );
    out[m[1]!] = Number(m[2]);
  }
  return out as Partial<GANimationLambdas>;
}

/** The file `initG` names: 'shipped' is the generator that ships with ganimate. */
export function initialGeneratorPath(initG: string): string {
  return initG === 'shipped' ? SHIPPED.generator : initG;
}

/** Options that differ from the configuration's defaults, for the run's options file and its printout. */
export function nonDefault(o: TrainOptions): string[] {
  const ref = resolveTrainOptions({ data: o.data, config: o.config });
  return Object.keys(o).filter(
    (k) => k !== 'data' && JSON.stringify(o[k as keyof TrainOptions]) !== JSON.stringify(ref[k as keyof TrainOptions]),
  );
}

/** Gain of the flow family's colour residual at an iteration: 0 for `flowFirst` iterations, then linear to 1 over as
 * many. */
export function residualGain(o: Pick<TrainOptions, 'flowFirst'>, iteration: number): number {
  return o.flowFirst > 0 ? Math.min(1, Math.max(0, iteration / o.flowFirst - 1)) : 1;
}

export { lrFactor } from '../../train/schedule.js';
