// The landmark family's named stages (each AU's learned flow a motion of the 68 landmarks, spread by the motion
// prior's spline), in the order they were trained; configurations.ts lists them among the others.
import type { GANimationConfig } from './networks/config.js';
import type { TrainOptions } from './options.js';
import { EASED_LAMBDAS, WARP_MODEL, warpRecipe } from './flow-change-recipes.js';

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

/** flow-change-corner-lids's model: held lids, the eyes' corners moved by the mixes only. */
export const CORNER_LIDS_MODEL: Partial<GANimationConfig> = { ...HELD_LIDS_MODEL, holdEyeCorners: true };

/** The landmark stages' recipe: 0.3 + 0.15 epochs, the learned flow's weight at 1. */
export const landmarkStage = (seed: number): Partial<TrainOptions> => ({
  ...warpRecipe(seed, 0.3),
  lambdas: { ...EASED_LAMBDAS, learnedFlow: 1 },
});

/** The content stage whose part critics read face-api's recognition features (part-critic.ts). */
const FEATURE_CONTENT_MODEL: Partial<GANimationConfig> = {
  ...CORNER_LIDS_MODEL,
  colour: 'luma',
  contentColour: true,
  partCritics: true,
  partFeatures: 'recognition',
};

/** A content stage whose part heads on recognition features learn fast: logistic, unpenalised (with partHeadGain). */
function fastFeatureStage(seed: number): Partial<TrainOptions> {
  return {
    ...landmarkStage(seed),
    partAdversarial: 'logistic',
    lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 1 },
  };
}

/** The rows stages' model: the refiner's lightness low-passed along the rows (flow-change-refined-rows). */
const ROWS_MODEL: Partial<GANimationConfig> = { ...FEATURE_CONTENT_MODEL, partHeadGain: 10, refiner: true, rowBlur: 2 };
/** The rows stages' recipe: the part-4 losses, 0.25 + 0.15 epochs. */
const rowsStage = (seed: number): Partial<TrainOptions> => ({
  ...fastFeatureStage(seed),
  epochs: 0.25,
  decayEpochs: 0.15,
  lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 4 },
});

export const LANDMARK_STAGES: Record<
  string,
  { about: string; model: Partial<GANimationConfig>; recipe: Partial<TrainOptions> }
