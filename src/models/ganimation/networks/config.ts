// GANimation's model configuration (SPEC §2). The paper's is the default.
import { InvalidOptionError } from '../../../errors.js';
import { PART_FEATURES, type PartFeatures } from './part-critic.js';

/** 'paint': the paper's generator repaints attended pixels; 'flow': ganimate's moves the photo's own pixels
 * (flow-generator.ts). */
export type GeneratorFamily = 'paint' | 'flow';
export const GENERATOR_FAMILIES: readonly GeneratorFamily[] = ['paint', 'flow'];

/** What the generator is told: 'target' AUs (the paper), or — flow family — the 'change' from the face's own AUs,
 * which the generator reads itself. */
export type Conditioning = 'target' | 'change';
export const CONDITIONINGS: readonly Conditioning[] = ['target', 'change'];

export interface GANimationConfig {
  /** Generator family. */
  generator: GeneratorFamily;
  /** Flow family: a colour head that may paint new content (false: the edit is the warped photo alone; 'luma':
   * lightness only, the same amount added to R, G and B, so the skin's hue and saturation are kept — shading, teeth,
   * wrinkles). */
  colour: boolean | 'luma';
  /** 'target': the target AUs are tiled onto the image (the paper). 'change' (flow family): the generator reads the
   * face's own AUs and moves pixels by a flow linear in target − own, so an edit to the face's own AUs returns the
   * photo exactly. */
  conditioning: Conditioning;
  /** Flow family told the change: its per-AU flow fields start from the motion prior measured on faces128
   * (au-motion-prior.ts) and learn only their difference from it, per photo. */
  motionPrior: boolean;
  /** Flow family told the change: the warped photo's light is multiplied by the shading each AU's change brings in
   * faces128 (au-shading-prior.ts), before any learned colour. */
  shadingPrior: boolean;
  /** shadingPrior's fields scaled by this (1: as measured; 0.5: half the log-lightness change per AU). */
  shadingStrength: number;
  /** motionPrior's fields scaled by this (1: as measured; above 1 moves lids, brows and lips further per unit of
   * change, making up for the slopes' dilution by noisy AU labels). */
  motionStrength: number;
  /** Flow family with the motion prior: the learned part of the flow is scaled by this about the eyes and their lids
   * (face/content-region.ts eyeSurroundings), 1 elsewhere: at 0 the lids move as the prior moves them. */
  learnedEyeFlow: number;
  /** Flow family with the motion prior: what the generator adds to the prior is, per AU, a motion of the template's 68
   * landmarks read from the photo, spread over the face by the prior's own thin-plate spline (au-motion-prior.ts),
   * instead of a free field per cell: lips, lids and brows move as the curves they are, and cannot wave or stretch
   * into horns between the landmarks. 'prior': each AU's landmark motion is a mix, read from the photo, of the 17
   * motions measured on faces128 (au-motion-prior-data.ts): the landmarks move only as the data's faces move them.
   * 'modes': that mix, plus a mix of the principal motions faces make within one person, measured on the driving
   * videos (landmark-modes-data.ts), for the motions the 17 AU means do not span. */
  landmarkFlow: boolean | 'prior' | 'modes';
  /** landmarkFlow 'prior' or 'modes': the brows' and eyes' 22 landmarks may also move freely (per AU, read from the
   * photo), beside the mix: free landmark motions reached lid tightening and the brows' raise that the mixes do not,
   * and zigzagged only the lips, which stay mixes. 'lower-lids': the brows, the eyes' corners and the lower lids only
   * (freed upper lids arched into horns in surprise and fear). */
  freeUpperLandmarks: boolean | 'lower-lids';
  /** landmarkFlow: the most, in pixels of the 128 template, that an edit may open the eyes (the prior and the learned
   * motion together; beyond it the learned motion holds the upper lid back); negative: no limit. A warp cannot show
   * the iris and sclera that a real opening reveals, so it stretches the iris into a stare (a smiling face's narrowed
   * eyes opened for surprise). Changes no weights, so it may be set at export. */
  lidOpeningLimit: number;
  /** freeUpperLandmarks: the eyes' corners move as the mixes move them only, not freely: freed corners dropped 2 px
   * under lids raised 4 px and bent fear's and anger's eyes into tents. Changes no weights (the free head's corner
   * outputs are left unused), so it may be set at export. */
  holdEyeCorners: boolean;
  /** Flow family with freeUpperLandmarks: the brows' free motion is scaled by this (1: as learned; 0: the brows move
   * by the mixes only). Free brows pull surprise's brows far above the lids, which the warp stretches the eye into.
   * Changes no weights, so it may be set at export. */
  freeBrowScale: number;
  /** Flow family with the motion prior: fixed-point steps that turn the field of landmark motions (each motion placed
   * where its landmark starts) into the backward flow a warp needs (nn/invert-motion.ts); 0: the field as it is, which
   * for brows raised far above still lids samples the lashes at the brows' old place and stretches them into pillars.
   * Changes no weights, so it may be set at export. */
  motionInversion: number;
  /** Flow family with the motion prior: the spread of landmark motion also passes through points along each eye's lids
   * and at its middle, moving as the lid landmarks beside them (au-motion-prior.ts), so that a lid moves as one curve
   * and the iris with the eye. Changes no weights, so it may be set at export. */
  eyeAnchors: boolean;
  /** Flow family, colour 'luma': the learned colour is confined to the eyes and mouth of the aligned template
   * (face/content-region.ts), where new content must appear (lid, teeth, the mouth's interior); elsewhere the
   * light changes only by the shading prior, so the colour head cannot lay blotches over brows and cheeks. 'mouth':
   * the mouth alone (the lids move by the warp only: a learned colour there painted white smears and dark rings).
   * 'eyes': the eyes alone (a stage trained with both, exported so, keeps the lids' shading and leaves the mouth to the
   * warp, where its painted teeth read as the least real parts). 'boxes': the boxes about the eyes and the mouth that
   * the part critics read (the furrow between the brows, the lids' skin, the lips and the folds beside them; the part
   * measure standardises each box's light, so it cannot see a darkening of a whole box: judge such a stage by its
   * sheet).
   * Changes no weights, so it may narrow a stage's region at export. */
  contentColour: boolean | 'mouth' | 'eyes' | 'boxes';
  /** Flow family, colour 'luma': the learned colour is painted on the photo before the warp, where the content is
   * (the line where the lips meet, which parting lips stretch into the mouth's opening), and moves with it; otherwise
   * it is painted on the warped photo, where the edit has moved the face. */
  colourBeforeWarp: boolean;
  /** Flow family told the change, a colour head: its colour is low-passed by a Gaussian of this σ in pixels (0 = not),
   * so it may darken a mouth's opening but cannot draw outlines or specks. No weights: it may be set at export. */
  colourBlur: number;
  /** Flow family, colour 'luma': the share of its limit by which the learned lightness may brighten (1 = as far as it
   * darkens; 0 = it only darkens: a mouth's opening, creases, shadows, never white specks or pale lips; between, a
   * leak that keeps its gradient alive). No weights: it may be set at export. */
  brightening: number;
  /** Flow family, colour 'luma': the bounded lightness low-passed along its rows by a Gaussian of this σ in pixels
   * (0 = not): teeth rows and lip lines stay, strokes painted between teeth spread. No weights: set at export too. */
  rowBlur: number;
  /** Flow family, colour 'luma': a small U-Net (warp-refiner.ts) reads the warped photo, the flow and the lightness
   * the colour head planned, all at full size, and corrects that lightness, so that content lands on the warped
   * face's own edges (the colour head decodes from the 1/4-size features of the photo before the warp); its
   * correction is held to 0 where nothing changes. Starts at zero: a stage with it begins as the stage without. */
  refiner: boolean;
  /** Flow family told the change: the learned part of the flow (not the prior) is low-passed by a Gaussian of this σ,
   * in cells of the 1/4-size flow (0 = not), so it cannot fold or facet the photo at the cells' scale. */
  flowBlur: number;
  /** Flow family, colour 'luma': where the lips part, the generator may place real photographed mouths (teeth, the
   * mouth's interior: exemplar-mouths.ts) instead of the stretched lip pixels the warp brings, blended by a mask it
   * learns per AU, one per exemplar, confined to the mouth, their light matched to the photo's. */
  mouthExemplars: boolean;
  /** Flow family told the change: where an edit changes the lower face, a real mouth (teeth, lips, interior) from
   * a bank of photographed donors is feathered in, chosen by the target's lower AUs and the photo's light
   * (mouth-donors.ts; nothing learned). Colour 'luma', 128 px. */
  mouthDonors: boolean;
  /** Image side in pixels (square). */
  imageSize: number;
  /** Number of action units. */
  cDim: number;
  /** Generator base width. */
  gConvDim: number;
  /** Generator residual blocks. */
  gRepeatNum: number;
  /** Critic base width. */
  dConvDim: number;
  /** Critic stride-2 layers. */
  dRepeatNum: number;
  /** Training only: the critic has a critic of its own for the mouth and for the eyes (part-critic.ts), which the loss
   * weighs by its `part` weight. The generator is the same either way. */
  partCritics: boolean;
  /** Training only, with partCritics: what the part critics read, the crop's pixels or the feature maps of face-api's
   * fixed recognition net over it (part-critic.ts: only small heads learn). */
  partFeatures: PartFeatures;
  /** Training only, with partFeatures 'recognition': the heads' learning-rate gain (part-critic.ts FeatureHead: their
   * layers' outputs multiplied by it and their initial weights divided by it, so Adam moves them this many times as
   * far; 1 = as the whole-face critic). Changes the meaning of the heads' saved weights, not their names. */
  partHeadGain: number;
  /** Training only: each stride-2 convolution of the critic sees its input blurred first (a 3 × 3 binomial, as
   * anti-aliased downsampling), so that its gradient does not print the stride's grid. No weights of its own: a
   * trained critic loads either way. */
  criticBlur: boolean;
  /** Training only: the critic's scoring path (its strided convolutions and the score head) is spectrally normalised
   * (nn/spectral-norm.ts), which keeps it Lipschitz without a gradient penalty; its AU head is not. Adds the power
   * iteration's vectors to the critic's state, so a critic trained without it does not load. */
  criticSpectralNorm: boolean;
}

