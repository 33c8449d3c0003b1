// GeoGAN's encoder / decoder pieces (the authors' SkipConnHead, ResnetBlock, SkipConnTail), with their
// state-dict names. Instance norms have no affine parameters, as in the reference.
import {
  Conv2d,
  InstanceNorm2d,
  Layer,
  Module,
  ReflectionPad2d,
  ReLU,
  Sequential,
  Upsample2x,
} from '../../../nn/index.js';
import { add, cat, type Tensor } from '../../../torch/index.js';

/** reflect-pad 7×7 conv, then `nd` stride-2 3×3 convs, each with IN + ReLU; returns every level's features. */
export class SkipConnHead extends Module {
  readonly layers: Sequential;
  constructor(inputNc: number, nd: number, nf: number) {
    super();
    const l: Layer[] = [new ReflectionPad2d(3), new Conv2d(inputNc, nf, 7), new InstanceNorm2d(nf, false), new ReLU()];
    for (let i = 0; i < nd; i++)
      l.push(
        new Conv2d(nf * 2 ** i, nf * 2 ** (i + 1), 3, { stride: 2, padding: 1 }),
        new InstanceNorm2d(nf * 2 ** (i + 1), false),
        new ReLU(),
      );
    this.layers = this.child('layers', new Sequential(...l));
  }
  /** [f0 (nf, S), f1 (2nf, S/2), …, f_nd (nf·2^nd, S/2^nd)]. */
  forward(x: Tensor): Tensor[] {
    const out: Tensor[] = [];
    let h = x;
    for (const l of this.layers.layers) {
      h = l.forward(h);
      if (l instanceof ReLU) out.push(h);
    }
    return out;
  }
}

/** x + [reflect-pad, conv 3×3, IN, ReLU, reflect-pad, conv 3×3, IN](x) (pix2pixHD). */
export class ResnetBlock extends Layer {
  readonly convBlock: Sequential;
  constructor(dim: number) {
    super();
    this.convBlock = this.child(
      'conv_block',
      new Sequential(
        new ReflectionPad2d(1),
        new Conv2d(dim, dim, 3),
        new InstanceNorm2d(dim, false),
        new ReLU(),
        new ReflectionPad2d(1),
        new Conv2d(dim, dim, 3),
        new InstanceNorm2d(dim, false),
      ),
    );
  }
  forward(x: Tensor): Tensor {
    return add(x, this.convBlock.forward(x));
  }
}

/**
 * The decoder: per level, concatenate the skip, upsample ×2 (bilinear), 1×1 conv, reflect-pad 3×3
 * conv, IN, ReLU; then a 7×7 conv on [x, f0]. `skipFactor` 2 when the skips come from one image,
 * 3 when they are two images' features side by side.
 */
export class SkipConnTail extends Module {
  private readonly stages: Sequential[] = [];
  readonly output: Sequential;
  constructor(outputNc: number, nd: number, nf: number, skipFactor: 2 | 3) {
    super();
    for (let i = 0; i < nd; i++) {
      const c = nf * 2 ** (nd - i - 1);
      this.stages.push(
        this.child(
          `layer_${i}`,
          new Sequential(
            new Upsample2x(),
            new Conv2d(nf * 2 ** (nd - i) * skipFactor, c, 1),
            new ReflectionPad2d(1),
            new Conv2d(c, c, 3),
            new InstanceNorm2d(c, false),
            new ReLU(),
          ),
        ),
      );
    }
    this.output = this.child('output', new Sequential(new Conv2d(skipFactor * nf, outputNc, 7, { padding: 3 })));
  }
  forward(x: Tensor, skips: Tensor[]): Tensor {
    let h = x;
    for (let k = 0; k < this.stages.length; k++) h = this.stages[k]!.forward(cat([h, skips[skips.length - 1 - k]!], 1));
    return this.output.forward(cat([h, skips[0]!], 1));
  }
}

/** [conv 3×3 (16nf → 8nf), IN, ReLU, n × ResnetBlock]: the fused bottleneck (flow_block, mask_block). */
export function fusedBlock(nf: number, nd: number, nBlocks: number): Sequential {
  const d = nf * 2 ** nd;
  return new Sequential(
    new Conv2d(2 * d, d, 3, { padding: 1 }),
    new InstanceNorm2d(d, false),
    new ReLU(),
    ...Array.from({ length: nBlocks }, () => new ResnetBlock(d)),
  );
}