> = {
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
    model: CORNER_LIDS_MODEL,
    recipe: landmarkStage(102),
  },
  'flow-change-lip-colour': {
    about:
      "flow-change-corner-lids with a learned lightness confined to the mouth and painted on the photo before the warp (colourBeforeWarp: where the lips meet, so parting lips stretch it into the mouth's dark opening, aligned with the person's own lips; painted after the warp, the eased stage's mouth colour smeared into dark bands), continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d); 0.3+0.15 epochs (about 55 min on 2 cores)",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: 'mouth', colourBeforeWarp: true },
    recipe: landmarkStage(104),
  },
  'flow-change-soft-lip-colour': {
    about:
      "flow-change-lip-colour with its lightness low-passed (colourBlur 4 px: set at export on the lip-colour stage's 1,000 iterations, its outlines and specks went and the mouths rose from 0.36 to 0.50, for half its AU gain), so the head learns what a smooth darkening between the lips can do, continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d); 0.3+0.15 epochs (about 55 min on 2 cores)",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: 'mouth', colourBeforeWarp: true, colourBlur: 4 },
    recipe: landmarkStage(105),
  },
  'flow-change-mouth-colour': {
    about:
      "flow-change-lip-colour's control: the same learned lightness confined to the mouth, painted after the warp (where the edit has moved the face), from the same start and seed, continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d); 0.3+0.15 epochs (about 55 min on 2 cores)",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: 'mouth' },
    recipe: landmarkStage(104),
  },
  'flow-change-content': {
    about:
      "for a lent GPU (tools/gpu, batch 64): flow-change-corner-lids with a learned lightness confined to the eyes and mouth (the content no warp gives: the mouth's inside, teeth, the lids' skin) and critics of their own for the mouth and the eyes (partCritics, loss weight part 1), which on 2 CPU cores told nothing apart for hundreds of iterations while the colour painted dark smears; continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d: the part critics start fresh); 0.3+0.15 epochs",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: true, partCritics: true },
    recipe: { ...landmarkStage(108), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 1 } },
  },
  'flow-change-soft-content': {
    about:
      "for a lent GPU (tools/gpu, batch 64): flow-change-content with its lightness low-passed (colourBlur 4 px: set at export on the content stage's 2,038 CPU iterations, its white bars and specks went and the worst preset's parts rose from 0.21 to 0.30; with the eyes' colour alone, to 0.47, every look gate passing), so the head learns what smooth shading of the eyes and mouth can do (on 2 CPU cores, 2,038 iterations: larger pale smudges over the lips instead of sharp bars, AU 0.540, worst preset's parts 0.24); the plain stage's part critics taught alone first (--critic-first 300, part 4) stopped no paint (they cannot learn paint that is not yet there); continuing a flow-change-corner-lids run (--init-g, --init-d); 0.3+0.15 epochs",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: true, partCritics: true, colourBlur: 4 },
    recipe: { ...landmarkStage(110), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 1 } },
  },
  'flow-change-feature-content': {
    about:
      "flow-change-content whose part critics read the fixed features of face-api's recognition net over the mouth and the eyes (partFeatures 'recognition': only a small head per part and level learns, where pixel part critics told nothing apart for hundreds of CPU iterations while the colour painted white bars; trained as those were, penalised Wasserstein at the critic's rate, on 2 CPU cores they read the mouths no sooner and the stage painted as the pixel one, worst preset's parts 0.23), continuing a flow-change-corner-lids run (--init-g: the colour head starts at zero, --init-d: the part critics start fresh); 0.3+0.15 epochs",
    model: FEATURE_CONTENT_MODEL,
    recipe: { ...landmarkStage(111), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 1 } },
  },
  'flow-change-fast-feature-content': {
    about:
      "flow-change-feature-content whose part heads learn as a probe showed they can (trained alone on the feature-content stage's edits, non-saturating and unpenalised at 10 times the rate, they told the real mouth and eyes from each edit 9 times in 10 within 50 steps, where penalised Wasserstein heads at the critic's rate read nothing for the first 1,000 iterations): the logistic objective without the penalty (--part-adversarial logistic) and partHeadGain 10 (on 2 CPU cores, 2,038 iterations: the best content stage on the mouths, 0.52, and the worst preset's parts, 0.36 against 0.21–0.24, at the same AU gain, 0.539; still white specks and pale lips), continuing a flow-change-corner-lids run (--init-g, --init-d); 0.3+0.15 epochs",
    model: { ...FEATURE_CONTENT_MODEL, partHeadGain: 10 },
    recipe: fastFeatureStage(112),
  },
  'flow-change-dark-content': {
    about:
      "flow-change-fast-feature-content whose learned lightness may darken as before but brighten only a tenth as far (brightening 0.1: the fast stage's 2,038 CPU iterations exported with brightening 0 lost its white specks and pale lips, the mouths 0.52 → 0.59, the eyes 0.52 → 0.64, the worst preset's parts 0.36 → 0.44, and most of its AU gain, 0.539 → 0.567; trained so, the head may learn what darkening alone can show: a mouth's opening, creases, shadows; on 2 CPU cores, 2,038 iterations: no white paint, the eyes 0.59, the mouths 0.53, AU 0.549, but dark gaps between teeth and dark red opened lips), continuing a flow-change-corner-lids run (--init-g, --init-d); 0.3+0.15 epochs",
    model: { ...FEATURE_CONTENT_MODEL, partHeadGain: 10, brightening: 0.1 },
    recipe: fastFeatureStage(113),
  },
  'flow-change-dark-boxes': {
    about:
      "flow-change-dark-content whose lightness may act anywhere in the boxes the part critics read (contentColour 'boxes': the furrow between the brows, the lids' skin, the folds beside the lips; the eyes and mouth alone left lowered brows, AU04, where doing nothing leaves them; on 2 CPU cores, 2,038 iterations: AU 0.522 by the estimator and 0.565 by the reader, AU04 read by both, painted as dark blotches between the brows and a darkened mouth box (which the mouths' part measure, standardising each box's light, reads as real: 0.57), the eyes 0.48: kept to reproduce, not as a direction), continuing a flow-change-corner-lids run (--init-g, --init-d); 0.3+0.15 epochs",
    model: { ...FEATURE_CONTENT_MODEL, partHeadGain: 10, brightening: 0.1, contentColour: 'boxes' },
    recipe: fastFeatureStage(114),
  },
  'flow-change-refined': {
    about:
      "flow-change-fast-feature-content with the part critics weighed 4 (the part-4 stage: every gate but the AU ratio when exported darken-only) and a warp refiner (refiner: a small U-Net that reads the warped photo, the flow and the planned lightness at full size and corrects that lightness on the warped face's own edges; it starts at zero; on 2 CPU cores, 1,358 iterations (--epochs 0.2 --decay-epochs 0.1), exported darken-only: AU 0.575 / 0.611 on the 500 gate faces against part 4's 0.583 / 0.621, with the mouths 0.532 and happy's mouths 0.412 failing, dark strokes between painted teeth: kept to reproduce, not as a direction), continuing the part-4 stage (--init-g training-state/flow-change-fast-feature-part4/G-ema.safetensors, --init-d its D); 0.3+0.15 epochs",
    model: { ...FEATURE_CONTENT_MODEL, partHeadGain: 10, refiner: true },
    recipe: { ...fastFeatureStage(117), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 4 } },
  },
  'flow-change-refined-rows': {
    about:
      "flow-change-refined whose lightness is low-passed along the rows (rowBlur 2: exported so, the refined stage's 1,358 CPU iterations kept their teeth rows and lip lines and lost the separations painted between teeth: on faces 500–599 the mouths 0.53 → 0.56, the eyes 0.57 → 0.62, the worst preset's parts 0.30 → 0.37, for 0.005 of AU ratio by the estimator); trained so, the refiner learns what it may draw under that constraint (on 2 CPU cores, from the refined stage continued to 1,844 iterations, stopped at 1,457 of 1,811, faces 500–599: exported darken-only the best mouths, eyes and worst preset of any flow stage, 0.64 / 0.71 / 0.57, at AU 0.565 / 0.606; with brightening 0.5 at export every gate but the AU ratio passes at 0.532 / 0.575, and on the 500 gate faces AU 0.539 / 0.586 with the mouths 0.549 and happy's mouths 0.43 failing; training-state/flow-change-refined-rows); continuing a flow-change-refined run (--init-g, --init-d); 0.25+0.15 epochs",
    model: ROWS_MODEL,
    recipe: rowsStage(120),
  },
  'flow-change-rows-half-bright': {
    about:
      "flow-change-refined-rows trained as it is exported, brightening at half its darkening (brightening 0.5: the rows stage finished, 1,811 CPU iterations trained at 1, reads 0.534 / 0.577 exported at 0.5 with every gate but the AU ratio passing on faces 500-599, and 0.513 / 0.556 at 1 with happy's mouths 0.30; trained at 0.5, the critics judge the edits that ship and the head may find the AU it lost to the halving; on 2 CPU cores, 1,811 iterations from the rows stage finished, faces 500-599: as trained 0.514 / 0.547, the rows stage's AU at full brightening with eyes and worst preset a little higher, happy's mouths 0.33; at brightening 0.25 every look gate passes at 0.530 / 0.565, one face of 99 lost to the detector, and on the 500 gate faces 0.532 / 0.582 with the mouths 0.527 and happy's mouths 0.43 failing: the old curve, not kept), continuing a flow-change-refined-rows run (--init-g, --init-d); 0.25+0.15 epochs",
    model: { ...ROWS_MODEL, brightening: 0.5 },
    recipe: rowsStage(121),
  },
  'flow-change-rows-fine-changes': {
    about:
      "flow-change-refined-rows trained with the change's dead zone at 0.02 instead of 0.1 (0.1 raw instead of 0.5): changes under 0.5 raw had never been asked of it, yet exported at dead zone 0 the finished rows stage reads 0.520 / 0.560 against 0.534 / 0.577 at 0.05 (faces 500-599, brightening 0.5), most of it on AUs asked to move under 0.5 raw, where the edits read no nearer than doing nothing; continuing a flow-change-refined-rows run (--init-g, --init-d); 0.25+0.15 epochs",
    model: ROWS_MODEL,
    recipe: { ...rowsStage(122), deadZone: 0.02 },
  },
  'flow-change-stopped-cycle': {
    about:
      "flow-change-rows-fine-changes whose cycle term's second edit starts from a copy of the first that the gradient stops at (--cycle stopped): through the first edit, the cycle's L1 pays it to change less (a lowered AU's teeth or furrow the second edit cannot paint back costs it), where edits deliver half the raises and lowers real photos show; stopped, the second edit alone learns to paint the photo back (on 2 CPU cores, 521 iterations, 0.07+0.045 epochs, from the rows stage at 1,457 beside the same with the cycle through, same seed, faces 500-599, dead zone 0, brightening 0.5: 0.529 / 0.562 against 0.533 / 0.563, mouths 0.62 against 0.64, the sheets alike: the cycle does not hold the edits back; not kept); continuing a flow-change-refined-rows run (--init-g, --init-d); 0.25+0.15 epochs",
    model: ROWS_MODEL,
    recipe: { ...rowsStage(122), deadZone: 0.02, cycle: 'stopped' },
  },
  'flow-change-refined-dark': {
    about:
      'flow-change-refined whose lightness may brighten only a tenth as far as it darkens (brightening 0.1): the refined stage exported darken-only drew dark gaps where it had learned to paint teeth white; trained so, the critics see the darkened edits that ship (on 2 CPU cores, 1,358 iterations, exported darken-only, faces 500–599: AU 0.540 / 0.581, the happy mouths 0.32, the dark strokes more than before); continuing a flow-change-refined run (--init-g, --init-d); 0.3+0.15 epochs',
    model: { ...FEATURE_CONTENT_MODEL, partHeadGain: 10, refiner: true, brightening: 0.1 },
    recipe: { ...fastFeatureStage(118), lambdas: { ...EASED_LAMBDAS, learnedFlow: 1, part: 4 } },
  },
};
