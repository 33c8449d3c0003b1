// ganimate train's named configurations: each sets a model and a recipe over the defaults of options.ts (the paper's,
// the CPU default that ganimate ships, the flow family's stages in the order they were trained, tiny ones for tests).
import { GANIMATION_LAMBDAS } from './ganimation-loss.js';
import type { GANimationConfig } from './networks/config.js';
import type { TrainOptions } from './options.js';

const FLOW_CHANGE_MODEL: Partial<GANimationConfig> = {
  generator: 'flow',
  conditioning: 'change',
  gConvDim: 32,
  gRepeatNum: 3,
  dConvDim: 16,
};
const FLOW_CHANGE_RECIPE: Partial<TrainOptions> = {
  batchSize: 8,
  gEvery: 1,
  sampleEvery: 100,
  checkpointEvery: 100,
  lambdas: { ...GANIMATION_LAMBDAS, cond: 15000, mask: 0, flowSmooth: 10, identity: 10, ownAus: 100 },
};

/** flow-change-confined, which the later flow-change stages continue with other loss weights. */
const CONFINED_MODEL: Partial<GANimationConfig> = {
  ...FLOW_CHANGE_MODEL,
  colour: 'luma',
  motionPrior: true,
  shadingPrior: true,
  contentColour: true,
  flowBlur: 1,
};
const CONFINED_RECIPE: Partial<TrainOptions> = {
  ...FLOW_CHANGE_RECIPE,
  epochs: 0.12,
  decayEpochs: 0.05,
  seed: 20,
  lambdas: { ...FLOW_CHANGE_RECIPE.lambdas!, cond: 22000, mask: 5, fold: 100 },
};

/** flow-change-eased's weights, which flow-change-mouth keeps: the learned flow held less, the colour kept smaller. */
const EASED_LAMBDAS = { ...CONFINED_RECIPE.lambdas!, learnedFlow: 4, mask: 10 };

/** The warp alone (no colour head), the shading prior at half strength: flow-change-warp and the stages after it. */
const WARP_MODEL: Partial<GANimationConfig> = {
  ...CONFINED_MODEL,
  colour: false,
  contentColour: false,
  shadingStrength: 0.5,
};
const warpRecipe = (seed: number, epochs = 0.45): Partial<TrainOptions> => ({
  ...CONFINED_RECIPE,
  seed,
  epochs,
  decayEpochs: 0.15,
  lambdas: EASED_LAMBDAS,
});

/** flow-change-lower-lids's landmark flow with the eyes' opening held at the prior's: flow-change-held-lids and the
 * stages after it. */
const HELD_LIDS_MODEL: Partial<GANimationConfig> = {
  ...WARP_MODEL,
  flowBlur: 0,
  landmarkFlow: 'modes',
  freeUpperLandmarks: 'lower-lids',
  lidOpeningLimit: 0,
};
/** The warp read exactly for large motions (model options motionInversion, eyeAnchors). */
const EXACT_WARP: Partial<GANimationConfig> = { motionInversion: 4, eyeAnchors: true };