/** The measured priors a flow generator told the change may start from. */
const PRIORS = ['motionPrior', 'shadingPrior'] as const;
/** Options of the flow family told the change that are not positive integers. */
const CHANGE_OPTIONS = [
  ...PRIORS,
  'contentColour',
  'flowBlur',
  'mouthExemplars',
  'mouthDonors',
  'shadingStrength',
  'motionStrength',
  'learnedEyeFlow',
  'landmarkFlow',
  'freeUpperLandmarks',
  'lidOpeningLimit',
  'motionInversion',
  'eyeAnchors',
  'holdEyeCorners',
  'freeBrowScale',
  'colourBeforeWarp',
  'colourBlur',
  'brightening',
  'rowBlur',
  'refiner',
] as const;
/** Options that are true or false whatever the family. */
const SWITCHES = ['partCritics', 'criticBlur', 'criticSpectralNorm'] as const;

export const PAPER_CONFIG: GANimationConfig = {
  generator: 'paint',
  colour: true,
  conditioning: 'target',
  motionPrior: false,
  shadingPrior: false,
  shadingStrength: 1,
  motionStrength: 1,
  learnedEyeFlow: 1,
  landmarkFlow: false,
  freeUpperLandmarks: false,
  lidOpeningLimit: -1,
  motionInversion: 0,
  eyeAnchors: false,
  holdEyeCorners: false,
  freeBrowScale: 1,
  contentColour: false,
  colourBeforeWarp: false,
  colourBlur: 0,
  brightening: 1,
  rowBlur: 0,
  refiner: false,
  flowBlur: 0,
  mouthExemplars: false,
  mouthDonors: false,
  imageSize: 128,
  cDim: 17,
  gConvDim: 64,
  gRepeatNum: 6,
  dConvDim: 64,
  dRepeatNum: 6,
  partCritics: false,
  partFeatures: 'pixels',
  partHeadGain: 1,
  criticBlur: false,
  criticSpectralNorm: false,
};

