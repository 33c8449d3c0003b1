// ONNX graph of GeoGAN's transfer (add the attribute of a reference face to a target face), traced
// from the same TypeScript modules that train.
import type { GeoGANGenerator } from './networks/index.js';
import { keep, mul, rand, sub, type Tensor } from '../../torch/index.js';
import type { OnnxGraph } from '../../runtime/onnx-graph.js';
import { trace } from '../../onnx/trace.js';

/**
 * Inputs `target`, `reference` [batch, 3, S, S] in [−1, 1]; outputs `transferred` (the target with the
 * reference's attribute), `mask` [batch, 1, S, S] (where it was blended in), `flow` [batch, 2, S, S]
 * (normalised sampling offsets) and `warped` (the reference on the target's geometry).
 */
export function geoganTransferGraph(G: GeoGANGenerator, refine: number): OnnxGraph {
  const S = G.config.imageSize;
  const sample = (): Tensor => keep(sub(mul(rand([2, 3, S, S]), 2), 1));
  const [target, reference] = [sample(), sample()];
  try {
    return trace({
      name: 'geogan_transfer',
      inputs: [
        ['target', target],
        ['reference', reference],
      ],
      params: G.namedParameters(),
      run: () => {
        const t = G.addAttribute(target, reference, refine);
        return { transferred: t.fake, mask: t.mask, flow: t.flow, warped: t.warped };
      },
      metadata: { kind: 'geogan-transfer', config: JSON.stringify(G.config), refine: String(refine) },
    });
  } finally {
    target.dispose();
    reference.dispose();
  }
}
