// The 2015 Inception v3 network that FID is defined with, as pytorch-fid builds it: torchvision's
// Inception3 layout and state-dict names (so `pt_inception-2015-12-05-6726825d.pth` loads as is), with
// pytorch-fid's FID blocks — average pools that do not count padding, and a max pool in the last
// block's pool branch, as in the TensorFlow graph. Runs on the libtorch engine.
//   pool3: 2048-d features for FID/KID;  logits: 1008 classes without the fc bias, the "unbiased"
//   logits torch-fidelity computes the Inception Score from.
import { BadFileError } from '../errors.js';
import { Module } from '../nn/module.js';
import { BatchNorm2d, Conv2d } from '../nn/layers.js';
import { readTorchCheckpoint } from '../nn/pytorch/checkpoint.js';
import type { HostTensor } from '../nn/safetensors.js';
import {
  avgPool2d,
  cat,
  interpolate,
  matmul,
  maxPool2d,
  mean,
  mul,
  noGrad,
  normal_,
  relu,
  scope,
  sub,
  type Tensor,
  tensor,
  transpose,
  zeros,
} from '../torch/index.js';

type Pair = [number, number];
type K = number | Pair;

/** conv (no bias) → batch norm (eps 0.001) → ReLU, named conv / bn. */
class BasicConv2d extends Module {
  private readonly conv: Conv2d;
  private readonly bn: BatchNorm2d;
  constructor(inC: number, outC: number, kernel: K, o: { stride?: number; padding?: K } = {}) {
    super();
    this.conv = this.child(
      'conv',
      new Conv2d(inC, outC, kernel, { bias: false, stride: o.stride ?? 1, padding: o.padding ?? 0 }),
    );
    this.bn = this.child('bn', new BatchNorm2d(outC, 0.001));
  }
  forward(x: Tensor): Tensor {
    return relu(this.bn.forward(this.conv.forward(x)));
  }
}

/** Builds BasicConv2d children in declaration order (which is the state-dict order). */
abstract class Block extends Module {
  protected readonly c: Record<string, BasicConv2d> = {};
  protected conv(name: string, inC: number, outC: number, kernel: K, o: { stride?: number; padding?: K } = {}): void {
    this.c[name] = this.child(name, new BasicConv2d(inC, outC, kernel, o));
  }
  protected run(x: Tensor, ...names: string[]): Tensor {
    return names.reduce((y, n) => this.c[n]!.forward(y), x);
  }
  abstract forward(x: Tensor): Tensor;
}

const avgNoPad = (x: Tensor) => avgPool2d(x, 3, 1, 1, false);

class InceptionA extends Block {
  constructor(inC: number, poolFeatures: number) {
    super();
    this.conv('branch1x1', inC, 64, 1);
    this.conv('branch5x5_1', inC, 48, 1);
    this.conv('branch5x5_2', 48, 64, 5, { padding: 2 });
    this.conv('branch3x3dbl_1', inC, 64, 1);
    this.conv('branch3x3dbl_2', 64, 96, 3, { padding: 1 });
    this.conv('branch3x3dbl_3', 96, 96, 3, { padding: 1 });
    this.conv('branch_pool', inC, poolFeatures, 1);
  }
  forward(x: Tensor): Tensor {
    return cat(
      [
        this.run(x, 'branch1x1'),
        this.run(x, 'branch5x5_1', 'branch5x5_2'),
        this.run(x, 'branch3x3dbl_1', 'branch3x3dbl_2', 'branch3x3dbl_3'),
        this.run(avgNoPad(x), 'branch_pool'),
      ],
      1,
    );
  }
}

class InceptionB extends Block {
  constructor(inC: number) {
    super();
    this.conv('branch3x3', inC, 384, 3, { stride: 2 });
    this.conv('branch3x3dbl_1', inC, 64, 1);
    this.conv('branch3x3dbl_2', 64, 96, 3, { padding: 1 });
    this.conv('branch3x3dbl_3', 96, 96, 3, { stride: 2 });
  }
  forward(x: Tensor): Tensor {
    return cat(
      [this.run(x, 'branch3x3'), this.run(x, 'branch3x3dbl_1', 'branch3x3dbl_2', 'branch3x3dbl_3'), maxPool2d(x, 3, 2)],
      1,
    );
  }
}