export function resolveConfig(partial: Partial<GANimationConfig> = {}): GANimationConfig {
  const known = new Set(Object.keys(PAPER_CONFIG));
  for (const k of Object.keys(partial))
    if (!known.has(k)) throw new InvalidOptionError(`unknown model option "${k}"; known: ${[...known].join(', ')}`);
  const c = { ...PAPER_CONFIG, ...partial };
  if (!GENERATOR_FAMILIES.includes(c.generator))
    throw new InvalidOptionError(
      `model option generator must be one of ${GENERATOR_FAMILIES.join(', ')}, got ${c.generator}`,
    );
  if (typeof c.colour !== 'boolean' && c.colour !== 'luma')
    throw new InvalidOptionError(`model option colour must be true, false or 'luma', got ${c.colour}`);
  if (c.colour === 'luma' && (c.generator !== 'flow' || c.conditioning !== 'change'))
    throw new InvalidOptionError("model option colour 'luma' needs generator 'flow' with conditioning 'change'");
  if (!CONDITIONINGS.includes(c.conditioning))
    throw new InvalidOptionError(
      `model option conditioning must be one of ${CONDITIONINGS.join(', ')}, got ${c.conditioning}`,
    );
  if (c.conditioning === 'change' && c.generator !== 'flow')
    throw new InvalidOptionError(
      "model option conditioning 'change' needs generator 'flow' (the paper's generator is told target AUs)",
    );
  if (c.conditioning === 'change' && c.imageSize % 16 !== 0)
    throw new InvalidOptionError(
      `conditioning 'change' reads the face's own AUs at 1/16 size: imageSize must be a multiple of 16, got ${c.imageSize}`,
    );
  for (const k of PRIORS) {
    if (typeof c[k] !== 'boolean') throw new InvalidOptionError(`model option ${k} must be true or false, got ${c[k]}`);
    if (c[k] && c.conditioning !== 'change')
      throw new InvalidOptionError(`model option ${k} needs generator 'flow' with conditioning 'change'`);
  }
  if (typeof c.shadingStrength !== 'number' || !(c.shadingStrength >= 0 && c.shadingStrength <= 2))
    throw new InvalidOptionError(`model option shadingStrength must be a number from 0 to 2, got ${c.shadingStrength}`);
  if (typeof c.motionStrength !== 'number' || !(c.motionStrength >= 0 && c.motionStrength <= 3))
    throw new InvalidOptionError(`model option motionStrength must be a number from 0 to 3, got ${c.motionStrength}`);
  if (c.motionStrength !== 1 && !c.motionPrior)
    throw new InvalidOptionError(
      'model option motionStrength needs motionPrior (it scales the prior; set motionPrior true)',
    );
  if (typeof c.learnedEyeFlow !== 'number' || !(c.learnedEyeFlow >= 0 && c.learnedEyeFlow <= 1))
    throw new InvalidOptionError(`model option learnedEyeFlow must be a number from 0 to 1, got ${c.learnedEyeFlow}`);
  if (c.learnedEyeFlow < 1 && !c.motionPrior)
    throw new InvalidOptionError('model option learnedEyeFlow needs motionPrior (it scales what the flow adds to it)');
  if (typeof c.landmarkFlow !== 'boolean' && c.landmarkFlow !== 'prior' && c.landmarkFlow !== 'modes')
    throw new InvalidOptionError(
      `model option landmarkFlow must be true, false, 'prior' or 'modes', got ${c.landmarkFlow}`,
    );
  if (c.landmarkFlow && !c.motionPrior)
    throw new InvalidOptionError(
      'model option landmarkFlow needs motionPrior (its landmarks move by the same spline as the prior; set motionPrior true)',
    );
  if (typeof c.freeUpperLandmarks !== 'boolean' && c.freeUpperLandmarks !== 'lower-lids')
    throw new InvalidOptionError(
      `model option freeUpperLandmarks must be true, false or 'lower-lids', got ${c.freeUpperLandmarks}`,
    );
  if (c.freeUpperLandmarks && c.landmarkFlow !== 'prior' && c.landmarkFlow !== 'modes')
    throw new InvalidOptionError(
      "model option freeUpperLandmarks frees landmarks beside a mix of measured motions: set landmarkFlow 'prior' or 'modes'",
    );
  if (typeof c.holdEyeCorners !== 'boolean')
    throw new InvalidOptionError(`model option holdEyeCorners must be true or false, got ${c.holdEyeCorners}`);
  if (c.holdEyeCorners && !c.freeUpperLandmarks)
    throw new InvalidOptionError('model option holdEyeCorners holds freed landmarks: set freeUpperLandmarks with it');
  if (typeof c.freeBrowScale !== 'number' || !(c.freeBrowScale >= 0 && c.freeBrowScale <= 1))
    throw new InvalidOptionError(`model option freeBrowScale must be a number from 0 to 1, got ${c.freeBrowScale}`);
  if (c.freeBrowScale !== 1 && !c.freeUpperLandmarks)
    throw new InvalidOptionError('model option freeBrowScale scales freed brows: set freeUpperLandmarks with it');
  if (typeof c.lidOpeningLimit !== 'number' || Number.isNaN(c.lidOpeningLimit))
    throw new InvalidOptionError(`model option lidOpeningLimit must be a number of pixels, got ${c.lidOpeningLimit}`);
  if (c.lidOpeningLimit >= 0 && !c.landmarkFlow)
    throw new InvalidOptionError('model option lidOpeningLimit holds back landmark motion: set landmarkFlow with it');
  if (c.lidOpeningLimit >= 0 && c.learnedEyeFlow < 1)
    throw new InvalidOptionError(
      'model option lidOpeningLimit holds the lids back by the learned flow, which learnedEyeFlow scales down about the eyes: set learnedEyeFlow 1 with it',
    );
  for (const k of ['colourBlur', 'rowBlur'] as const)
    if (!Number.isInteger(c[k]) || c[k] < 0)
      throw new InvalidOptionError(`model option ${k} must be a non-negative integer (σ in pixels), got ${c[k]}`);
  if (c.colourBlur > 0 && (c.conditioning !== 'change' || !c.colour))
    throw new InvalidOptionError("model option colourBlur needs a colour head told the change (conditioning 'change')");
  if (!(c.brightening >= 0 && c.brightening <= 1))
    throw new InvalidOptionError(
      `model option brightening is a share of the lightness limit, from 0 (darken only) to 1, got ${c.brightening}`,
    );
  if (c.brightening < 1 && c.colour !== 'luma')
    throw new InvalidOptionError("model option brightening bounds colour 'luma': set colour 'luma' with it");
  if (c.rowBlur > 0 && c.colour !== 'luma')
    throw new InvalidOptionError("model option rowBlur low-passes colour 'luma': set colour 'luma' with it");
  if (typeof c.refiner !== 'boolean')
    throw new InvalidOptionError(`model option refiner must be true or false, got ${c.refiner}`);
  if (c.refiner && (c.colour !== 'luma' || c.colourBeforeWarp))
    throw new InvalidOptionError(
      "model option refiner corrects the lightness painted on the warped photo: set colour 'luma' and colourBeforeWarp false",
    );
  if (typeof c.colourBeforeWarp !== 'boolean')
    throw new InvalidOptionError(`model option colourBeforeWarp must be true or false, got ${c.colourBeforeWarp}`);
  if (c.colourBeforeWarp && c.colour !== 'luma')
    throw new InvalidOptionError(
      "model option colourBeforeWarp needs colour 'luma' (with generator 'flow', conditioning 'change')",
    );
  if (!Number.isInteger(c.motionInversion) || c.motionInversion < 0 || c.motionInversion > 8)
    throw new InvalidOptionError(
      `model option motionInversion must be a whole number of steps from 0 to 8, got ${c.motionInversion}`,
    );
  if (c.motionInversion > 0 && !c.motionPrior)
    throw new InvalidOptionError(
      'model option motionInversion inverts the motion of the prior and its landmarks: set motionPrior true with it',
    );
  if (typeof c.eyeAnchors !== 'boolean')
    throw new InvalidOptionError(`model option eyeAnchors must be true or false, got ${c.eyeAnchors}`);
  if (c.eyeAnchors && !c.motionPrior)
    throw new InvalidOptionError(
      "model option eyeAnchors shapes the motion prior's spread: set motionPrior true with it",
    );
  if (c.landmarkFlow && c.flowBlur > 0)
    throw new InvalidOptionError('model option landmarkFlow is smooth by itself: set flowBlur 0 with it');
  if (
    typeof c.contentColour !== 'boolean' &&
    c.contentColour !== 'mouth' &&
    c.contentColour !== 'eyes' &&
    c.contentColour !== 'boxes'
  )
    throw new InvalidOptionError(
      `model option contentColour must be true, false, 'mouth', 'eyes' or 'boxes', got ${c.contentColour}`,
    );
  if (c.contentColour && c.colour !== 'luma')
    throw new InvalidOptionError(
      "model option contentColour needs colour 'luma' (with generator 'flow', conditioning 'change')",
    );
  if (!Number.isInteger(c.flowBlur) || c.flowBlur < 0)
    throw new InvalidOptionError(
      `model option flowBlur must be a non-negative integer (σ in flow cells), got ${c.flowBlur}`,
    );
  if (c.flowBlur > 0 && c.conditioning !== 'change')
    throw new InvalidOptionError("model option flowBlur needs generator 'flow' with conditioning 'change'");
  if (!PART_FEATURES.includes(c.partFeatures))
    throw new InvalidOptionError(
      `model option partFeatures must be ${PART_FEATURES.map((f) => `'${f}'`).join(' or ')}, got ${c.partFeatures}`,
    );
  if (typeof c.partHeadGain !== 'number' || !(c.partHeadGain >= 1 && c.partHeadGain <= 100))
    throw new InvalidOptionError(`model option partHeadGain must be a number from 1 to 100, got ${c.partHeadGain}`);
  if (c.partHeadGain !== 1 && c.partFeatures !== 'recognition')
    throw new InvalidOptionError(
      "model option partHeadGain speeds up the heads of partFeatures 'recognition': set partFeatures 'recognition' with it, or leave the gain at 1",
    );
  if (c.partFeatures !== 'pixels' && !c.partCritics)
    throw new InvalidOptionError('model option partFeatures is what part critics read: set partCritics true with it');
  if (typeof c.mouthExemplars !== 'boolean')
    throw new InvalidOptionError(`model option mouthExemplars must be true or false, got ${c.mouthExemplars}`);
  if (c.mouthExemplars && c.colour !== 'luma')
    throw new InvalidOptionError(
      "model option mouthExemplars needs colour 'luma' (with generator 'flow', conditioning 'change')",
    );
  if (typeof c.mouthDonors !== 'boolean')
    throw new InvalidOptionError(`model option mouthDonors must be true or false, got ${c.mouthDonors}`);
  if (c.mouthDonors && (c.colour !== 'luma' || c.imageSize !== 128))
    throw new InvalidOptionError(
      "model option mouthDonors needs colour 'luma' (with generator 'flow', conditioning 'change') at imageSize 128",
    );
  for (const k of SWITCHES)
    if (typeof c[k] !== 'boolean') throw new InvalidOptionError(`model option ${k} must be true or false, got ${c[k]}`);
  if (c.criticBlur && c.criticSpectralNorm)
    throw new InvalidOptionError('model options criticBlur and criticSpectralNorm are exclusive: choose one of them');
  for (const [k, v] of Object.entries(c)) {
    if (
      (SWITCHES as readonly string[]).includes(k) ||
      k === 'generator' ||
      k === 'colour' ||
      k === 'conditioning' ||
      k === 'partFeatures' ||
      k === 'partHeadGain' ||
      (CHANGE_OPTIONS as readonly string[]).includes(k)
    )
      continue;
    if (!Number.isInteger(v) || (v as number) < 1)
      throw new InvalidOptionError(`model option ${k} must be a positive integer, got ${v}`);
  }
  if (c.imageSize % 4 !== 0)
    throw new InvalidOptionError(
      `imageSize must be a multiple of 4 (the generator downsamples twice), got ${c.imageSize}`,
    );
  if (c.imageSize % 2 ** c.dRepeatNum !== 0) {
    throw new InvalidOptionError(
      `imageSize ${c.imageSize} must be divisible by 2^dRepeatNum = ${2 ** c.dRepeatNum} (the critic halves it dRepeatNum times)`,
    );
  }
  return c;
}
