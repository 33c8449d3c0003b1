// ganimate's generator family that moves the photo's own pixels instead of repainting them: from the paper's encoder
// and residual blocks it predicts a coarse flow (at 1/4 size, upsampled bilinearly, so it is smooth and prints no
// grid), and through a resize-convolution decoder an attention mask and a colour residual. Output = warp(I, flow) + (1
// − A)·2·tanh(r): colour enters only where new content must appear (teeth, mouth interior, wrinkles). The flow and
// colour heads start at zero, so an untrained generator returns its input unchanged.
// Conditioning 'change': the encoder sees the image alone; a small head reads the face's own AUs (trained on the
// dataset's labels) and the flow head predicts one displacement field per AU, so the flow is Σ_k change_k·field_k, the
// change target − own beyond a small dead zone. An edit towards the face's own AUs moves nothing (the photo comes
// back), and an animation moves pixels in proportion. Its colour head, likewise, gives one colour field per AU, added
// in proportion to the change (no attention mask; the mask term keeps the colour small and sparse); colour 'luma' gives
// one lightness field per AU, bounded by tanh and added to R, G and B alike, so it cannot change the skin's hue.
// Measured priors (config motionPrior, shadingPrior) start the per-AU flow and the warped photo's shading where
// faces128's faces go; the learned heads add their difference, which config flowBlur low-passes (flow) and
// contentColour confines to the eyes and mouth (colour). Config landmarkFlow makes the learned flow a motion of the 68
// landmarks per AU (free, or a mix of the measured motions), spread by the prior's own spline; motionInversion turns
// that field of motions into the backward flow the warp reads.
import {
  Conv2d,
  InstanceNorm2d,
  LeakyReLU,
  Module,
  ReLU,
  ResidualBlock,
  Sequential,
  Sigmoid,
  Upsample2x,
  type Layer,
} from '../../../nn/index.js';
import {
  abs,
  add,
  cat,
  clamp,
  constant,
  detach,
  exp,
  expand,
  fill_,
  interpolate,
  mul,
  neg,
  noGrad,
  relu,
  reshape,
  sub,
  sum,
  tanh,
  type Tensor,
} from '../../../torch/index.js';
import { warp } from '../../../nn/warp.js';
import { invertMotion } from '../../../nn/invert-motion.js';
import { auMotionPrior } from './au-motion-prior.js';
import { LandmarkFlow } from './landmark-flow.js';
import { contentRegion, eyeSurroundings } from '../../../face/content-region.js';
import { auShadingPrior } from './au-shading-prior.js';
import { type ExemplarMouths, exemplarMouths, placeExemplarMouths } from './exemplar-mouths.js';
import { DonorMouths } from './mouth-donors.js';
import { WarpRefiner } from './warp-refiner.js';
import { type GANimationConfig, resolveConfig } from './config.js';
import type { Edit } from './edit.js';
import { blurChannels, blurRows, type GaussianKernel, gaussianKernel } from './gaussian-blur.js';

/** The flow head's output is divided by this (GeoGAN's ÷10): its steps are gentle in normalised units. */
const FLOW_SCALE = 0.1;

/** Conditioning 'change': changes of an AU up to this (normalised; 0.5 raw of 5) are not acted on, changes from
 * twice it on fully, and those between by a ramp (a firm threshold: continuous, and unbiased beyond 2ε). The
 * own-AU reading errs by about 0.35 raw on average (measured on test faces), and OpenFace's labels by as much:
 * an edit towards labels a face already shows must not move it. */
export const CHANGE_DEAD_ZONE = 0.1;

/** Colour 'luma': the most lightness it may add or remove, on [−1, 1] (a quarter of the range: teeth, shading,
 * wrinkles; not a new colour). */
const LUMA_LIMIT = 0.5;

export interface FlowOutput {
  /** Sampling offsets [B, 2, H, W] (x, y), normalised coordinates (−1 … 1 across the image). */
  flow: Tensor;
  /** The input warped by the flow (config.shadingPrior: and its light multiplied by the prior's shading). */
  warped: Tensor;
  /** 1 keeps the warped pixel; 0 lets the colour residual in (all 1 when told the change: its colour is added where
   * it changes). */
  attention: Tensor;
  /** Colour residual in [−2, 2]. */
  residual: Tensor;
  /** warped + (1 − A)·residual, clamped to [−1, 1]; the warped input alone without a colour head. */
  fake: Tensor;
  /** Conditioning 'change': the face's own AUs as the generator reads them [B, cDim], normalised (not clamped;
   * trainable). */
  ownAus?: Tensor;
  /** config.motionPrior: what the learned head adds to the prior's flow, at 1/4 size (normalised coordinates). */
  learnedFlow?: Tensor;
  /** config.mouthExemplars: how much of each pixel the exemplar mouths make [B, 1, H, W] in [0, 1]. */
  mouthAlpha?: Tensor;
  /** config.mouthDonors: how much of each pixel the donor mouth makes [B, 1, H, W] in [0, 1]. */
  donorAlpha?: Tensor;
}

