// ganimate train's named configurations: each sets a model and a recipe over the defaults of options.ts (the paper's,
// the CPU default that ganimate ships, the flow family's stages in the order they were trained, tiny ones for tests).
import { GANIMATION_LAMBDAS } from './ganimation-loss.js';
import {
  CONFINED_MODEL,
  CONFINED_RECIPE,
  EASED_LAMBDAS,
  FLOW_CHANGE_MODEL,
  FLOW_CHANGE_RECIPE,
  WARP_MODEL,
  warpRecipe,
} from './flow-change-recipes.js';
import { LANDMARK_STAGES } from './landmark-stages.js';
import { CRITIC_ABLATION } from './critic-ablation.js';
import { PAIRED_STAGES } from './paired-stages.js';
import type { GANimationConfig } from './networks/config.js';
import type { TrainOptions } from './options.js';

/** The flow family's test configurations. */
const FLOW_TINY_MODEL: Partial<GANimationConfig> = {
  generator: 'flow',
  imageSize: 32,
  gConvDim: 8,
  gRepeatNum: 1,
  dConvDim: 8,
  dRepeatNum: 5,
};
const FLOW_TINY_RECIPE: Partial<TrainOptions> = {
  batchSize: 4,
  epochs: 1,
  decayEpochs: 1,
  logEvery: 1,
  sampleEvery: 4,
  checkpointEvery: 4,
  lambdas: { ...GANIMATION_LAMBDAS, mask: 2, flowSmooth: 10, self: 10, identity: 10 },
};

/** The named configurations: the paper's, the CPU default that ganimate ships, the flow family's stages, and tiny ones
 * for tests. */
export const CONFIGS: Record<
  string,
  { about: string; model: Partial<GANimationConfig>; recipe: Partial<TrainOptions> }
