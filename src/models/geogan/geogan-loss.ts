// GeoGAN's loss terms (SPEC §9), each as the authors' code computes it (docs/geogan-reference-notes.md):
// LSGAN over every discriminator scale, attribute BCE, the flow smoothness term, mask L1, the
// landmark loss and L1 reconstruction.
import type { PatchOutput } from './networks/discriminator.js';
import { sampleAtPoints } from '../../nn/warp.js';
import {
  abs,
  add,
  bceWithLogits,
  clamp,
  full,
  l1Loss,
  mean,
  mseLoss,
  mul,
  permute,
  slice,
  sub,
  type Tensor,
} from '../../torch/index.js';

export interface GeoGANLambdas {
  /** Attribute BCE of the generator's fakes (0.1 default, 0.2 in the authors' script). */
  attribute: number;
  /** Attribute BCE of the discriminator on real faces (the script uses the same 0.2). */
  attributeD: number;
  /** Flow smoothness (0.1 default, 1 in the script). */
  flow: number;
  mask: number;
  /** The landmark loss's outer factor (10); the inner 256 is part of the term. */
  landmark: number;
  /** L1 cycle reconstruction (0.01 default, 5 in the script). */
  reconstruction: number;
}

/** The authors' training script's weights. */
export const GEOGAN_LAMBDAS: GeoGANLambdas = {
  attribute: 0.2,
  attributeD: 0.2,
  flow: 1,
  mask: 0.1,
  landmark: 10,
  reconstruction: 5,
};

/** Σ over scales of mean((D_s(x) − target)²). */
export function lsgan(outputs: PatchOutput[], target: 0 | 1): Tensor {
  return outputs.map((o) => mseLoss(o.patch, full(o.patch.shape, target, o.patch.device))).reduce((s, t) => add(s, t));
}

/** Σ over scales of BCE(sigmoid(attribute logits), labels); labels [N, attributes] of 0/1. */
export function attributeLoss(outputs: PatchOutput[], labels: Tensor): Tensor {
  return outputs.map((o) => bceWithLogits(o.attribute, labels)).reduce((s, t) => add(s, t));
}

/**
 * Smoothness of a flow in pixels: with u = flow · size, dx = u[:, :, :-1, :-1] − u[:, :, :-1, 1:] and dy
 * = u[:, :, :-1, :-1] − u[:, :, 1:, :-1], mean(clamp(dx² + dy², 1e-3, 1e7)) per channel (squared, with
 * the reference's floor, so a still flow costs 1e-3).
 */
export function flowSmoothness(flow: Tensor, size: number): Tensor {
  const [h, w] = [flow.shape[2]!, flow.shape[3]!];
  const u = mul(flow, size);
  const base = slice(slice(u, 2, 0, h - 1), 3, 0, w - 1);
  const dx = sub(base, slice(slice(u, 2, 0, h - 1), 3, 1, w));
  const dy = sub(base, slice(slice(u, 2, 1, h), 3, 0, w - 1));
  return mean(clamp(add(mul(dx, dx), mul(dy, dy)), 1e-3, 1e7));
}

/** mean |mask| (L1 towards an empty mask). */
export function maskL1(mask: Tensor): Tensor {
  return mean(abs(mask));
}

/**
 * 256 · MSE(flow sampled at A's landmarks, B's landmarks − A's landmarks): the flow at each of A's
 * landmarks must point at the matching landmark of B. Landmarks [N, K, 2], normalised (x, y).
 */
export function landmarkLoss(flow: Tensor, landmarksA: Tensor, landmarksB: Tensor): Tensor {
  const sampled = sampleAtPoints(flow, landmarksA);
  const target = permute(sub(landmarksB, landmarksA), [0, 2, 1]);
  return mul(mseLoss(sampled, target), 256);
}

/** L1 reconstruction through the add/remove cycle. */
export function reconstruction(rebuilt: Tensor, original: Tensor): Tensor {
  return l1Loss(rebuilt, original);
}
