// The flow generator's learned flow as landmark motion (config landmarkFlow): a small head reads, per AU, how the
// template's 68 landmarks move (true: freely; 'prior': as a mix of the 17 motions measured on faces128), and the
// motion prior's own thin-plate spline spreads that motion over the face. Lips, lids and brows move as the curves they
// are; nothing can wave or stretch between the landmarks.
import { Conv2d, LeakyReLU, Sequential, type Layer } from '../../../nn/index.js';
import { constant, mul, reshape, sum, type Tensor } from '../../../torch/index.js';
import { auLandmarkMotions, landmarkSplineBasis } from './au-motion-prior.js';

const LANDMARKS = 68;
/** The features the head reads the motions from. */
const FEATURES = 64;

export class LandmarkFlow {
  /** The head: encoder features [B, d, S/4, S/4] → per AU the landmarks' (x, y) motion in pixels per unit of
   * normalised change [B, cDim · 136, 1, 1] ('prior': per AU the weights of the measured motions, [B, cDim · cDim]). */
  readonly head: Sequential;
  /** Each landmark's unit motion spread by the spline [68, side · side]. */
  private readonly basis: Float32Array;
  /** 'prior': the measured motions [cDim, 2 · 68] (x then y), pixels per unit of normalised change. */
  private readonly measured?: Float32Array;

  /** `zero` empties a convolution's weights (the head starts at nothing: the prior alone). */
  constructor(
    private readonly cDim: number,
    width: number,
    imageSize: number,
    kind: true | 'prior',
    zero: (c: Conv2d) => Conv2d,
  ) {
    // two stride-2 steps to 1/16 size, one kernel over the whole map, then the motions
    const read: Layer[] = [
      new Conv2d(width, width, 4, { stride: 2, padding: 1 }),
      new LeakyReLU(0.01),
      new Conv2d(width, width, 4, { stride: 2, padding: 1 }),
      new LeakyReLU(0.01),
      new Conv2d(width, FEATURES, imageSize / 16),
      new LeakyReLU(0.01),
    ];
    const mixed = kind === 'prior';
    this.head = new Sequential(...read, zero(new Conv2d(FEATURES, cDim * (mixed ? cDim : 2 * LANDMARKS), 1)));
    this.basis = landmarkSplineBasis(imageSize / 4, imageSize);
    if (mixed) this.measured = auLandmarkMotions(imageSize);
  }

  /** Σ_k change_k · (landmark motion)_k spread by the spline: [B, 2, side, side] sampling offsets (normalised).
   * `change` [B, cDim, …] (trailing ones). */
  field(feat: Tensor, change: Tensor, side: number): Tensor {
    const { cDim } = this;
    const b = feat.shape[0]!;
    const out = this.head.forward(feat);
    const weights = reshape(change, [b, cDim, 1]);
    let motion: Tensor;
    if (this.measured) {
      // Σ_k change_k Σ_j w_kj · measured_j: the change's mix of the measured motions first
      const mix = sum(mul(reshape(out, [b, cDim, cDim]), weights), 1);
      const measured = constant(this.measured, [1, cDim, 2 * LANDMARKS], feat.device);
      motion = sum(mul(reshape(mix, [b, cDim, 1]), measured), 1);
    } else motion = sum(mul(reshape(out, [b, cDim, 2 * LANDMARKS]), weights), 1);
    const basis = constant(this.basis, [1, 1, LANDMARKS, side * side], feat.device);
    return reshape(sum(mul(reshape(motion, [b, 2, LANDMARKS, 1]), basis), 2), [b, 2, side, side]);
  }
}