function zeroWeights(conv: Conv2d): Conv2d {
  noGrad(() => {
    for (const [, p] of conv.namedParameters()) fill_(p, 0);
  });
  return conv;
}

export class FlowGenerator extends Module {
  readonly config: GANimationConfig;
  /** The paper generator's encoder and residual blocks, under the same names (so its weights can seed them). */
  readonly main: Sequential;
  /** The free learned flow: per AU, a field of offsets per coarse cell (none with config.landmarkFlow). */
  readonly flowReg?: Conv2d;
  /** config.landmarkFlow: the learned flow as the 68 landmarks' motion per AU (landmark-flow.ts). */
  private readonly landmarks?: LandmarkFlow;
  /** Conditioning 'change': reads the face's own AUs from the encoder's features. */
  readonly ownReg?: Sequential;
  readonly up?: Sequential;
  readonly imgReg?: Conv2d;
  readonly attentionReg?: Sequential;
  /** config.mouthExemplars: per exemplar and AU, a field of how much of the exemplar to show per unit of change. */
  readonly mouthReg?: Conv2d;
  /** Scales the colour residual: training ramps it from 0 so the flow learns the expression before colour can
   * (trainFlowFirst); 1 when trained. */
  residualGain = 1;
  /** Training with colour learned from paired frames only: while true, the colour head's fields are held fixed (no
   * gradient reaches the head or the layers before it through the colour), so the unpaired terms (critic, AUs, cycle)
   * move the warp alone. The paired loss edits with it false. */
  holdColour = false;
  /** Conditioning 'change': the dead zone of the change (normalised); training sets its deadZone option (default
   * CHANGE_DEAD_ZONE), an export another (`ganimate export --dead-zone`): an edit then acts on smaller changes. */
  deadZone = CHANGE_DEAD_ZONE;
  /** config.motionPrior: the prior fields [1, 2·cDim, H/4, W/4] in the flow head's units (before FLOW_SCALE). */
  private readonly prior?: Float32Array;
  /** config.shadingPrior: log-lightness fields [1, cDim, 1, H, W] per unit of normalised change. */
  private readonly shading?: Float32Array;
  /** config.colourBlur: a normalised Gaussian [k, k] and its side, applied to the colour before it is bounded. */
  private readonly colourBlur?: GaussianKernel;
  /** config.flowBlur: a normalised Gaussian [k, k] and its side, applied to each learned flow field. */
  private readonly blur?: GaussianKernel;
  /** config.learnedEyeFlow < 1: the learned flow's scale per coarse cell [1, 1, H/4, W/4]. */
  private readonly learnedScale?: Float32Array;
  /** config.contentColour: where the learned colour may act [1, 1, H, W] (contentRegion). */
  private readonly colourRegion?: Float32Array;
  /** config.mouthExemplars: the exemplars, and the mouth region [1, 1, H, W] they may show in. */
  private readonly mouths?: ExemplarMouths & { region: Float32Array };
  /** config.mouthDonors: the donor mouths (constants, no weights). */
  private readonly donors?: DonorMouths;
  /** config.refiner: corrects the planned lightness from the warped photo (warp-refiner.ts). */
  readonly refiner?: WarpRefiner;

