// Issue 17's item 4 on the flow family: the critic's choices, each trained for the same short budget from the same
// start (flow-change-corner-lids's model from fresh weights: the flow heads at zero, so the edit starts as the measured
// priors alone; a fresh critic whose AU head is taught first; the same seed and batches), then measured by the same
// eval. Only the critic differs between them.
import type { GANimationConfig } from './networks/config.js';
import type { TrainOptions } from './options.js';
import { CORNER_LIDS_MODEL, landmarkStage } from './landmark-stages.js';

type Stage = { about: string; model: Partial<GANimationConfig>; recipe: Partial<TrainOptions> };

const BASE = landmarkStage(102);
/** From fresh weights: the critic's AU head learns on real faces first (500 steps), the generator's average is kept. */
const FRESH: Partial<TrainOptions> = { ...BASE, warmupD: 500, emaDecay: 0.995 };
const ABOUT =
  "; from fresh weights (the flow heads at zero: the priors alone), 500 warm-up steps for the critic's AU head";

export const CRITIC_ABLATION: Record<string, Stage> = {
  'ablation-wgan-gp': {
    about: `the item-4 ablation's baseline: flow-change-corner-lids's model and loss, GANimation's WGAN-GP critic${ABOUT}`,
    model: CORNER_LIDS_MODEL,
    recipe: FRESH,
  },
  'ablation-spectral-norm': {
    about: `the item-4 ablation: the baseline's critic spectrally normalised instead of penalised (criticSpectralNorm, gp 0)${ABOUT}`,
    model: { ...CORNER_LIDS_MODEL, criticSpectralNorm: true },
    recipe: { ...FRESH, lambdas: { ...BASE.lambdas!, gp: 0 } },
  },
  'ablation-lazy-r1': {
    about: `the item-4 ablation: the non-saturating logistic loss with lazy R1 (γ 1, every 16 critic steps) instead of WGAN-GP${ABOUT}`,
    model: CORNER_LIDS_MODEL,
    recipe: { ...FRESH, adversarial: 'logistic', penaltyEvery: 16, lambdas: { ...BASE.lambdas!, gp: 0, r1: 1 } },
  },
  'ablation-light-critic': {
    about: `the item-4 ablation: the baseline with a critic half as wide (dConvDim 8)${ABOUT}`,
    model: { ...CORNER_LIDS_MODEL, dConvDim: 8 },
    recipe: FRESH,
  },
};
