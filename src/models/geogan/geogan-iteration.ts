// One GeoGAN training iteration (SPEC §9, the authors' FaceAnalogyModel): the add/remove cycle, the
// generator step on every loss term, then the discriminator step. The reference updated D on fakes
// still attached to G's graph after G had stepped (allowed by PyTorch 0.4 only); here D sees the
// same fakes detached, which is the same update without the stale graph.
import {
  attributeLoss,
  flowSmoothness,
  type GeoGANLambdas,
  landmarkLoss,
  lsgan,
  maskL1,
  reconstruction,
} from './geogan-loss.js';
import type { GeoGANDiscriminator, GeoGANGenerator } from './networks/index.js';
import type { Adam } from '../../nn/index.js';
import { add, backward, detach, full, mul, scope, type Tensor } from '../../torch/index.js';

export interface GeoGANTrainables {
  G: GeoGANGenerator;
  D: GeoGANDiscriminator;
  optG: Adam;
  optD: Adam;
  lambdas: GeoGANLambdas;
  /** Data-parallel training: averages an optimiser's gradients over the ranks before its step. */
  reduce?: (opt: Adam) => void;
}

export interface GeoGANBatch {
  /** Faces without the attribute, [N, 3, S, S] in [−1, 1]. */
  a: Tensor;
  /** Faces with it. */
  b: Tensor;
  /** 68 landmarks of each, [N, 68, 2], normalised (x, y) with align-corners pixel centres. */
  landmarksA: Tensor;
  landmarksB: Tensor;
}

export interface GeoGANVisuals {
  a: Tensor;
  b: Tensor;
  /** A with B's attribute, B with it removed, and the masks of both transfers. */
  added: Tensor;
  removed: Tensor;
  mask: Tensor;
  warped: Tensor;
}

const sum = (ts: Tensor[]) => ts.reduce((s, t) => add(s, t));

/** Runs one iteration; `refine` is the refinement weight w of this epoch. Returns every term as a number. */
export function geoganIteration(
  t: GeoGANTrainables,
  batch: GeoGANBatch,
  refine: number,
  onVisuals?: (v: GeoGANVisuals) => void,
): Record<string, number> {
  return scope(() => {
    const { G, D, lambdas: L } = t;
    const { a, b } = batch;
    const n = a.shape[0]!;
    const size = a.shape[2]!;
    const [without, withAttr] = [
      full([n, D.config.attributes], 0, a.device),
      full([n, D.config.attributes], 1, a.device),
    ];

    // the cycle: add to A (from B), remove from B, re-add to the cleaned B (from the new A), re-remove
    t.optG.zeroGrad();
    const t1 = G.addAttribute(a, b, refine);
    const fakeBx = G.removeAttribute(b, t1.backMask);
    const t2 = G.addAttribute(fakeBx, t1.fake, refine);
    const fakeAx = G.removeAttribute(t1.fake, t2.backMask);
    const fakes: [Tensor, Tensor][] = [
      [fakeAx, without],
      [t2.fake, withAttr],
      [t1.fake, withAttr],
      [fakeBx, without],
    ];
    const judged = fakes.map(([f]) => D.forward(f));
    const terms = {
      g_gan: sum(judged.map((o) => lsgan(o, 1))),
      g_attr: mul(sum(judged.map((o, i) => attributeLoss(o, fakes[i]![1]))), L.attribute),
      // the reference also adds the 1e-3 floor of the two still flows of the removal steps
      g_flow: mul(add(add(flowSmoothness(t1.flow, size), flowSmoothness(t2.flow, size)), 2e-3), L.flow),
      g_mask: mul(add(maskL1(t2.backMask), maskL1(t1.backMask)), L.mask),
      g_landmark: mul(landmarkLoss(t1.flow, batch.landmarksA, batch.landmarksB), L.landmark),
      g_rec: mul(add(reconstruction(fakeAx, a), reconstruction(t2.fake, b)), L.reconstruction),
    };
    const lossG = sum(Object.values(terms));
    backward(lossG);
    t.reduce?.(t.optG);
    t.optG.step();
    onVisuals?.({ a, b, added: t1.fake, removed: fakeBx, mask: t1.mask, warped: t1.warped });

    t.optD.zeroGrad();
    const [realA, realB] = [D.forward(a), D.forward(b)];
    const dTerms = {
      d_real: add(lsgan(realA, 1), lsgan(realB, 1)),
      d_fake: mul(sum(fakes.map(([f]) => lsgan(D.forward(detach(f)), 0))), 0.5),
      d_attr: mul(add(attributeLoss(realA, without), attributeLoss(realB, withAttr)), L.attributeD),
    };
    backward(sum(Object.values(dTerms)));
    t.reduce?.(t.optD);
    t.optD.step();

    const out: Record<string, number> = { g_total: lossG.item() };
    for (const [k, v] of Object.entries({ ...terms, ...dTerms })) out[k] = v.item();
    out.mask_mean = t1.mask.data().reduce((s, v) => s + v, 0) / t1.mask.size;
    return out;
  });
}