  constructor(config: Partial<GANimationConfig> = {}) {
    super();
    this.config = resolveConfig({ ...config, generator: 'flow' });
    const { cDim, gConvDim: w, gRepeatNum } = this.config;
    const change = this.config.conditioning === 'change';
    const layers: Layer[] = [
      new Conv2d(change ? 3 : 3 + cDim, w, 7, { padding: 3, bias: false }),
      new InstanceNorm2d(w),
      new ReLU(),
    ];
    let d = w;
    for (let i = 0; i < 2; i++, d *= 2)
      layers.push(
        new Conv2d(d, d * 2, 4, { stride: 2, padding: 1, bias: false }),
        new InstanceNorm2d(d * 2),
        new ReLU(),
      );
    for (let i = 0; i < gRepeatNum; i++) layers.push(new ResidualBlock(d));
    this.main = this.child('main', new Sequential(...layers));
    if (this.config.landmarkFlow) {
      this.landmarks = new LandmarkFlow(cDim, d, this.config, zeroWeights);
      for (const [name, head] of this.landmarks.heads()) this.child(name, head);
    } else
      // 'change': one (x, y) field per AU
      this.flowReg = this.child(
        'flow_reg',
        zeroWeights(new Conv2d(d, change ? 2 * cDim : 2, 3, { padding: 1, bias: false })),
      );
    if (this.config.motionPrior) {
      const { imageSize, eyeAnchors, motionStrength } = this.config;
      this.prior = auMotionPrior(imageSize / 4, imageSize, eyeAnchors).map((v) => (v * motionStrength) / FLOW_SCALE);
    }
    if (this.config.shadingPrior) {
      const k = this.config.shadingStrength;
      this.shading = auShadingPrior(this.config.imageSize).map((v) => v * k);
    }
    if (this.config.flowBlur > 0) this.blur = gaussianKernel(this.config.flowBlur);
    if (this.config.colourBlur > 0) this.colourBlur = gaussianKernel(this.config.colourBlur);
    if (this.config.learnedEyeFlow < 1) {
      const k = this.config.learnedEyeFlow;
      this.learnedScale = eyeSurroundings(this.config.imageSize / 4).map((e) => 1 - (1 - k) * e);
    }
    if (this.config.contentColour)
      this.colourRegion = contentRegion(
        this.config.imageSize,
        this.config.contentColour === true ? 'eyes and mouth' : this.config.contentColour,
      );
    if (change) {
      // two stride-2 steps to 1/16 size, then one kernel over the whole map (as the critic's AU head)
      const own: Layer[] = [
        new Conv2d(d, d, 4, { stride: 2, padding: 1 }),
        new LeakyReLU(0.01),
        new Conv2d(d, d, 4, { stride: 2, padding: 1 }),
        new LeakyReLU(0.01),
      ];
      this.ownReg = this.child('own_reg', new Sequential(...own, new Conv2d(d, cDim, this.config.imageSize / 16)));
    }
    if (!this.config.colour) return;
    const up: Layer[] = [];
    for (let i = 0; i < 2; i++, d /= 2)
      up.push(
        new Upsample2x('nearest'),
        new Conv2d(d, d / 2, 3, { padding: 1, bias: false }),
        new InstanceNorm2d(d / 2),
        new ReLU(),
      );
    this.up = this.child('up', new Sequential(...up));
    if (change) {
      // 'change': one colour field per AU, added in proportion to the change (nothing for the face's own AUs)
      const channels = this.config.colour === 'luma' ? 1 : 3;
      this.imgReg = this.child('img_reg', zeroWeights(new Conv2d(d, channels * cDim, 3, { padding: 1, bias: false })));
      if (this.config.mouthDonors) this.donors = new DonorMouths(this.config.imageSize, cDim);
      if (this.config.refiner) this.refiner = this.child('refiner', new WarpRefiner());
      if (this.config.mouthExemplars) {
        const mouths = exemplarMouths(this.config.imageSize);
        this.mouths = { ...mouths, region: contentRegion(this.config.imageSize, 'mouth') };
        // zero: no exemplar shows until training finds where one belongs
        this.mouthReg = this.child(
          'mouth_reg',
          zeroWeights(new Conv2d(d, mouths.count * cDim, 3, { padding: 1, bias: false })),
        );
      }
      return;
    }
    this.imgReg = this.child('img_reg', zeroWeights(new Conv2d(d, 3, 7, { padding: 3, bias: false })));
    // the paper generator's spelling, so that tools reading either family find the attention head
    this.attentionReg = this.child(
      'attetion_reg',
      new Sequential(new Conv2d(d, 1, 7, { padding: 3, bias: false }), new Sigmoid()),
    );
  }

