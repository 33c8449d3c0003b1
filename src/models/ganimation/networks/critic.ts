// GANimation's critic D(I) -> (patch scores, AU estimate), SPEC §2. No normalisation layers (spectral norm of its
// scoring path's weights is an option).
import {
  BlurredConv2d,
  Conv2d,
  LeakyReLU,
  Module,
  Sequential,
  SpectralNormConv2d,
  type Layer,
} from '../../../nn/index.js';
import { flatten, select, type Tensor } from '../../../torch/index.js';
import { type GANimationConfig, resolveConfig } from './config.js';
import { PartCritics } from './part-critic.js';

export interface CriticOutput {
  /** WGAN critic scores, one per patch: [B, H/2^n, W/2^n]. */
  scores: Tensor;
  /** AU regression [B, cDim] on the normalised scale. */
  aus: Tensor;
}

export class Critic extends Module {
  readonly config: GANimationConfig;
  readonly main: Sequential;
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  /** The mouth's and the eyes' critics (config partCritics), twice the base width; the loss calls them. */
  readonly parts?: PartCritics;

  constructor(config: Partial<GANimationConfig> = {}) {
    super();
    this.config = resolveConfig(config);
    const { imageSize, cDim, dConvDim, dRepeatNum } = this.config;
    const layers: Layer[] = [];
    let d = 3;
    for (let i = 0; i < dRepeatNum; i++) {
      const next = i === 0 ? dConvDim : d * 2;
      const Strided = this.config.criticSpectralNorm
        ? SpectralNormConv2d
        : this.config.criticBlur
          ? BlurredConv2d
          : Conv2d;
      layers.push(new Strided(d, next, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.01));
      d = next;
    }
    this.main = this.child('main', new Sequential(...layers));
    const Score = this.config.criticSpectralNorm ? SpectralNormConv2d : Conv2d;
    this.conv1 = this.child('conv1', new Score(d, 1, 3, { padding: 1, bias: false }));
    this.conv2 = this.child('conv2', new Conv2d(d, cDim, imageSize / 2 ** dRepeatNum, { bias: false }));
    if (this.config.partCritics)
      this.parts = this.child(
        'parts',
        new PartCritics(2 * dConvDim, this.config.partFeatures, this.config.partHeadGain),
      );
  }

  forward(image: Tensor): CriticOutput {
    const h = this.main.forward(image);
    return { scores: select(this.conv1.forward(h), 1, 0), aus: flatten(this.conv2.forward(h), 1) };
  }
}