> = {
  paper: {
    about: 'the published configuration (G width 64, 6 blocks; D width 64; batch 25; 20+10 epochs)',
    model: {},
    recipe: {},
  },
  default: {
    about:
      'CPU recipe: G width 32, 3 blocks; D width 16; batch 8; a generator step every critic step; 0.25+0.1 epochs (about 1.7 h on 2 cores)',
    model: { gConvDim: 32, gRepeatNum: 3, dConvDim: 16 },
    recipe: { batchSize: 8, gEvery: 1, epochs: 0.25, decayEpochs: 0.1, sampleEvery: 250, checkpointEvery: 250 },
  },
  'default-warm': {
    about:
      'the default recipe after 1,000 steps (batch 32, about 4 min) that teach the critic to read AUs on real faces first (measured: no better at this budget)',
    model: { gConvDim: 32, gRepeatNum: 3, dConvDim: 16 },
    recipe: {
      batchSize: 8,
      gEvery: 1,
      epochs: 0.25,
      decayEpochs: 0.1,
      sampleEvery: 250,
      checkpointEvery: 250,
      warmupD: 1000,
    },
  },
  continue: {
    about:
      'the shipped generator trained further: starts from models/ganimation-generator.onnx, a fresh critic after 1,000 AU warm-up steps, seed 1 (other faces first), 0.3+0.1 epochs (about 2.2 h on 2 cores)',
    model: { gConvDim: 32, gRepeatNum: 3, dConvDim: 16 },
    recipe: {
      batchSize: 8,
      gEvery: 1,
      epochs: 0.3,
      decayEpochs: 0.1,
      sampleEvery: 250,
      checkpointEvery: 250,
      warmupD: 1000,
      initG: 'shipped',
      seed: 1,
    },
  },
  flow: {
    about:
      "ganimate's generator that moves the photo's own pixels (a smooth flow, colour only where new content appears; it starts as the identity), its encoder seeded from the shipped generator, against the shipped critic; flow smoothness and self-reconstruction terms; 0.3+0.1 epochs (about 1.5 h on 2 cores)",
    model: { generator: 'flow', gConvDim: 32, gRepeatNum: 3, dConvDim: 16 },
    recipe: {
      batchSize: 8,
      gEvery: 1,
      epochs: 0.2,
      decayEpochs: 0.08,
      sampleEvery: 100,
      checkpointEvery: 100,
      initG: 'shipped',
      initD: 'shipped',
      flowFirst: 400,
      lambdas: { ...GANIMATION_LAMBDAS, cond: 8000, mask: 2, flowSmooth: 10, self: 10, identity: 10 },
    },
  },
  'flow-warp': {
    about:
      "the flow family without a colour head (every edit is the photo's own pixels, moved), continuing a flow run's generator and critic (--init-g, --init-d); λ_cond 10000, self-reconstruction 20; 0.2+0.08 epochs (about 45 min on 2 cores)",
    model: { generator: 'flow', colour: false, gConvDim: 32, gRepeatNum: 3, dConvDim: 16 },
    recipe: {
      batchSize: 8,
      gEvery: 1,
      epochs: 0.2,
      decayEpochs: 0.08,
      sampleEvery: 100,
      checkpointEvery: 100,
      seed: 1,
      lambdas: { ...GANIMATION_LAMBDAS, cond: 10000, mask: 2, flowSmooth: 10, self: 20, identity: 10 },
    },
  },
  'flow-change': {
    about:
      "the flow family told the change from the face's own AUs (training: the labels; editing: its own reading, trained on them): the flow is linear in target − own beyond a dead zone of 0.5 raw (firm threshold), so an edit to the face's own AUs returns the photo; no colour head; continues a run's generator and critic (--init-g, --init-d); λ_cond 15000, own-AU reading 100; 0.7+0.15 epochs (about 1.3 h on 2 cores)",
    model: { ...FLOW_CHANGE_MODEL, colour: false },
    recipe: { ...FLOW_CHANGE_RECIPE, epochs: 0.7, decayEpochs: 0.15, seed: 2 },
  },
  'flow-change-colour': {
    about:
      'flow-change with a colour head told the change too (one colour field per AU, added in proportion to the change; the mask term keeps it small), continuing a flow-change run (--init-g, --init-d); 0.45+0.1 epochs (about 1.2 h on 2 cores)',
    model: { ...FLOW_CHANGE_MODEL, colour: true },
    recipe: {
      ...FLOW_CHANGE_RECIPE,
      epochs: 0.45,
      decayEpochs: 0.1,
      seed: 4,
      lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, mask: 5 },
    },
  },
  'flow-change-luma': {
    about:
      'flow-change with a lightness-only colour head told the change (one field per AU, bounded by tanh, added to R, G and B alike: shading, teeth, wrinkles, never a new hue) and a penalty on folds of the warp, continuing a flow-change run (--init-g, --init-d); 0.55+0.2 epochs (about 2 h on 2 cores)',
    model: { ...FLOW_CHANGE_MODEL, colour: 'luma' },
    recipe: {
      ...FLOW_CHANGE_RECIPE,
      epochs: 0.55,
      decayEpochs: 0.2,
      seed: 8,
      lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, mask: 5, fold: 100 },
    },
  },
  'flow-change-clean': {
    about:
      'flow-change-luma with a heavy penalty on broad one-signed shading (the 8×8 cell averages of the lightness it adds: smudges over brows and eyes cost, thin creases and a small opened mouth hardly do), continuing a flow-change-luma run (--init-g, --init-d); 0.25+0.1 epochs (about 35 min on 2 cores)',
    model: { ...FLOW_CHANGE_MODEL, colour: 'luma' },
    recipe: {
      ...FLOW_CHANGE_RECIPE,
      epochs: 0.25,
      decayEpochs: 0.1,
      seed: 10,
      lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, mask: 5, fold: 100, broadShading: 100 },
    },
  },
  'flow-change-region': {
    about:
      'flow-change-clean with the shading penalty lifted inside the eyes and mouth of the aligned template (a blink, an opened jaw, teeth may add their lightness there; smudges over brows and cheeks still cost) and the AU term at 22,000 (from 15,000), continuing a flow-change-clean run (--init-g, --init-d); 0.2+0.08 epochs (about 80 min on 2 cores)',
    model: { ...FLOW_CHANGE_MODEL, colour: 'luma' },
    recipe: {
      ...FLOW_CHANGE_RECIPE,
      epochs: 0.2,
      decayEpochs: 0.08,
      seed: 12,
      lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, cond: 22000, mask: 5, fold: 100, regionShading: 100 },
    },
  },
  'flow-change-prior': {
    about:
      'flow-change-region whose per-AU flow fields start from the motion prior measured on faces128 (au-motion-prior.ts) and learn only their difference from it, continuing a flow-change-region run (--init-g with its flow head zeroed, --init-d); 0.15+0.06 epochs (about 65 min on 2 cores)',
    model: { ...FLOW_CHANGE_MODEL, colour: 'luma', motionPrior: true },
    recipe: {
      ...FLOW_CHANGE_RECIPE,
      epochs: 0.15,
      decayEpochs: 0.06,
      seed: 16,
      lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, cond: 22000, mask: 5, fold: 100, regionShading: 100 },
    },
  },
  'flow-change-shade': {
    about:
      "flow-change-prior with the shading prior measured on faces128 as well (au-shading-prior.ts: each AU's change of lightness multiplies the warped photo), its own colour head learning from zero only what both priors leave, under the broad-shading penalty everywhere (eyes and mouth included), continuing a flow-change-prior run (--init-g with its colour head zeroed, --init-d); 0.12+0.05 epochs (about 35 min on 2 cores)",
    model: { ...FLOW_CHANGE_MODEL, colour: 'luma', motionPrior: true, shadingPrior: true },
    recipe: {
      ...FLOW_CHANGE_RECIPE,
      epochs: 0.12,
      decayEpochs: 0.05,
      seed: 18,
      lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, cond: 22000, mask: 5, fold: 100, broadShading: 100 },
    },
  },
  'flow-change-confined': {
    about:
      "flow-change-shade with its learned colour confined to the eyes and mouth of the aligned template (contentColour: brows, cheeks and forehead change light only by the shading prior) and its learned flow low-passed by a Gaussian of one flow cell (flowBlur 1: no facets), no shading penalty beyond the colour's size, continuing a flow-change-shade run (--init-g, --init-d); 0.12+0.05 epochs (about 40 min on 2 cores)",
    model: CONFINED_MODEL,
    recipe: CONFINED_RECIPE,
  },
  'flow-change-anchored': {
    about:
      "flow-change-confined with the learned part of the flow kept near the motion prior (learnedFlow 10: its mean square in pixels², both edits of the cycle), so that the warp cannot stretch lips and lids far beyond where faces128's faces move, continuing a flow-change-confined run (--init-g, --init-d); 0.12+0.05 epochs (about 40 min on 2 cores)",
    model: CONFINED_MODEL,
    recipe: {
      ...CONFINED_RECIPE,
      seed: 22,
      lambdas: { ...CONFINED_RECIPE.lambdas!, learnedFlow: 10 },
    },
  },
  'flow-change-eased': {
    about:
      'flow-change-anchored with the learned flow held less (learnedFlow 4) and the learned colour kept smaller (mask 10), continuing a flow-change-anchored run (--init-g, --init-d); 0.12+0.05 epochs (about 45 min on 2 cores)',
    model: CONFINED_MODEL,
    recipe: { ...CONFINED_RECIPE, seed: 24, lambdas: EASED_LAMBDAS },
  },
  'flow-change-mouth': {
    about:
      "flow-change-eased with its learned colour confined to the mouth (contentColour 'mouth': the lids move by the warp and the shading prior only), continuing a flow-change-eased run (--init-g, --init-d); 0.12+0.05 epochs (about 45 min on 2 cores)",
    model: { ...CONFINED_MODEL, contentColour: 'mouth' },
    recipe: { ...CONFINED_RECIPE, seed: 26, lambdas: EASED_LAMBDAS },
  },
  'flow-change-blur': {
    about:
      'flow-change-eased with a critic whose stride-2 convolutions see their input blurred first (model option criticBlur: anti-aliased downsampling; no new weights, so the eased critic loads), continuing a flow-change-eased run (--init-g, --init-d); 0.12+0.05 epochs (about 45 min on 2 cores)',
    model: { ...CONFINED_MODEL, criticBlur: true },
    recipe: { ...CONFINED_RECIPE, seed: 40, lambdas: EASED_LAMBDAS },
  },
  'flow-change-exemplar': {
    about:
      "flow-change-eased placing real photographed mouths where the lips part (model option mouthExemplars: a smile's teeth, an open mouth's interior, masks learned per AU, starting at zero), continuing a flow-change-eased run (--init-g, --init-d: the mask head starts fresh); 0.12+0.05 epochs (about 45 min on 2 cores)",
    model: { ...CONFINED_MODEL, mouthExemplars: true },
    recipe: { ...CONFINED_RECIPE, seed: 50, lambdas: EASED_LAMBDAS },
  },
  'flow-change-halfshade': {
    about:
      'flow-change-eased with the shading prior at half strength (shadingStrength 0.5: exported so from the eased weights it passes the lightness gate, 0.054, and misses the AU gate by 0.015), continuing a flow-change-eased run (--init-g, --init-d); 0.06+0.03 epochs (about 20 min on 2 cores)',
    model: { ...CONFINED_MODEL, shadingStrength: 0.5 },
    recipe: { ...CONFINED_RECIPE, seed: 60, epochs: 0.06, decayEpochs: 0.03, lambdas: EASED_LAMBDAS },
  },
  'flow-change-warp': {
    about:
      "flow-change-halfshade without its learned colour (every pixel of an edit is the photo's own, moved, its light changed only by the shading prior: exported so, the halfshade weights keep real-looking mouths and eyes, 0.61 and 0.58, at an AU ratio of 0.60), continuing a flow-change-halfshade run (--init-g: the colour head is dropped, --init-d); 0.45+0.15 epochs (about 60 min on 2 cores)",
    model: WARP_MODEL,
    recipe: warpRecipe(70),
  },
  'flow-change-still-eyes': {
    about:
      'flow-change-warp whose eyes and lids move by the motion prior alone (learnedEyeFlow 0: exported so, 1,000 iterations of flow-change-warp kept real-looking eyes, 0.58 from 0.53, at an AU ratio of 0.57 from 0.54), continuing a flow-change-warp run (--init-g, --init-d); 0.5+0.15 epochs (about 65 min on 2 cores)',
    model: { ...WARP_MODEL, learnedEyeFlow: 0 },
    recipe: warpRecipe(72, 0.5),
  },
  'flow-change-broad': {
    about:
      "flow-change-still-eyes whose learned flow moves features, not their texture (flowBlur 2, σ of 8 px: exported so, the still-eyes weights keep real-looking mouths and eyes, 0.62 and 0.66, at an AU ratio of 0.62: the rest of the learned flow's gain was in fine-scale warps the part gates fail), its eyes' learned flow at half (learnedEyeFlow 0.5), continuing a flow-change-still-eyes run (--init-g, --init-d); 0.45+0.15 epochs (about 65 min on 2 cores)",
    model: { ...WARP_MODEL, learnedEyeFlow: 0.5, flowBlur: 2 },
    recipe: warpRecipe(80),
  },
  ...LANDMARK_STAGES,
  ...CRITIC_ABLATION,
  ...PAIRED_STAGES,
  'flow-change-parts': {
    about:
      'flow-change-eased with critics of its own for the mouth and the eyes (model option partCritics, loss weight part 1), continuing a flow-change-eased run (--init-g, --init-d: the part critics start fresh); 0.12+0.05 epochs (about 50 min on 2 cores)',
    model: { ...CONFINED_MODEL, partCritics: true },
    recipe: { ...CONFINED_RECIPE, seed: 30, lambdas: { ...EASED_LAMBDAS, part: 1 } },
  },
  'flow-tiny': {
    about: 'for tests: the flow family at 32×32, width 8, 1 block',
    model: FLOW_TINY_MODEL,
    recipe: FLOW_TINY_RECIPE,
  },
  'flow-change-tiny': {
    about: 'for tests: the flow family told the change at 32×32, width 8, 1 block',
    model: { ...FLOW_TINY_MODEL, conditioning: 'change' },
    recipe: FLOW_TINY_RECIPE,
  },
  tiny: {
    about: 'for tests: 32×32 images, width 8, 1 block',
    model: { imageSize: 32, gConvDim: 8, gRepeatNum: 1, dConvDim: 8, dRepeatNum: 5 },
    recipe: { batchSize: 4, epochs: 1, decayEpochs: 1, logEvery: 1, sampleEvery: 4, checkpointEvery: 4 },
  },
};