  /** The flow at 1/4 size and, conditioning 'change', the own AUs it was measured from. */
  private coarseFlow(
    image: Tensor,
    aus: Tensor,
    own?: Tensor,
  ): { coarse: Tensor; feat: Tensor; ownAus?: Tensor; change?: Tensor; learned?: Tensor } {
    const [b, , h, w] = image.shape as [number, number, number, number];
    const { cDim } = this.config;
    if (!this.ownReg) {
      const tiled = expand(reshape(aus, [b, cDim, 1, 1]), [b, cDim, h, w]);
      const feat = this.main.forward(cat([image, tiled], 1));
      return { coarse: mul(this.flowReg!.forward(feat), FLOW_SCALE), feat };
    }
    const feat = this.main.forward(image);
    const ownAus = reshape(this.ownReg.forward(feat), [b, cDim]);
    // the flow learns from the change alone (from the labels, when training gives them); the own-AU head learns
    // from the labels (the loss's ownAus term)
    const d = sub(aus, own ?? detach(clamp(ownAus, 0, 1)));
    const change = reshape(firmThreshold(d, this.deadZone), [b, cDim, 1, 1, 1]);
    if (this.landmarks) {
      let learned = this.landmarks.field(feat, change, h / 4);
      if (this.learnedScale) learned = mul(learned, constant(this.learnedScale, [1, 1, h / 4, w / 4], image.device));
      const prior = sum(mul(constant(this.prior!, [1, cDim, 2, h / 4, w / 4], image.device), change), 1);
      return { coarse: add(mul(prior, FLOW_SCALE), learned), feat, ownAus, change, learned };
    }
    let head = this.flowReg!.forward(feat);
    if (this.blur) head = blurChannels(head, this.blur);
    // (the prior has a batch of 1: the product with the change broadcasts it)
    const perAu = (t: Tensor) => sum(mul(reshape(mul(t, FLOW_SCALE), [t.shape[0]!, cDim, 2, h / 4, w / 4]), change), 1);
    if (!this.prior) return { coarse: perAu(head), feat, ownAus, change };
    let learned = perAu(head);
    if (this.learnedScale) learned = mul(learned, constant(this.learnedScale, [1, 1, h / 4, w / 4], image.device));
    const prior = perAu(constant(this.prior, [1, 2 * cDim, h / 4, w / 4], image.device));
    return { coarse: add(prior, learned), feat, ownAus, change, learned };
  }

  /** image [B, 3, H, W] in [-1, 1]; aus [B, cDim] normalised (raw / 5): the target; `own` (conditioning 'change'):
   * the face's own AUs when known, instead of the generator's reading. */
  forward(image: Tensor, aus: Tensor, own?: Tensor): FlowOutput {
    const [b, , h, w] = image.shape as [number, number, number, number];
    const { coarse, feat, ownAus, change, learned } = this.coarseFlow(image, aus, own);
    const flow = invertMotion(interpolate(coarse, [h, w], 'bilinear', false), this.config.motionInversion);
    const up = this.up && this.imgReg && change ? this.up.forward(feat) : undefined;
    const planned = up && change ? this.plannedColour(up, change) : undefined;
    let colour = planned && !this.refiner ? this.boundColour(planned) : undefined;
    // config.colourBeforeWarp: the colour is painted on the photo where the content is (the line where the lips
    // meet), and the warp carries it to where the edit moves that place
    const source = colour && this.config.colourBeforeWarp ? clamp(add(image, colour), -1, 1) : image;
    // a pixel pulled from beyond the crop repeats the edge instead of turning black
    let warped = warp(source, flow, 'border');
    if (this.shading && change) {
      // the light the warped photo returns ([0, 1] = (x + 1) / 2) times exp(Σ change_k · shading_k)
      const fields = constant(this.shading, [1, this.config.cDim, 1, h, w], image.device);
      warped = clamp(sub(mul(add(warped, 1), exp(sum(mul(fields, change), 1))), 1), -1, 1);
    }
    if (planned && change && this.refiner)
      colour = this.boundColour(add(planned, this.refined(warped, flow, planned, change)));
    // constants (not plain tensors) so that tracing sees them; an export prunes what the outputs do not use
    const keepAll = () => constant(new Float32Array(b * h * w).fill(1), [b, 1, h, w], image.device);
    if (up && colour && change) {
      const painted = this.config.colourBeforeWarp ? warped : clamp(add(warped, colour), -1, 1);
      const placed = this.placeMouths(image, up, change, painted);
      const composed = placed?.fake ?? painted;
      const donated = this.donors?.place(image, composed, aus, change);
      return {
        flow,
        warped,
        attention: keepAll(),
        residual: colour,
        fake: donated?.fake ?? composed,
        ownAus,
        learnedFlow: learned,
        mouthAlpha: placed?.alpha,
        donorAlpha: donated?.alpha,
      };
    }
    if (!this.up || !this.imgReg || !this.attentionReg) {
      const residual = constant(new Float32Array(b * 3 * h * w), [b, 3, h, w], image.device);
      return { flow, warped, attention: keepAll(), residual, fake: warped, ownAus, learnedFlow: learned };
    }
    const decoded = this.up.forward(feat);
    const residual = mul(tanh(this.imgReg.forward(decoded)), 2 * this.residualGain);
    const attention = this.attentionReg.forward(decoded);
    const fake = clamp(add(warped, mul(sub(1, attention), residual)), -1, 1);
    return { flow, warped, attention, residual, fake, ownAus };
  }

