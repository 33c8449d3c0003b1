// GANimation's generator G(I, y) -> (colour C, attention A), SPEC §2.
import {
  Conv2d,
  ConvTranspose2d,
  InstanceNorm2d,
  Module,
  ReLU,
  ResidualBlock,
  Sequential,
  Sigmoid,
  Tanh,
  type Layer,
} from '../../../nn/index.js';
import { cat, expand, reshape, type Tensor } from '../../../torch/index.js';
import { compose } from './compose.js';
import { type GANimationConfig, resolveConfig } from './config.js';
import type { Edit } from './edit.js';

export interface GeneratorOutput {
  /** Colour mask C in [-1, 1], [B, 3, H, W]. */
  color: Tensor;
  /** Attention mask A in [0, 1], [B, 1, H, W]; 1 keeps the input pixel. */
  attention: Tensor;
}

export class Generator extends Module {
  readonly config: GANimationConfig;
  readonly main: Sequential;
  readonly imgReg: Sequential;
  readonly attentionReg: Sequential;

  constructor(config: Partial<GANimationConfig> = {}) {
    super();
    this.config = resolveConfig(config);
    const { cDim, gConvDim: w, gRepeatNum } = this.config;
    const layers: Layer[] = [
      new Conv2d(3 + cDim, w, 7, { padding: 3, bias: false }),
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
    for (let i = 0; i < 2; i++, d /= 2)
      layers.push(
        new ConvTranspose2d(d, d / 2, 4, { stride: 2, padding: 1, bias: false }),
        new InstanceNorm2d(d / 2),
        new ReLU(),
      );
    this.main = this.child('main', new Sequential(...layers));
    this.imgReg = this.child('img_reg', new Sequential(new Conv2d(d, 3, 7, { padding: 3, bias: false }), new Tanh()));
    // the published checkpoints spell it this way
    this.attentionReg = this.child(
      'attetion_reg',
      new Sequential(new Conv2d(d, 1, 7, { padding: 3, bias: false }), new Sigmoid()),
    );
  }

  /** image [B, 3, H, W] in [-1, 1]; aus [B, cDim] normalised (raw / 5). */
  forward(image: Tensor, aus: Tensor): GeneratorOutput {
    const [b, , h, w] = image.shape as [number, number, number, number];
    const tiled = expand(reshape(aus, [b, this.config.cDim, 1, 1]), [b, this.config.cDim, h, w]);
    const feat = this.main.forward(cat([image, tiled], 1));
    return { color: this.imgReg.forward(feat), attention: this.attentionReg.forward(feat) };
  }

  /** The composed edit A·I + (1 − A)·C; the mask loss penalises mean(A), as published. */
  edit(image: Tensor, aus: Tensor): Edit {
    const { color, attention } = this.forward(image, aus);
    return { fake: compose(image, color, attention), color, attention, maskTerm: attention };
  }
}
