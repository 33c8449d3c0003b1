// The critic's AU head taught on real faces before the GAN starts. The generator's AU loss is only as
// good as the critic's reading of AUs; trained from scratch beside the generator, the critic of the
// CPU recipe read AUs little better than the train mean for most of a 1,585-iteration run.
import { AU_COUNT } from '../../au/action-units.js';
import { BatchLoader } from '../../data/batch-loader.js';
import type { FaceDataset } from '../../data/face-dataset.js';
import type { Critic } from './networks/critic.js';
import { Adam } from '../../nn/adam.js';
import { backward, mseLoss, scope, tensor } from '../../torch/index.js';
import { Progress } from '../../io/progress.js';
import type { TrainOptions } from './options.js';

/** One step of the critic's AU head alone on real faces: MSE of its reading against their AUs (/ 5), then the
 * optimiser's step (gradients averaged first by `reduce` in data-parallel training). Returns the loss. */
export function auRegressionStep(
  D: Critic,
  opt: Adam,
  hb: { ids: string[]; real: Float32Array; realCond: Float32Array },
  size: number,
  device: string,
  reduce?: (opt: Adam) => void,
): number {
  const B = hb.ids.length;
  return scope(() => {
    opt.zeroGrad();
    const l = mseLoss(
      D.forward(tensor(hb.real, [B, 3, size, size], device)).aus,
      tensor(hb.realCond, [B, AU_COUNT], device),
    );
    backward(l);
    reduce?.(opt);
    opt.step();
    return l.item();
  });
}

export interface WarmupResult {
  /** Mean MSE (AUs / 5) over the first and the last 50 steps. */
  first: number;
  last: number;
  /** False when `shouldStop` ended it early. */
  finished: boolean;
}

/**
 * `o.warmupD` steps of MSE between the critic's AU head and the labels of real train faces (batch
 * `warmupBatchSize`, flips, its own Adam at `warmupLr`, betas 0.9/0.999, dropped afterwards; the data
 * order has its own seed, so the GAN's batches are the same with or without a warm-up).
 */
export async function warmUpCritic(
  o: TrainOptions,
  D: Critic,
  data: FaceDataset,
  shouldStop: () => boolean = () => false,
): Promise<WarmupResult> {
  const opt = new Adam(D.namedParameters(), { lr: o.warmupLr, betas: [0.9, 0.999] });
  const loader = new BatchLoader(data, data.train, {
    batchSize: o.warmupBatchSize,
    imageSize: o.model.imageSize,
    seed: o.seed + 1,
    flip: o.flip,
    targetNoise: 0,
  });
  const progress = new Progress(o.warmupD, 'warm-up: the critic reads AUs', 'it');
  const S = o.model.imageSize;
  const window = Math.min(50, Math.ceil(o.warmupD / 2));
  const first: number[] = [];
  const last: number[] = [];
  let step = 0;
  try {
    for (; step < o.warmupD && !shouldStop(); step++) {
      const hb = await loader.next();
      const loss = auRegressionStep(D, opt, hb, S, o.device);
      (step < window ? first : last).push(loss);
      if (last.length > window) last.shift();
      progress.tick();
    }
  } finally {
    opt.dispose();
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
  return { first: mean(first), last: mean(last), finished: step === o.warmupD };
}