class InceptionC extends Block {
  constructor(inC: number, c7: number) {
    super();
    const [row, col]: [{ padding: K }, { padding: K }] = [{ padding: [0, 3] }, { padding: [3, 0] }];
    this.conv('branch1x1', inC, 192, 1);
    this.conv('branch7x7_1', inC, c7, 1);
    this.conv('branch7x7_2', c7, c7, [1, 7], row);
    this.conv('branch7x7_3', c7, 192, [7, 1], col);
    this.conv('branch7x7dbl_1', inC, c7, 1);
    this.conv('branch7x7dbl_2', c7, c7, [7, 1], col);
    this.conv('branch7x7dbl_3', c7, c7, [1, 7], row);
    this.conv('branch7x7dbl_4', c7, c7, [7, 1], col);
    this.conv('branch7x7dbl_5', c7, 192, [1, 7], row);
    this.conv('branch_pool', inC, 192, 1);
  }
  forward(x: Tensor): Tensor {
    return cat(
      [
        this.run(x, 'branch1x1'),
        this.run(x, 'branch7x7_1', 'branch7x7_2', 'branch7x7_3'),
        this.run(x, 'branch7x7dbl_1', 'branch7x7dbl_2', 'branch7x7dbl_3', 'branch7x7dbl_4', 'branch7x7dbl_5'),
        this.run(avgNoPad(x), 'branch_pool'),
      ],
      1,
    );
  }
}

class InceptionD extends Block {
  constructor(inC: number) {
    super();
    this.conv('branch3x3_1', inC, 192, 1);
    this.conv('branch3x3_2', 192, 320, 3, { stride: 2 });
    this.conv('branch7x7x3_1', inC, 192, 1);
    this.conv('branch7x7x3_2', 192, 192, [1, 7], { padding: [0, 3] });
    this.conv('branch7x7x3_3', 192, 192, [7, 1], { padding: [3, 0] });
    this.conv('branch7x7x3_4', 192, 192, 3, { stride: 2 });
  }
  forward(x: Tensor): Tensor {
    return cat(
      [
        this.run(x, 'branch3x3_1', 'branch3x3_2'),
        this.run(x, 'branch7x7x3_1', 'branch7x7x3_2', 'branch7x7x3_3', 'branch7x7x3_4'),
        maxPool2d(x, 3, 2),
      ],
      1,
    );
  }
}

/** pytorch-fid's FIDInceptionE_1 (average pool without padding) or _2 (max pool). */
class InceptionE extends Block {
  constructor(
    inC: number,
    private readonly pool: 'avg' | 'max',
  ) {
    super();
    this.conv('branch1x1', inC, 320, 1);
    this.conv('branch3x3_1', inC, 384, 1);
    this.conv('branch3x3_2a', 384, 384, [1, 3], { padding: [0, 1] });
    this.conv('branch3x3_2b', 384, 384, [3, 1], { padding: [1, 0] });
    this.conv('branch3x3dbl_1', inC, 448, 1);
    this.conv('branch3x3dbl_2', 448, 384, 3, { padding: 1 });
    this.conv('branch3x3dbl_3a', 384, 384, [1, 3], { padding: [0, 1] });
    this.conv('branch3x3dbl_3b', 384, 384, [3, 1], { padding: [1, 0] });
    this.conv('branch_pool', inC, 192, 1);
  }
  forward(x: Tensor): Tensor {
    const b3 = this.run(x, 'branch3x3_1');
    const d3 = this.run(x, 'branch3x3dbl_1', 'branch3x3dbl_2');
    const pooled = this.pool === 'avg' ? avgNoPad(x) : maxPool2d(x, 3, 1, 1);
    return cat(
      [
        this.run(x, 'branch1x1'),
        cat([this.run(b3, 'branch3x3_2a'), this.run(b3, 'branch3x3_2b')], 1),
        cat([this.run(d3, 'branch3x3dbl_3a'), this.run(d3, 'branch3x3dbl_3b')], 1),
        this.run(pooled, 'branch_pool'),
      ],
      1,
    );
  }
}

class Linear extends Module {
  constructor(inF: number, outF: number) {
    super();
    this.param('weight', normal_(zeros([outF, inF]), 0, 0.01));
    this.param('bias', zeros([outF]));
  }
  /** x · Wᵀ without the bias (torch-fidelity's "logits_unbiased"). */
  unbiased(x: Tensor): Tensor {
    return matmul(x, transpose(this.p('weight')!, 0, 1));
  }
}

export const INCEPTION_INPUT = 299;
export const INCEPTION_NAME = 'inception2015';

export class Inception2015 extends Module {
  private readonly stem: BasicConv2d[] = [];
  private readonly mixed: Module[] = [];
  private readonly fc: Linear;

