// One GANimation training iteration (SPEC §3): critic step, gradient-penalty step (its own Adam
// step, as published) and, when scheduled, the generator step. All arithmetic is in the loss object.
import type { GANimationLoss, Batch, GeneratorResult } from './ganimation-loss.js';
import type { Adam } from '../../nn/index.js';
import type { Module } from '../../nn/index.js';
import { autocast, backward, rand, scope, type Precision, type Tensor } from '../../torch/index.js';

export interface Trainables {
  loss: GANimationLoss;
  optG: Adam;
  optD: Adam;
  /** Data-parallel training: averages an optimiser's gradients over the ranks before its step. */
  reduce?: (opt: Adam) => void;
  /** 'bfloat16': each step's forward (losses included) runs in mixed precision (torch/runtime.ts autocast); the
   * backward follows it and the optimisers' arithmetic stays float32. Default 'float32'. */
  precision?: Precision;
}

/** Scalar loss terms of one iteration, by name (d_real … g_smooth2). */
export type IterationStats = Record<string, number>;

export interface IterationOptions {
  /** Run the generator step in this iteration (every 5th in the paper). */
  trainGenerator: boolean;
  /** Run the critic's penalty step in this iteration (default: when a penalty is weighted; lazy: every k-th). */
  penalty?: boolean;
  /** Interpolation weights of the gradient penalty, [B]; drawn U(0, 1) when omitted. */
  gpAlpha?: Tensor;
  /** Called with the generator step's visuals before they are freed (sample grids). */
  onGenerator?: (r: GeneratorResult) => void;
}

/** Gradients of `frozen` are not computed while fn runs: the generator step needs none for D. */
function frozen<R>(m: Module, fn: () => R): R {
  const ps = m.parameters();
  for (const p of ps) p.requiresGrad = false;
  try {
    return fn();
  } finally {
    for (const p of ps) p.requiresGrad = true;
  }
}

/** fn in the trainables' precision, on the batch's device. */
const inPrecision = <R>(t: Trainables, b: Batch, fn: () => R): R =>
  autocast(t.precision ?? 'float32', b.real.device, fn);

export function criticSteps(t: Trainables, b: Batch, gpAlpha?: Tensor, penalty = t.loss.penalised): IterationStats {
  return scope(() => {
    const stats: IterationStats = {};
    t.optD.zeroGrad();
    const c = inPrecision(t, b, () => t.loss.critic(b));
    backward(c.total);
    t.reduce?.(t.optD);
    t.optD.step();
    for (const [k, v] of Object.entries(c.terms)) stats[k] = v.item();
    if (!penalty) return stats;

    t.optD.zeroGrad();
    const alpha = gpAlpha ?? rand([b.real.shape[0]!], b.real.device);
    const gp = inPrecision(t, b, () => t.loss.gradientPenalty(b.real, c.fake, alpha));
    backward(gp);
    t.reduce?.(t.optD);
    t.optD.step();
    stats.d_gp = gp.item();
    return stats;
  });
}

export function generatorStep(t: Trainables, b: Batch, onGenerator?: (r: GeneratorResult) => void): IterationStats {
  return scope(() => {
    t.optG.zeroGrad();
    const r = frozen(t.loss.D, () => {
      const res = inPrecision(t, b, () => t.loss.generator(b));
      backward(res.total);
      return res;
    });
    t.reduce?.(t.optG);
    t.optG.step();
    onGenerator?.(r);
    return Object.fromEntries(Object.entries(r.terms).map(([k, v]) => [k, v.item()]));
  });
}

export function trainIteration(t: Trainables, b: Batch, o: IterationOptions): IterationStats {
  const stats = criticSteps(t, b, o.gpAlpha, o.penalty);
  if (o.trainGenerator) Object.assign(stats, generatorStep(t, b, o.onGenerator));
  return stats;
}
