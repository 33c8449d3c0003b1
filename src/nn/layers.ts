// The layers GANimation and GeoGAN are built from. Convolution weights start N(0, 0.02) and
// biases 0 (the published GANimation initialisation); instance-norm scale 1, shift 0.
import {
  add,
  batchNormEval,
  conv2d,
  convTranspose2d,
  instanceNorm,
  interpolate,
  keep,
  leakyRelu,
  normal_,
  pad,
  relu,
  sigmoid,
  tanh,
  type Tensor,
  tensor,
  zeros,
  ones,
} from '../torch/index.js';
import { Layer } from './module.js';

export const INIT_STD = 0.02;

type Pair = [number, number];

export interface ConvOptions {
  stride?: number | Pair;
  padding?: number | Pair;
  dilation?: number | Pair;
  bias?: boolean;
}

/** A square kernel (7) or height × width ([1, 7]). */
export class Conv2d extends Layer {
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernel: number | Pair,
    readonly o: ConvOptions = {},
  ) {
    super();
    const [kh, kw] = typeof kernel === 'number' ? [kernel, kernel] : kernel;
    this.param('weight', normal_(zeros([outChannels, inChannels, kh, kw]), 0, INIT_STD));
    this.param('bias', o.bias === false ? null : zeros([outChannels]));
  }
  /** The kernel the convolution applies (a normalised one in subclasses). */
  protected kernelWeight(): Tensor {
    return this.p('weight')!;
  }
  forward(x: Tensor): Tensor {
    return conv2d(x, this.kernelWeight(), this.p('bias'), {
      stride: this.o.stride ?? 1,
      padding: this.o.padding ?? 0,
      dilation: this.o.dilation ?? 1,
    });
  }
}

export class ConvTranspose2d extends Layer {
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernel: number,
    readonly o: Omit<ConvOptions, 'stride' | 'padding'> & {
      stride?: number;
      padding?: number;
      outputPadding?: number;
    } = {},
  ) {
    super();
    this.param('weight', normal_(zeros([inChannels, outChannels, kernel, kernel]), 0, INIT_STD));
    this.param('bias', o.bias === false ? null : zeros([outChannels]));
  }
  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.p('weight')!, this.p('bias'), {
      stride: this.o.stride ?? 1,
      padding: this.o.padding ?? 0,
      outputPadding: this.o.outputPadding ?? 0,
    });
  }
}

/** Batch normalisation for inference with running statistics (PyTorch's BatchNorm2d in eval mode). */
export class BatchNorm2d extends Layer {
  constructor(
    readonly channels: number,
    readonly eps = 1e-5,
  ) {
    super();
    this.param('weight', ones([channels]));
    this.param('bias', zeros([channels]));
    this.buffer('running_mean', zeros([channels]));
    this.buffer('running_var', ones([channels]));
    this.buffer('num_batches_tracked', zeros([]));
  }
  forward(x: Tensor): Tensor {
    return batchNormEval(
      x,
      this.p('weight')!,
      this.p('bias')!,
      this.b('running_mean'),
      this.b('running_var'),
      this.eps,
    );
  }
}

/** Per-sample statistics, biased variance, no running statistics (PyTorch's InstanceNorm2d). */
export class InstanceNorm2d extends Layer {
  constructor(
    readonly channels: number,
    readonly affine = true,
    readonly eps = 1e-5,
  ) {
    super();
    this.param('weight', affine ? ones([channels]) : null);
    this.param('bias', affine ? zeros([channels]) : null);
  }
  forward(x: Tensor): Tensor {
    return instanceNorm(x, this.p('weight'), this.p('bias'), this.eps);
  }
}

export class ReLU extends Layer {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class LeakyReLU extends Layer {
  constructor(readonly slope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.slope);
  }
}

export class Tanh extends Layer {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Sigmoid extends Layer {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class ReflectionPad2d extends Layer {
  constructor(readonly amount: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    const p = this.amount;
    return pad(x, [p, p, p, p], 'reflect');
  }
}

/** A 3 × 3 binomial blur of each channel, reflection-padded, then this convolution (anti-aliased downsampling before a
 * strided one). Its parameters are the convolution's, under the same names. */
export class BlurredConv2d extends Conv2d {
  private binomial?: Tensor;

  override forward(x: Tensor): Tensor {
    const c = x.shape[1]!;
    if (this.binomial?.shape[0] !== c || this.binomial.device !== x.device) {
      this.binomial?.dispose();
      const k = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);
      this.binomial = keep(tensor(Array.from({ length: c }, () => k).flat(), [c, 1, 3, 3], x.device));
    }
    return super.forward(conv2d(pad(x, [1, 1, 1, 1], 'reflect'), this.binomial!, null, { groups: c }));
  }
}

/** ×2 upsampling with align_corners false (torch.nn.Upsample(scale_factor=2, mode=…)); bilinear by default. */
export class Upsample2x extends Layer {
  constructor(readonly mode: 'bilinear' | 'nearest' = 'bilinear') {
    super();
  }
  forward(x: Tensor): Tensor {
    return interpolate(x, [x.shape[2]! * 2, x.shape[3]! * 2], this.mode, false);
  }
}

/** Children are named 0, 1, 2… as in torch.nn.Sequential. */
export class Sequential extends Layer {
  readonly layers: Layer[];
  constructor(...layers: Layer[]) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.child(String(i), l));
  }
  /** Drops each intermediate handle as soon as the next layer has it, as PyTorch's refcounting does
   * (autograd keeps whatever it saved), so memory is reused while still warm. */
  forward(x: Tensor): Tensor {
    let h = x;
    for (const l of this.layers) {
      const next = l.forward(h);
      if (h !== x && next !== h) h.dispose();
      h = next;
    }
    return h;
  }
}

/** x + [conv 3×3, IN, ReLU, conv 3×3, IN](x), convolutions without bias (GANimation, CycleGAN). */
export class ResidualBlock extends Layer {
  readonly main: Sequential;
  constructor(readonly dim: number) {
    super();
    this.main = this.child(
      'main',
      new Sequential(
        new Conv2d(dim, dim, 3, { padding: 1, bias: false }),
        new InstanceNorm2d(dim),
        new ReLU(),
        new Conv2d(dim, dim, 3, { padding: 1, bias: false }),
        new InstanceNorm2d(dim),
      ),
    );
  }
  forward(x: Tensor): Tensor {
    return add(x, this.main.forward(x));
  }
}