  constructor() {
    super();
    const stem = (name: string, ...a: ConstructorParameters<typeof BasicConv2d>) =>
      this.stem.push(this.child(name, new BasicConv2d(...a)));
    stem('Conv2d_1a_3x3', 3, 32, 3, { stride: 2 });
    stem('Conv2d_2a_3x3', 32, 32, 3);
    stem('Conv2d_2b_3x3', 32, 64, 3, { padding: 1 });
    stem('Conv2d_3b_1x1', 64, 80, 1);
    stem('Conv2d_4a_3x3', 80, 192, 3);
    const blocks: [string, Block][] = [
      ['Mixed_5b', new InceptionA(192, 32)],
      ['Mixed_5c', new InceptionA(256, 64)],
      ['Mixed_5d', new InceptionA(288, 64)],
      ['Mixed_6a', new InceptionB(288)],
      ['Mixed_6b', new InceptionC(768, 128)],
      ['Mixed_6c', new InceptionC(768, 160)],
      ['Mixed_6d', new InceptionC(768, 160)],
      ['Mixed_6e', new InceptionC(768, 192)],
      ['Mixed_7a', new InceptionD(768)],
      ['Mixed_7b', new InceptionE(1280, 'avg')],
      ['Mixed_7c', new InceptionE(2048, 'max')],
    ];
    for (const [name, b] of blocks) this.mixed.push(this.child(name, b));
    this.fc = this.child('fc', new Linear(2048, 1008));
  }

  /** Loads pytorch-fid's `pt_inception-2015-12-05-*.pth` (or any state dict with these names). */
  static fromCheckpoint(path: string): Inception2015 {
    const { tensors } = readTorchCheckpoint(path);
    const net = new Inception2015();
    const state = new Map<string, HostTensor>(tensors);
    // checkpoints written before PyTorch 0.4.1 have no num_batches_tracked; it plays no part in eval mode
    for (const [n] of net.namedState())
      if (n.endsWith('num_batches_tracked') && !state.has(n)) state.set(n, { shape: [], data: new Float32Array(1) });
    if (!state.has('Mixed_7c.branch_pool.conv.weight'))
      throw new BadFileError(
        `${path} is not the 2015 Inception network's state dict (pt_inception-2015-12-05-6726825d.pth from pytorch-fid)`,
      );
    net.loadStateDict(state, path);
    return net;
  }

  /**
   * Images N×3×H×W in [0, 1] → { pool3: N×2048, logits: N×1008 } as pytorch-fid prepares them:
   * bilinear resize to 299×299 (align_corners false), scaled to [−1, 1].
   */
  forward(images: Tensor): { pool3: Tensor; logits: Tensor } {
    return noGrad(() => {
      let x =
        images.shape[2] === INCEPTION_INPUT && images.shape[3] === INCEPTION_INPUT
          ? images
          : interpolate(images, [INCEPTION_INPUT, INCEPTION_INPUT], 'bilinear', false);
      x = sub(mul(x, 2), 1);
      x = this.stem[0]!.forward(x);
      x = this.stem[1]!.forward(x);
      x = maxPool2d(this.stem[2]!.forward(x), 3, 2);
      x = this.stem[3]!.forward(x);
      x = maxPool2d(this.stem[4]!.forward(x), 3, 2);
      for (const b of this.mixed) x = (b as Block).forward(x);
      const pool3 = mean(x, [2, 3]);
      return { pool3, logits: this.fc.unbiased(pool3) };
    });
  }

  /** RGB bytes (HWC, any size) → float features on the host, batched through the network. */
  describe(images: { width: number; height: number; data: Uint8Array }[]): {
    pool3: Float32Array[];
    logits: Float32Array[];
  } {
    return scope(() => {
      const [w, h] = [images[0]!.width, images[0]!.height];
      const plane = w * h;
      const data = new Float32Array(images.length * 3 * plane);
      images.forEach((img, i) => {
        if (img.width !== w || img.height !== h) throw new BadFileError('images of one batch must share a size');
        for (let p = 0; p < plane; p++)
          for (let c = 0; c < 3; c++) data[i * 3 * plane + c * plane + p] = img.data[p * 3 + c]! / 255;
      });
      const { pool3, logits } = this.forward(tensor(data, [images.length, 3, h, w]));
      const [f, l] = [pool3.data(), logits.data()];
      return {
        pool3: images.map((_, i) => f.slice(i * 2048, (i + 1) * 2048)),
        logits: images.map((_, i) => l.slice(i * 1008, (i + 1) * 1008)),
      };
    });
  }
}
