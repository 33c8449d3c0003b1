// All of GANimation's loss arithmetic (SPEC §3); the training loop only schedules the steps.
import { InvalidOptionError } from '../../errors.js';
import type { Critic, Edit, EditingGenerator } from './networks/index.js';
import type { PartCritics } from './networks/part-critic.js';
import { FACE_PARTS } from '../../face/part-boxes.js';
import { type FaceRecognitionNet, toRecognitionInput } from '../../networks/face-recognition/index.js';
import {
  abs,
  add,
  constant,
  detach,
  keep,
  l1Loss,
  mean,
  mseLoss,
  mul,
  neg,
  noGrad,
  reshape,
  sqrt,
  sub,
  sum,
  type Tensor,
} from '../../torch/index.js';
import { broadShading } from '../../losses/broad-shading.js';
import { contentRegion, faceRegion } from '../../face/content-region.js';
import { flowFolding } from '../../losses/flow-folds.js';
import { flowRoughness } from '../../losses/flow-roughness.js';
import { gradientPenalty, r1Penalty } from '../../losses/gradient-penalty.js';
import { softplus } from '../../losses/softplus.js';
import { totalVariation } from '../../losses/total-variation.js';

export interface GANimationLambdas {
  /** Weight of the WGAN critic terms. */
  prob: number;
  /** AU regression (divided by the batch size, as the published code does). */
  cond: number;
  /** Gradient penalty (WGAN-GP's, at interpolates; 0 = off). */
  gp: number;
  /** R1: γ/2 · mean ‖∇D(real)‖², zero-centred at real faces (Mescheder et al. 2018; 0 = off). */
  r1: number;
  /** Cycle reconstruction L1. */
  cyc: number;
  /** Attention mask mean (pushes A towards 0 = change). */
  mask: number;
  /** Attention mask total variation (summed absolute differences). */
  maskSmooth: number;
  /** Flow family: mean absolute difference of neighbouring flow vectors, in pixels (0 = off). */
  flowSmooth: number;
  /** Flow family: folds of the warp (Jacobian determinant below FOLD_MARGIN), both edits of the cycle. */
  fold: number;
  /** Flow family with the motion prior: mean square of what the learned head adds to the prior's flow, in pixels²,
   * both edits of the cycle (0 = off): the warp stays near where faces128's faces move. */
  learnedFlow: number;
  /** Flow family told the change, with a colour head: broad one-signed shading, mean |8×8 cell average of the colour|
   * (0 = off). */
  broadShading: number;
  /** The same penalty outside the eyes and mouth of the aligned template (`contentRegion`), where shading is free: a
   * blink, an opened mouth (0 = off). */
  regionShading: number;
  /** Self-reconstruction: L1 between the edit towards the input's own AUs and the input (0 = off). */
  self: number;
  /** Identity: face-api's descriptor distance between edit and input (0 = off; needs the face-recognition net). */
  identity: number;
  /** Flow family, conditioning 'change': MSE of the generator's reading of the real face's own AUs against its labels
   * (0 = off). */
  ownAus: number;
  /** The mouth's and the eyes' critics (model option partCritics): their WGAN terms, beside the whole face's (0 =
   * off). */
  part: number;
  /** Paired frames of one person (Batch.pairs, from the driving videos): L1 between the edit of the first frame
   * towards the second's AUs and the second frame, over the face (face/content-region.ts faceRegion; 0 = off). */
  paired: number;
}

export const GANIMATION_LAMBDAS: GANimationLambdas = {
  prob: 1,
  cond: 4000,
  gp: 10,
  r1: 0,
  cyc: 10,
  mask: 0.1,
  maskSmooth: 1e-5,
  flowSmooth: 0,
  fold: 0,
  learnedFlow: 0,
  broadShading: 0,
  regionShading: 0,
  self: 0,
  identity: 0,
  ownAus: 0,
  part: 0,
  paired: 0,
};

export interface Batch {
  /** Real images [B, 3, H, W] in [-1, 1]. */
  real: Tensor;
  /** Their AUs [B, cDim], normalised. */
  realCond: Tensor;
  /** Target AUs [B, cDim], normalised. */
  desiredCond: Tensor;
  /** With the paired loss: frames of one person (data/video-pairs.ts), [P, 3, H, W], and their AUs [P, cDim]. */
  pairs?: { from: Tensor; to: Tensor; fromCond: Tensor; toCond: Tensor };
}