/** The landmark stages' recipe: 0.3 + 0.15 epochs, the learned flow's weight at 1. */
const landmarkStage = (seed: number): Partial<TrainOptions> => ({
  ...warpRecipe(seed, 0.3),
  lambdas: { ...EASED_LAMBDAS, learnedFlow: 1 },
});

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
  'flow-change-landmarks': {
    about:
      "flow-change-still-eyes whose learned flow is, per AU, a motion of the 68 landmarks read from the photo and spread by the prior's spline (landmarkFlow: no free field, so lips and lids cannot wave or stretch into horns between the landmarks; flow-change-broad's blurred free field grew the same waves back in 1,000 iterations), continuing a flow-change-still-eyes run (--init-g: the landmark head starts at zero, --init-d); 0.45+0.15 epochs (about 65 min on 2 cores)",
    model: { ...WARP_MODEL, flowBlur: 0, landmarkFlow: true },
    recipe: warpRecipe(90),
  },
  'flow-change-mixed': {
    about:
      "flow-change-landmarks whose landmarks move only as faces128's faces move them (landmarkFlow 'prior': per AU, a mix read from the photo of the 17 measured landmark motions; free landmark motions zigzagged the lips in 1,000 iterations, mouths 0.44), continuing a flow-change-still-eyes run (--init-g: the landmark head starts at zero, --init-d); 0.45+0.15 epochs (about 65 min on 2 cores)",
    model: { ...WARP_MODEL, flowBlur: 0, landmarkFlow: 'prior' },
    recipe: warpRecipe(92),
  },
  'flow-change-modes': {
    about:
      "flow-change-mixed whose landmarks may also move as one person's face moves them (landmarkFlow 'modes': the 8 principal within-person landmark motions of the driving videos, for what the 17 AU means do not span: AU07, AU10, AU14 and AU01 were left furthest from their targets), its learned flow's weight at 1 (learnedFlow 4 held the mixed stage at the prior: AU 0.650, 0.618 at 1), continuing a flow-change-mixed run (--init-g: the modes' head starts at zero, --init-d); 0.3+0.15 epochs (about 45 min on 2 cores)",
    model: { ...WARP_MODEL, flowBlur: 0, landmarkFlow: 'modes' },
    recipe: { ...warpRecipe(94, 0.3), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1 } },
  },
  'flow-change-upper': {
    about:
      "flow-change-modes whose brows and eyes may also move freely (freeUpperLandmarks: free landmark motions, flow-change-landmarks at 1,000 iterations, reached lid tightening and the brows' raise, AU07 error 0.44 and AU01 0.43, that the mixes leave at 0.59 and 0.48; they zigzagged only the lips, which stay mixes), continuing a flow-change-modes run (--init-g: the free head starts at zero, --init-d); 0.3+0.15 epochs (about 45 min on 2 cores)",
    model: { ...WARP_MODEL, flowBlur: 0, landmarkFlow: 'modes', freeUpperLandmarks: true },
    recipe: { ...warpRecipe(96, 0.3), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1 } },
  },
  'flow-change-lower-lids': {
    about:
      "flow-change-upper whose upper lids stay mixes (freeUpperLandmarks 'lower-lids': free brows, eye corners and lower lids; at 1,000 iterations flow-change-upper reached AU 0.578, lid tightening's error 0.45 from 0.59, but its freed upper lids arched into horns in surprise and fear), continuing the same flow-change-modes run as flow-change-upper (--init-g: the free head starts at zero, --init-d); 0.3+0.15 epochs (about 45 min on 2 cores)",
    model: { ...WARP_MODEL, flowBlur: 0, landmarkFlow: 'modes', freeUpperLandmarks: 'lower-lids' },
    recipe: { ...warpRecipe(98, 0.3), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1 } },
  },
  'flow-change-held-lids': {
    about:
      "flow-change-lower-lids trained with the eyes' opening held at the prior's (lidOpeningLimit 0: exported so, the finished lower-lids stage's eyes rose from 0.58 to 0.61 and surprise's from 0.39 to 0.52 for 0.010 of AU ratio; trained so, the flow may find the AU elsewhere), continuing training-state/flow-change-lower-lids (--init-g, --init-d); 0.3+0.15 epochs (about 45 min on 2 cores)",
    model: HELD_LIDS_MODEL,
    recipe: landmarkStage(99),
  },
  'flow-change-true-warp': {
    about:
      'flow-change-held-lids with the warp made exact for large motions (motionInversion 4: each landmark lands where its motion takes it, where the field read at the output had stretched the lash line up into pillars under raised brows) and the spread held along the lids and between lids and brows (eyeAnchors), continuing training-state/flow-change-lower-lids (--init-g, --init-d); 0.3+0.15 epochs (about 45 min on 2 cores)',
    model: { ...HELD_LIDS_MODEL, ...EXACT_WARP },
    recipe: landmarkStage(100),
  },
  'flow-change-held-corners': {
    about:
      "flow-change-true-warp with the eyes' corners moved by the mixes only (holdEyeCorners: freed corners dropped under raised lower lids, bending fear's and anger's eyes into tents; exported so, the lower-lids stage's fear eyes rose from 0.57 to 0.66), continuing training-state/flow-change-lower-lids (--init-g, --init-d); 0.3+0.15 epochs (about 45 min on 2 cores)",
    model: { ...HELD_LIDS_MODEL, ...EXACT_WARP, holdEyeCorners: true },
    recipe: landmarkStage(101),
  },
  'flow-change-corner-lids': {
    about:
      "flow-change-held-lids with the eyes' corners moved by the mixes only (holdEyeCorners) and the warp read as before (trained with the exact warp, flow-change-true-warp and flow-change-held-corners lost the mouths: 0.55 to 0.51–0.53), continuing a flow-change-held-lids run (--init-g, --init-d; exported with held corners, its iteration 1,046 passes every gate but the AU ratio, 0.590); 0.3+0.15 epochs (about 45 min on 2 cores)",
    model: { ...HELD_LIDS_MODEL, holdEyeCorners: true },
    recipe: landmarkStage(102),
  },
  'flow-change-lip-colour': {
    about:
      "flow-change-corner-lids with a learned lightness confined to the mouth and painted on the photo before the warp (colourBeforeWarp: where the lips meet, so parting lips stretch it into the mouth's dark opening, aligned with the person's own lips; painted after the warp, the eased stage's mouth colour smeared into dark bands), continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d); 0.3+0.15 epochs (about 55 min on 2 cores)",
    model: { ...HELD_LIDS_MODEL, holdEyeCorners: true, colour: 'luma', contentColour: 'mouth', colourBeforeWarp: true },
    recipe: landmarkStage(104),
  },
  'flow-change-mouth-colour': {
    about:
      "flow-change-lip-colour's control: the same learned lightness confined to the mouth, painted after the warp (where the edit has moved the face), from the same start and seed, continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d); 0.3+0.15 epochs (about 55 min on 2 cores)",
    model: { ...HELD_LIDS_MODEL, holdEyeCorners: true, colour: 'luma', contentColour: 'mouth' },
    recipe: landmarkStage(104),
  },
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
