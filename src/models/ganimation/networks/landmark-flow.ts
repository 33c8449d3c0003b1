// The flow generator's learned flow as landmark motion (config landmarkFlow): a small head reads, per AU, how the
// template's 68 landmarks move (true: freely; 'prior': as a mix of the 17 motions measured on faces128; 'modes': that
// mix plus one of the principal motions faces make within a person, measured on the driving videos), and the motion
// prior's own thin-plate spline spreads that motion over the face. Lips, lids and brows move as the curves they are;
// nothing can wave or stretch between the landmarks. Config freeUpperLandmarks lets the brows and eyes also move
// freely, and lidOpeningLimit holds back the lids that would open an eye too far.
import { Conv2d, LeakyReLU, Sequential, type Layer } from '../../../nn/index.js';
import { TEMPLATE_SIZE } from '../../../face/template.js';
import type { GANimationConfig } from './config.js';
import { add, cat, constant, mul, relu, reshape, sub, sum, type Tensor } from '../../../torch/index.js';
import { auLandmarkMotions, landmarkSplineBasis } from './au-motion-prior.js';
import { LANDMARK_MODES } from './landmark-modes-data.js';

const LANDMARKS = 68;
/** The landmarks config freeUpperLandmarks lets move freely: true, the brows' (17–26) and eyes' (36–47); 'lower-lids',
 * the brows', the eyes' corners and the lower lids' (the upper lids, freed, arched into horns in surprise and fear). */
