// Spectral normalisation (Miyato et al., ICLR 2018) of a convolution: its weight divided by its largest singular value,
// estimated by one power iteration per forward pass on the weight read as a matrix [out, in · kh · kw], as
// torch.nn.utils.spectral_norm does in training mode. It bounds each layer's Lipschitz constant by 1, which is how a
// critic is kept Lipschitz without a gradient penalty.
import {
  add,
  conv2d,
  copy_,
  div,
  matmul,
  mul,
  noGrad,
  normal_,
  reshape,
  sqrt,
  sum,
  type Tensor,
  transpose,
  zeros,
} from '../torch/index.js';
import { Conv2d, type ConvOptions } from './layers.js';

/** v / ‖v‖ (PyTorch's eps, 1e-12, under the norm). */
function unit(v: Tensor): Tensor {
  return div(v, add(sqrt(sum(mul(v, v))), 1e-12));
}

/** A Conv2d whose weight is spectrally normalised at every forward. Its parameters keep Conv2d's names; the power
 * iteration's left singular vector is the buffer `weight_u` (saved with the state, so a resumed critic goes on). */
export class SpectralNormConv2d extends Conv2d {
  constructor(inChannels: number, outChannels: number, kernel: number | [number, number], o: ConvOptions = {}) {
    super(inChannels, outChannels, kernel, o);
    const u = normal_(zeros([outChannels]), 0, 1);
    this.buffer(
      'weight_u',
      noGrad(() => unit(u)),
    );
  }

  /** The weight over its estimated largest singular value (the estimate refined once, without gradient, first). */
  normalisedWeight(): Tensor {
    const w = this.p('weight')!;
    const m = reshape(w, [w.shape[0]!, -1]);
    const u = this.b('weight_u');
    // copies of u and v enter the graph: the next forward updates the buffer in place before this one's backward
    const [u1, v] = noGrad(() => {
      const v = unit(matmul(transpose(m, 0, 1), u));
      copy_(u, unit(matmul(m, v)));
      return [mul(u, 1), v];
    });
    // σ = uᵀ W v, differentiated through W alone (as PyTorch does)
    return div(w, sum(mul(u1!, matmul(m, v!))));
  }

  protected override kernelWeight(): Tensor {
    return this.normalisedWeight();
  }
}
