// The flow family's model and recipe building blocks told the change, which its named stages extend
// (configurations.ts, landmark-stages.ts).
import { GANIMATION_LAMBDAS } from './ganimation-loss.js';
import type { GANimationConfig } from './networks/config.js';
import type { TrainOptions } from './options.js';

export const FLOW_CHANGE_MODEL: Partial<GANimationConfig> = {
  generator: 'flow',
  conditioning: 'change',
  gConvDim: 32,
  gRepeatNum: 3,
  dConvDim: 16,
};
export const FLOW_CHANGE_RECIPE: Partial<TrainOptions> = {
  batchSize: 8,
  gEvery: 1,
  sampleEvery: 100,
  checkpointEvery: 100,
  lambdas: { ...GANIMATION_LAMBDAS, cond: 15000, mask: 0, flowSmooth: 10, identity: 10, ownAus: 100 },
};

/** flow-change-confined, which the later flow-change stages continue with other loss weights. */
export const CONFINED_MODEL: Partial<GANimationConfig> = {
  ...FLOW_CHANGE_MODEL,
  colour: 'luma',
  motionPrior: true,
  shadingPrior: true,
  contentColour: true,
  flowBlur: 1,
};
export const CONFINED_RECIPE: Partial<TrainOptions> = {
  ...FLOW_CHANGE_RECIPE,
  epochs: 0.12,
  decayEpochs: 0.05,
  seed: 20,
  lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, cond: 22000, mask: 5, fold: 100 },
};

/** flow-change-eased's weights, which flow-change-mouth keeps: the learned flow held less, the colour kept smaller. */
export const EASED_LAMBDAS = { ...CONFINED_RECIPE.lambdas!, learnedFlow: 4, mask: 10 };

/** The warp alone (no colour head), the shading prior at half strength: flow-change-warp and the stages after it. */
export const WARP_MODEL: Partial<GANimationConfig> = {
  ...CONFINED_MODEL,
  colour: false,
  contentColour: false,
  shadingStrength: 0.5,
};
export const warpRecipe = (seed: number, epochs = 0.45): Partial<TrainOptions> => ({
  ...CONFINED_RECIPE,
  seed,
  epochs,
  decayEpochs: 0.15,
  lambdas: EASED_LAMBDAS,
});