const BROWS = [17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
const BROWS_AND_EYES = [...BROWS, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47];
const BROWS_AND_LOWER_LIDS = [...BROWS, 36, 39, 40, 41, 42, 45, 46, 47];
/** The eyes' corners, which config holdEyeCorners keeps out of the free motion. */
const EYE_CORNERS = [36, 39, 42, 45];
/** Each eye's upper-lid landmarks and the lower-lid landmark below each (config lidOpeningLimit). */
const LIDS = [
  [37, 41],
  [38, 40],
  [43, 47],
  [44, 46],
] as const;
/** The features the head reads the motions from. */
const FEATURES = 64;

export class LandmarkFlow {
  /** The head: encoder features [B, d, S/4, S/4] → per AU the landmarks' (x, y) motion in pixels per unit of
   * normalised change [B, cDim · 136, 1, 1] ('prior': per AU the weights of the measured motions, [B, cDim · cDim]). */
  readonly head: Sequential;
  /** Each landmark's unit motion spread by the spline [68, side · side]. */
  private readonly basis: Float32Array;
  /** 'prior': the measured motions [cDim, 2 · 68] (x then y), pixels per unit of normalised change; 'modes': then
   * the video modes, [cDim + modes, 2 · 68]. */
  private readonly measured?: Float32Array;
  /** 'modes': per AU the weights of the video modes [B, cDim · modes], read from the same features as the head's. */
  readonly modes?: Conv2d;
  /** freeUpper: per AU the free motion of the freed landmarks [B, cDim · 2 · freed] (x then y), pixels. */
  readonly free?: Conv2d;
  /** freeUpper: the freed landmarks, and where each free coordinate goes among the 136 (x of the 68, then y)
   * [2 · freed, 136] (holdEyeCorners: nowhere, for the corners'; the brows' scaled by freeBrowScale). */
  private readonly freed?: { landmarks: number[]; place: Float32Array };
  /** lidOpeningLimit: the limit in pixels of the crop, the prior's strength and landmark motions [cDim, 136] (the
   * prior's motion counts towards the limit), the eyes' openings from the 136 coordinates [136, 4], and the upper
   * lids' hold-back [4, 136]. */
  private readonly limit?: {
    pixels: number;
    strength: number;
    aus: Float32Array;
    opening: Float32Array;
    holdBack: Float32Array;
  };

  /** `zero` empties a convolution's weights (the head starts at nothing: the prior alone). */
  constructor(
    private readonly cDim: number,
    width: number,
    config: Pick<
      GANimationConfig,
      | 'imageSize'
      | 'landmarkFlow'
      | 'freeUpperLandmarks'
      | 'lidOpeningLimit'
      | 'motionStrength'
      | 'eyeAnchors'
      | 'holdEyeCorners'
      | 'freeBrowScale'
    >,
    zero: (c: Conv2d) => Conv2d,
  ) {
    const { imageSize, landmarkFlow: kind, freeUpperLandmarks: freeUpper } = config;
    if (!kind) throw new Error('LandmarkFlow: config.landmarkFlow is false');
    const aus = auLandmarkMotions(imageSize);
    if (config.lidOpeningLimit >= 0) {
      // opening = lower lid's y motion − upper lid's (> 0: wider); the hold-back moves the upper lid down by it
      const opening = new Float32Array(2 * LANDMARKS * LIDS.length);
      const holdBack = new Float32Array(LIDS.length * 2 * LANDMARKS);
      LIDS.forEach(([upper, lower], k) => {
        opening[(LANDMARKS + lower) * LIDS.length + k] = 1;
        opening[(LANDMARKS + upper) * LIDS.length + k] = -1;
        holdBack[k * 2 * LANDMARKS + LANDMARKS + upper] = 1;
      });
      const pixels = (config.lidOpeningLimit * imageSize) / TEMPLATE_SIZE;
      this.limit = { pixels, strength: config.motionStrength, aus, opening, holdBack };
    }
    // two stride-2 steps to 1/16 size, one kernel over the whole map, then the motions
    const read: Layer[] = [
      new Conv2d(width, width, 4, { stride: 2, padding: 1 }),
      new LeakyReLU(0.01),
      new Conv2d(width, width, 4, { stride: 2, padding: 1 }),
      new LeakyReLU(0.01),
      new Conv2d(width, FEATURES, imageSize / 16),
      new LeakyReLU(0.01),
    ];
    const mixed = kind !== true;
    this.head = new Sequential(...read, zero(new Conv2d(FEATURES, cDim * (mixed ? cDim : 2 * LANDMARKS), 1)));
    this.basis = landmarkSplineBasis(imageSize / 4, imageSize, config.eyeAnchors);
    if (!mixed) return;
    if (freeUpper) {
      const landmarks = freeUpper === 'lower-lids' ? BROWS_AND_LOWER_LIDS : BROWS_AND_EYES;
      this.free = zero(new Conv2d(FEATURES, cDim * 2 * landmarks.length, 1));
      const place = new Float32Array(2 * landmarks.length * 2 * LANDMARKS);
      landmarks.forEach((l, i) => {
        if (config.holdEyeCorners && EYE_CORNERS.includes(l)) return;
        const gain = BROWS.includes(l) ? config.freeBrowScale : 1;
        place[i * 2 * LANDMARKS + l] = gain;
        place[(landmarks.length + i) * 2 * LANDMARKS + LANDMARKS + l] = gain;
      });
      this.freed = { landmarks, place };
    }
    if (kind === 'prior') {
      this.measured = aus;
      return;
    }
    this.modes = zero(new Conv2d(FEATURES, cDim * LANDMARK_MODES.length, 1));
    this.measured = new Float32Array(aus.length + LANDMARK_MODES.length * 2 * LANDMARKS);
    this.measured.set(aus);
    const k = imageSize / TEMPLATE_SIZE;
    LANDMARK_MODES.forEach((mode, m) =>
      mode.forEach(([x, y], i) => {
        this.measured![aus.length + m * 2 * LANDMARKS + i] = x * k;
        this.measured![aus.length + m * 2 * LANDMARKS + LANDMARKS + i] = y * k;
      }),
    );
  }

  /** The heads as the generator names its children: the motions or mixes, then the modes' and the free motions'. */
  heads(): [string, Layer][] {
    const out: [string, Layer][] = [['landmark_reg', this.head]];
    if (this.modes) out.push(['landmark_modes', this.modes]);
    if (this.free) out.push(['landmark_free', this.free]);
    return out;
  }

  /** Σ_k change_k · (landmark motion)_k spread by the spline: [B, 2, side, side] sampling offsets (normalised).
   * `change` [B, cDim, …] (trailing ones). */
  field(feat: Tensor, change: Tensor, side: number): Tensor {
    const { cDim } = this;
    const b = feat.shape[0]!;
    const layers = this.head.layers;
    let read = feat;
    for (const l of layers.slice(0, -1)) read = l.forward(read);
    let out = layers.at(-1)!.forward(read);
    // 'modes': per AU the weights of the measured motions, then of the video modes
    const n = cDim + (this.modes ? LANDMARK_MODES.length : 0);
    if (this.modes)
      out = cat([reshape(out, [b, cDim, cDim]), reshape(this.modes.forward(read), [b, cDim, n - cDim])], 2);
    const weights = reshape(change, [b, cDim, 1]);
    let motion: Tensor;
    if (this.measured) {
      // Σ_k change_k Σ_j w_kj · measured_j: the change's mix of the measured motions first
      const mix = sum(mul(reshape(out, [b, cDim, n]), weights), 1);
      const measured = constant(this.measured, [1, n, 2 * LANDMARKS], feat.device);
      motion = sum(mul(reshape(mix, [b, n, 1]), measured), 1);
    } else motion = sum(mul(reshape(out, [b, cDim, 2 * LANDMARKS]), weights), 1);
    if (this.free) {
      // the change's free motion of the brows and eyes, placed among the 136 coordinates
      const n = 2 * this.freed!.landmarks.length;
      const free = sum(mul(reshape(this.free.forward(read), [b, cDim, n]), weights), 1);
      const place = constant(this.freed!.place, [1, n, 2 * LANDMARKS], feat.device);
      motion = add(motion, sum(mul(reshape(free, [b, n, 1]), place), 1));
    }
    if (this.limit) {
      const lids = LIDS.length;
      const { pixels, strength, aus, opening, holdBack } = this.limit;
      // the prior's landmark motion for this change (its field is the same spline's) counts towards the limit
      const prior = sum(mul(constant(aus, [1, cDim, 2 * LANDMARKS], feat.device), weights), 1);
      const total = add(motion, mul(prior, strength));
      const along = constant(opening, [1, 2 * LANDMARKS, lids], feat.device);
      const excess = relu(sub(sum(mul(reshape(total, [b, 2 * LANDMARKS, 1]), along), 1), pixels));
      const back = mul(reshape(excess, [b, lids, 1]), constant(holdBack, [1, lids, 2 * LANDMARKS], feat.device));
      motion = add(motion, sum(back, 1));
    }
    const basis = constant(this.basis, [1, 1, LANDMARKS, side * side], feat.device);
    return reshape(sum(mul(reshape(motion, [b, 2, LANDMARKS, 1]), basis), 2), [b, 2, side, side]);
  }
}
