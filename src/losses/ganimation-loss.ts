// All of GANimation's loss arithmetic (SPEC §3); the training loop only schedules the steps.
import { InvalidOptionError } from '../errors.js';
import { compose, type Critic, type Generator } from '../networks/ganimation/index.js';
import { add, detach, l1Loss, mean, mseLoss, mul, neg, noGrad, reshape, type Tensor } from '../torch/index.js';
import { gradientPenalty } from './gradient-penalty.js';
import { totalVariation } from './total-variation.js';

export interface GANimationLambdas {
  /** Weight of the WGAN critic terms. */
  prob: number;
  /** AU regression (divided by the batch size, as the published code does). */
  cond: number;
  /** Gradient penalty. */
  gp: number;
  /** Cycle reconstruction L1. */
  cyc: number;
  /** Attention mask mean (pushes A towards 0 = change). */
  mask: number;
  /** Attention mask total variation (summed absolute differences). */
  maskSmooth: number;
}

export const GANIMATION_LAMBDAS: GANimationLambdas = { prob: 1, cond: 4000, gp: 10, cyc: 10, mask: 0.1, maskSmooth: 1e-5 };

export interface Batch {
  /** Real images [B, 3, H, W] in [-1, 1]. */
  real: Tensor;
  /** Their AUs [B, cDim], normalised. */
  realCond: Tensor;
  /** Target AUs [B, cDim], normalised. */
  desiredCond: Tensor;
}

export type CriticTerms = { d_real: Tensor; d_cond: Tensor; d_fake: Tensor };
export type GeneratorTerms = {
  g_fake: Tensor;
  g_cond: Tensor;
  g_cyc: Tensor;
  g_mask1: Tensor;
  g_mask2: Tensor;
  g_smooth1: Tensor;
  g_smooth2: Tensor;
};

export interface GeneratorResult {
  total: Tensor;
  terms: GeneratorTerms;
  /** Visuals for sample grids and statistics. */
  fake: Tensor;
  color: Tensor;
  attention: Tensor;
  rec: Tensor;
  recAttention: Tensor;
}

const total = (terms: Record<string, Tensor>): Tensor => Object.values(terms).reduce((a, b) => add(a, b));

export class GANimationLoss {
  readonly lambdas: GANimationLambdas;

  constructor(readonly G: Generator, readonly D: Critic, lambdas: Partial<GANimationLambdas> = {}) {
    for (const k of Object.keys(lambdas)) if (!(k in GANIMATION_LAMBDAS)) throw new InvalidOptionError(`unknown loss weight "${k}"; known: ${Object.keys(GANIMATION_LAMBDAS).join(', ')}`);
    this.lambdas = { ...GANIMATION_LAMBDAS, ...lambdas };
  }

  /** The edit G makes of `image` towards `aus`, composed: A·I + (1 − A)·C. */
  edit(image: Tensor, aus: Tensor): { fake: Tensor; color: Tensor; attention: Tensor } {
    const { color, attention } = this.G.forward(image, aus);
    return { fake: compose(image, color, attention), color, attention };
  }

  /** Critic step: −mean D(I) + λ_cond·MSE(D_y(I), y_r)/B + mean D(fake). Also returns the (detached) fake. */
  critic(b: Batch): { total: Tensor; terms: CriticTerms; fake: Tensor } {
    const L = this.lambdas;
    const B = b.real.shape[0]!;
    const fake = noGrad(() => this.edit(b.real, b.desiredCond).fake);
    const real = this.D.forward(b.real);
    const terms: CriticTerms = {
      d_real: mul(neg(mean(real.scores)), L.prob),
      d_cond: mul(mseLoss(real.aus, b.realCond), L.cond / B),
      d_fake: mul(mean(this.D.forward(fake).scores), L.prob),
    };
    return { total: total(terms), terms, fake };
  }

  /** Gradient-penalty step: λ_gp·mean((‖∇D(x̂)‖ − 1)²); alpha [B] or [B,1,1,1] in [0, 1]. */
  gradientPenalty(real: Tensor, fake: Tensor, alpha: Tensor): Tensor {
    const a = alpha.rank === 4 ? alpha : reshape(alpha, [alpha.shape[0]!, 1, 1, 1]);
    return mul(gradientPenalty((x) => this.D.forward(x).scores, real, detach(fake), a), this.lambdas.gp);
  }

  /** Generator step: adversarial, AU, cycle, attention-mean and attention-TV terms. */
  generator(b: Batch): GeneratorResult {
    const L = this.lambdas;
    const B = b.real.shape[0]!;
    const { fake, color, attention } = this.edit(b.real, b.desiredCond);
    const judged = this.D.forward(fake);
    const back = this.edit(fake, b.realCond);
    const terms: GeneratorTerms = {
      g_fake: mul(neg(mean(judged.scores)), L.prob),
      g_cond: mul(mseLoss(judged.aus, b.desiredCond), L.cond / B),
      g_cyc: mul(l1Loss(back.fake, b.real), L.cyc),
      g_mask1: mul(mean(attention), L.mask),
      g_mask2: mul(mean(back.attention), L.mask),
      g_smooth1: mul(totalVariation(attention), L.maskSmooth),
      g_smooth2: mul(totalVariation(back.attention), L.maskSmooth),
    };
    return { total: total(terms), terms, fake, color, attention, rec: back.fake, recAttention: back.attention };
  }
}