  /** config.mouthExemplars: the exemplar mouths blended over `painted` by the fields its head reads
   * (exemplar-mouths.ts). */
  private placeMouths(image: Tensor, up: Tensor, change: Tensor, painted: Tensor) {
    if (!this.mouthReg || !this.mouths) return undefined;
    const [b, , h, w] = image.shape as [number, number, number, number];
    const fields = reshape(this.mouthReg.forward(up), [b, this.config.cDim, this.mouths.count, h, w]);
    return placeExemplarMouths(this.mouths, fields, change, image, painted);
  }

  /** Conditioning 'change', a colour head: the colour it plans [B, 1 or 3, H, W], per AU in proportion to the change,
   * before it is bounded. */
  private plannedColour(up: Tensor, change: Tensor): Tensor {
    const [b, , h, w] = up.shape as [number, number, number, number];
    const luma = this.config.colour === 'luma';
    const fields = reshape(this.imgReg!.forward(up), [b, this.config.cDim, luma ? 1 : 3, h, w]);
    const summed = sum(mul(this.holdColour ? detach(fields) : fields, change), 1);
    const blurred = this.colourBlur ? blurChannels(summed, this.colourBlur) : summed;
    return this.colourRegion ? mul(blurred, constant(this.colourRegion, [1, 1, h, w], up.device)) : blurred;
  }

  /** config.refiner: its correction of the planned lightness, in the colour's region, times tanh(4 Σ|change|) per
   * face (0 without a change), so an edit to the face's own AUs stays the photo. The warp is read, not taught. */
  private refined(warped: Tensor, flow: Tensor, planned: Tensor, change: Tensor): Tensor {
    const [, , h, w] = planned.shape as [number, number, number, number];
    const correction = this.refiner!.forward(detach(warped), detach(flow), detach(planned));
    const held = mul(correction, tanh(mul(sum(abs(change), 1), 4)));
    return this.colourRegion ? mul(held, constant(this.colourRegion, [1, 1, h, w], planned.device)) : held;
  }

  /** The colour residual [B, 3, H, W] from the planned colour: luma bounded, low-passed along its rows by
   * config.rowBlur, and its brightening scaled by config.brightening. */
  private boundColour(summed: Tensor): Tensor {
    const [b, , h, w] = summed.shape as [number, number, number, number];
    if (this.config.colour !== 'luma') return mul(summed, this.residualGain);
    // brightening below 1: t − (1 − k)·relu(t), whole below 0 and k of itself above
    let light = tanh(summed);
    if (this.config.rowBlur > 0) light = blurRows(light, this.config.rowBlur);
    if (this.config.brightening < 1) light = sub(light, mul(relu(light), 1 - this.config.brightening));
    return mul(expand(mul(light, LUMA_LIMIT), [b, 3, h, w]), this.residualGain);
  }

  edit(image: Tensor, aus: Tensor, own?: Tensor): Edit {
    const o = this.forward(image, aus, own);
    // told the change, colour has no attention mask: the mask term is the colour's size (sparse colour)
    const change = this.config.conditioning === 'change';
    const maskTerm = change
      ? o.mouthAlpha
        ? add(abs(o.residual), o.mouthAlpha)
        : abs(o.residual)
      : sub(1, o.attention);
    const shading = change && this.imgReg ? o.residual : undefined;
    return {
      fake: o.fake,
      attention: o.attention,
      color: this.config.colourBeforeWarp ? o.fake : clamp(add(o.warped, o.residual), -1, 1),
      maskTerm,
      flow: o.flow,
      learnedFlow: o.learnedFlow,
      ownAus: o.ownAus,
      shading,
    };
  }
}

/** 0 for |d| ≤ ε, d for |d| ≥ 2ε, linear between: 2·relu(d − ε) − relu(d − 2ε), and its mirror for d < 0. */
export function firmThreshold(d: Tensor, eps: number): Tensor {
  const side = (v: Tensor) => sub(mul(relu(sub(v, eps)), 2), relu(sub(v, 2 * eps)));
  return sub(side(d), side(neg(d)));
}