export type CriticTerms = {
  d_real: Tensor;
  d_cond: Tensor;
  d_fake: Tensor;
  /** With part critics: λ_part·(mean D_part(fake) − mean D_part(real)), the part's negative Wasserstein estimate
   * (partAdversarial 'logistic': λ_part·(mean softplus(D_part(fake)) + mean softplus(−D_part(real)))). */
  d_mouth?: Tensor;
  d_eyes?: Tensor;
};
export type GeneratorTerms = {
  g_fake: Tensor;
  g_cond: Tensor;
  g_cyc: Tensor;
  g_mask1: Tensor;
  g_mask2: Tensor;
  g_smooth1: Tensor;
  g_smooth2: Tensor;
  /** Only when their weights are above 0. */
  g_flow?: Tensor;
  g_fold?: Tensor;
  g_learned?: Tensor;
  g_shade?: Tensor;
  g_self?: Tensor;
  g_id?: Tensor;
  g_own?: Tensor;
  /** With part critics: −λ_part·Σ_parts mean D_part(fake) ('logistic': λ_part·Σ_parts mean softplus(−D_part(fake))). */
  g_part?: Tensor;
  /** With the paired loss: λ_paired·L1(G(first frame → second's AUs), second frame). */
  g_pair?: Tensor;
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

const sumOf = (ts: Tensor[]): Tensor => ts.reduce((a, b) => add(a, b));
const total = (terms: Record<string, Tensor>): Tensor => sumOf(Object.values(terms));

export class GANimationLoss {
  readonly lambdas: GANimationLambdas;

  /** face-api's face-recognition net (frozen), when the identity weight is above 0. */
  readonly recognition?: FaceRecognitionNet;

  constructor(
    readonly G: EditingGenerator,
    readonly D: Critic,
    lambdas: Partial<GANimationLambdas> = {},
    recognition?: FaceRecognitionNet,
  ) {
    for (const k of Object.keys(lambdas))
      if (!(k in GANIMATION_LAMBDAS))
        throw new InvalidOptionError(
          `unknown loss weight "${k}"; known: ${Object.keys(GANIMATION_LAMBDAS).join(', ')}`,
        );
    this.lambdas = { ...GANIMATION_LAMBDAS, ...lambdas };
    if (this.lambdas.identity > 0 && !recognition)
      throw new InvalidOptionError('the identity loss needs the face-recognition net: pass loadFaceRecognitionNet()');
    this.recognition = recognition;
    if (this.lambdas.part > 0 && !D.parts)
      throw new InvalidOptionError(
        'the part loss needs part critics: train a configuration with the model option partCritics true',
      );
    if (D.parts?.features === 'recognition') {
      if (!recognition)
        throw new InvalidOptionError(
          'part critics on recognition features need the face-recognition net: pass loadFaceRecognitionNet()',
        );
      D.parts.useRecognition(recognition);
    }
  }

  /** The batch size the published AU terms divide by, when it is not this batch's: data-parallel training splits a
   * batch over ranks, and each rank divides by the whole batch's size, so that the averaged gradient is the whole
   * batch's. */
  wholeBatch?: number;

  /** Where the flow family's colour learns from: 'all' terms, or the paired frames alone ('pairs': the critic and the
   * AU term painted bands and specks where real faces show none; the pairs show the real content). */
  colourFrom: 'all' | 'pairs' = 'all';

  /** The critic's objective: 'wgan' (GANimation's: scores are Wasserstein estimates, kept Lipschitz by the gradient
   * penalty or spectral norm) or 'logistic' (the non-saturating GAN loss, StyleGAN's, which R1 regularises). */
  adversarial: 'wgan' | 'logistic' = 'wgan';

  /** The part critics' objective: 'wgan' (as the whole face's, penalised with it) or 'logistic' (the non-saturating
   * loss, unpenalised: for heads on a fixed net's features, as Projected GANs train theirs). */
  partAdversarial: 'wgan' | 'logistic' = 'wgan';

  /** The penalty step runs every this many critic steps, its weight multiplied as much (lazy regularisation). */
  penaltyEvery = 1;

  /** The cycle's second edit from the first as it is ('through') or from a copy the gradient stops at ('stopped':
   * options.ts cycle). */
  cycle: 'through' | 'stopped' = 'through';

  /** The critic's score terms of real and fake images: what it minimises. */
  private scoreTerms(real: Tensor, fake: Tensor): { d_real: Tensor; d_fake: Tensor } {
    const w = this.lambdas.prob;
    if (this.adversarial === 'logistic')
      return { d_real: mul(mean(softplus(neg(real))), w), d_fake: mul(mean(softplus(fake)), w) };
    return { d_real: mul(neg(mean(real)), w), d_fake: mul(mean(fake), w) };
  }

  /** The generator's adversarial term on the critic's scores of its edits. */
  private fooling(scores: Tensor): Tensor {
    const s = this.adversarial === 'logistic' ? mean(softplus(neg(scores))) : neg(mean(scores));
    return mul(s, this.lambdas.prob);
  }

  /** The part critics when they are weighted. */
  private get parts(): PartCritics | undefined {
    return this.lambdas.part > 0 ? this.D.parts : undefined;
  }

  /** The edit G makes of `image` towards `aus` (paint: A·I + (1 − A)·C; flow: the warped input plus colour where A <
   * 1). With colourFrom 'pairs', only a `paired` edit lets gradients reach the flow family's colour head. */
  edit(image: Tensor, aus: Tensor, own?: Tensor, paired = false): Edit {
    const G = this.G;
    if (!('holdColour' in G) || this.colourFrom === 'all') return G.edit(image, aus, own);
    G.holdColour = !paired;
    try {
      return G.edit(image, aus, own);
    } finally {
      G.holdColour = false;
    }
  }

  /** Critic step: −mean D(I) + λ_cond·MSE(D_y(I), y_r)/B + mean D(fake). Also returns the (detached) fake. */
  critic(b: Batch): { total: Tensor; terms: CriticTerms; fake: Tensor } {
    const L = this.lambdas;
    const B = this.wholeBatch ?? b.real.shape[0]!;
    // a generator told the change learns it from the labels: the real face's own, then the fake's (its target)
    const fake = noGrad(() => this.edit(b.real, b.desiredCond, b.realCond).fake);
    const real = this.D.forward(b.real);
    const { d_real, d_fake } = this.scoreTerms(real.scores, this.D.forward(fake).scores);
    const terms: CriticTerms = { d_real, d_cond: mul(mseLoss(real.aus, b.realCond), L.cond / B), d_fake };
    const P = this.parts;
    if (P) {
      const [onFake, onReal] = [P.judgeAll(fake), P.judgeAll(b.real)];
      for (const part of FACE_PARTS) {
        const [f, r] = [onFake[part]!, onReal[part]!];
        terms[`d_${part}`] =
          this.partAdversarial === 'logistic'
            ? mul(add(mean(softplus(f)), mean(softplus(neg(r)))), L.part)
            : mul(sub(mean(f), mean(r)), L.part);
      }
    }
    return { total: total(terms), terms, fake };
  }

  /** Whether the critic has a penalty step at all (λ_gp or λ_r1 above 0). */
  get penalised(): boolean {
    return this.lambdas.gp > 0 || this.lambdas.r1 > 0;
  }

  /** Penalty step: λ_gp·mean((‖∇D(x̂)‖ − 1)²) at interpolates, alpha [B] or [B,1,1,1] in [0, 1], plus λ_r1/2·mean
   * ‖∇D(real)‖², each weighted by penaltyEvery. With part critics, each part's penalties are added, on the same
   * points (the gradient outside a part's box is zero). */
  gradientPenalty(real: Tensor, fake: Tensor, alpha: Tensor): Tensor {
    const a = alpha.rank === 4 ? alpha : reshape(alpha, [alpha.shape[0]!, 1, 1, 1]);
    const judges: ((x: Tensor) => Tensor)[] = [(x) => this.D.forward(x).scores];
    const P = this.partAdversarial === 'wgan' ? this.parts : undefined;
    if (P) for (const part of FACE_PARTS) judges.push((x) => P.judge(x, part));
    const fixed = detach(fake);
    const { gp, r1 } = this.lambdas;
    const terms: Tensor[] = [];
    if (gp > 0) terms.push(mul(sumOf(judges.map((j) => gradientPenalty(j, real, fixed, a))), gp));
    if (r1 > 0) terms.push(mul(sumOf(judges.map((j) => r1Penalty(j, real))), r1 / 2));
    if (!terms.length) throw new InvalidOptionError('no penalty is weighted: set the loss weight gp or r1 above 0');
    return mul(sumOf(terms), this.penaltyEvery);
  }

  /** 1 − the content region at the residual's size, on its device (made once). */
  private outsideContent(residual: Tensor): Tensor {
    const size = residual.shape[3]!;
    if (this.outside?.shape[3] !== size)
      this.outside = keep(
        constant(
          contentRegion(size).map((v) => 1 - v),
          [1, 1, size, size],
          residual.device,
        ),
      );
    return this.outside;
  }

  private outside?: Tensor;

  /** The face region at the image's size, on its device, and its area in pixels (made once). */
  private faceOf(image: Tensor): { mask: Tensor; area: number } {
    const size = image.shape[3]!;
    if (this.face?.mask.shape[3] !== size) {
      const region = faceRegion(size);
      this.face = {
        mask: keep(constant(region, [1, 1, size, size], image.device)),
        area: region.reduce((a, v) => a + v, 0),
      };
    }
    return this.face;
  }

  private face?: { mask: Tensor; area: number };

  /** Mean absolute difference, over the face region (faceRegion) and the channels, between each first frame edited
   * towards the second's AUs and the second frame. */
  pairedDistance(p: NonNullable<Batch['pairs']>): Tensor {
    const edit = this.edit(p.from, p.toCond, p.fromCond, true).fake;
    const { mask, area } = this.faceOf(edit);
    return mul(sum(mul(abs(sub(edit, p.to)), mask)), 1 / (area * edit.shape[0]! * edit.shape[1]!));
  }

  /** Face-api descriptor distance of the edits from their inputs, averaged (same person below 0.6). */
  identityDistance(fake: Tensor, real: Tensor): Tensor {
    return descriptorDistance(this.recognition!, fake, real);
  }

  /** Generator step: adversarial, AU, cycle, attention-mean and attention-TV terms; flow smoothness, identity,
   * self-reconstruction and own-AU reading when weighted. */
  generator(b: Batch): GeneratorResult {
    const L = this.lambdas;
    const B = this.wholeBatch ?? b.real.shape[0]!;
    // the attention TV terms are sums over the batch (as published): a rank's part counts as many times over as
    // there are parts, so that the average over ranks is the whole batch's sum
    const parts = B / b.real.shape[0]!;
    const e = this.edit(b.real, b.desiredCond, b.realCond);
    const { fake, color, attention } = e;
    const judged = this.D.forward(fake);
    const back = this.edit(this.cycle === 'stopped' ? detach(fake) : fake, b.realCond, b.desiredCond);
    const terms: GeneratorTerms = {
      g_fake: this.fooling(judged.scores),
      g_cond: mul(mseLoss(judged.aus, b.desiredCond), L.cond / B),
      g_cyc: mul(l1Loss(back.fake, b.real), L.cyc),
      g_mask1: mul(mean(e.maskTerm), L.mask),
      g_mask2: mul(mean(back.maskTerm), L.mask),
      g_smooth1: mul(totalVariation(attention), L.maskSmooth * parts),
      g_smooth2: mul(totalVariation(back.attention), L.maskSmooth * parts),
    };
    if (L.flowSmooth > 0 && e.flow && back.flow)
      terms.g_flow = mul(add(flowRoughness(e.flow), flowRoughness(back.flow)), L.flowSmooth);
    if (L.fold > 0 && e.flow && back.flow) terms.g_fold = mul(add(flowFolding(e.flow), flowFolding(back.flow)), L.fold);
    if (L.learnedFlow > 0 && e.learnedFlow && back.learnedFlow) {
      // normalised coordinates span 2 across the image: × size / 2 gives pixels
      const px = (f: Tensor) => mean(mul(f, f));
      const scale = (fake.shape[3]! / 2) ** 2;
      terms.g_learned = mul(add(px(e.learnedFlow), px(back.learnedFlow)), L.learnedFlow * scale);
    }
    if (L.broadShading > 0 && e.shading && back.shading)
      terms.g_shade = mul(add(broadShading(e.shading), broadShading(back.shading)), L.broadShading);
    if (L.regionShading > 0 && e.shading && back.shading) {
      const w = this.outsideContent(e.shading);
      terms.g_shade = mul(add(broadShading(e.shading, w), broadShading(back.shading, w)), L.regionShading);
    }
    if (L.identity > 0) terms.g_id = mul(this.identityDistance(fake, b.real), L.identity);
    if (L.ownAus > 0 && e.ownAus) terms.g_own = mul(mseLoss(e.ownAus, b.realCond), L.ownAus);
    const P = this.parts;
    if (P) {
      const onFake = P.judgeAll(fake);
      const fooled = (s: Tensor) => (this.partAdversarial === 'logistic' ? mean(softplus(neg(s))) : neg(mean(s)));
      terms.g_part = mul(
        FACE_PARTS.map((part) => fooled(onFake[part]!)).reduce((x, y) => add(x, y)),
        L.part,
      );
    }
    if (L.paired > 0 && b.pairs) terms.g_pair = mul(this.pairedDistance(b.pairs), L.paired);
    if (L.self > 0) terms.g_self = mul(l1Loss(this.edit(b.real, b.realCond).fake, b.real), L.self);
    return { total: total(terms), terms, fake, color, attention, rec: back.fake, recAttention: back.attention };
  }
}

/** Mean Euclidean distance between face-api descriptors of x and of y (y's held fixed). */
function descriptorDistance(net: FaceRecognitionNet, x: Tensor, y: Tensor): Tensor {
  const target = noGrad(() => net.forward(toRecognitionInput(y)));
  const d = sub(net.forward(toRecognitionInput(x)), detach(target));
  return mean(sqrt(add(sum(mul(d, d), [1]), 1e-12)));
}
