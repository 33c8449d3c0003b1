// face-api's face-recognition network (dlib's ResNet-34-like metric net: faces closer than 0.6 in its
// 128-d descriptor space are one person) on our engine, so identity can be a differentiable loss.
// Layer for layer as FaceRecognitionNet.forwardInput in @vladmandic/face-api (src/faceRecognitionNet).
import { InvalidOptionError, WeightsMismatchError } from '../../errors.js';
import { readFaceRecognitionWeights, type NamedWeight } from '../../face/recognition-weights.js';
import { Conv2d, Layer, Module, type HostTensor } from '../../nn/index.js';
import {
  add,
  avgPool2d,
  constant,
  div,
  interpolate,
  matmul,
  maxPool2d,
  mean,
  mul,
  pad,
  relu,
  slice,
  sub,
  type Tensor,
  zeros,
} from '../../torch/index.js';

export const RECOGNITION_INPUT_SIZE = 150;
export const DESCRIPTOR_SIZE = 128;
/** face-api subtracts this mean (RGB, 0..255 scale) and then divides by 255. */
const MEAN_RGB = Float32Array.from([122.782, 117.001, 104.298]);

/**
 * face-api's residual and residualDown: conv 3×3, ReLU, conv 3×3 (dlib's per-channel scale layer
 * folded into each conv at load), plus the shortcut, ReLU. Down blocks use a stride-2 'valid' conv and
 * a 2×2 average-pooled shortcut whose missing channels are zeros.
 */
class Residual extends Layer {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly down: boolean,
  ) {
    super();
    this.conv1 = this.child('conv1', new Conv2d(inChannels, outChannels, 3, down ? { stride: 2 } : { padding: 1 }));
    this.conv2 = this.child('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1 }));
  }
  forward(x: Tensor): Tensor {
    const out = this.conv2.forward(relu(this.conv1.forward(x)));
    if (!this.down) return relu(add(out, x));
    const pooled = avgPool2d(x, 2);
    // a 'valid' stride-2 conv can come out a row and column short of the pooled shortcut (3 vs 4, 1 vs 2): face-api
    // appends zeros
    const [dh, dw] = [pooled.shape[2]! - out.shape[2]!, pooled.shape[3]! - out.shape[3]!];
    const grown = dh || dw ? pad(out, [0, dw, 0, dh]) : out;
    // six pads reach the channel dim (constant_pad_nd)
    const wide =
      this.outChannels > this.inChannels ? pad(pooled, [0, 0, 0, 0, 0, this.outChannels - this.inChannels]) : pooled;
    return relu(add(grown, wide));
  }
}

/** [name, in, out, down] in face-api's order and with its names. */
const BLOCKS: [string, number, number, boolean][] = [
  ['conv32_1', 32, 32, false],
  ['conv32_2', 32, 32, false],
  ['conv32_3', 32, 32, false],
  ['conv64_down', 32, 64, true],
  ['conv64_1', 64, 64, false],
  ['conv64_2', 64, 64, false],
  ['conv64_3', 64, 64, false],
  ['conv128_down', 64, 128, true],
  ['conv128_1', 128, 128, false],
  ['conv128_2', 128, 128, false],
  ['conv256_down', 128, 256, true],
  ['conv256_1', 256, 256, false],
  ['conv256_2', 256, 256, false],
  ['conv256_down_out', 256, 256, true],
];

/** A fixed judge: its parameters never need gradients, only its input does. */
export class FaceRecognitionNet extends Module {
  readonly stem: Conv2d;
  readonly blocks: Residual[];

  constructor() {
    super();
    this.stem = this.child('conv32_down', new Conv2d(3, 32, 7, { stride: 2 }));
    this.blocks = BLOCKS.map(([name, i, o, down]) => this.child(name, new Residual(i, o, down)));
    this.param('fc', zeros([256, DESCRIPTOR_SIZE]));
    this.freeze();
  }

  /** x: [B, 3, 150, 150] RGB in 0..255 → the stem's pooled maps [B, 32, 35, 35], where the residual blocks start. */
  private stemOf(x: Tensor): Tensor {
    const [, c, h, w] = x.shape;
    if (x.rank !== 4 || c !== 3 || h !== RECOGNITION_INPUT_SIZE || w !== RECOGNITION_INPUT_SIZE) {
      throw new InvalidOptionError(
        `the face-recognition net takes [B, 3, 150, 150] RGB in 0..255, not [${x.shape}]; use toRecognitionInput for generator images`,
      );
    }
    const normalised = div(sub(x, constant(MEAN_RGB, [1, 3, 1, 1], x.device)), 255);
    return maxPool2d(relu(this.stem.forward(normalised)), 3, 2);
  }

  /** x: [B, 3, 150, 150] RGB in 0..255 → descriptors [B, 128]. */
  forward(x: Tensor): Tensor {
    let out = this.stemOf(x);
    for (const block of this.blocks) {
      const next = block.forward(out);
      out.dispose(); // early release as in Sequential; autograd keeps what it saved
      out = next;
    }
    return matmul(mean(out, [2, 3]), this.p('fc')!);
  }

  /** The feature maps after residual block d, for each d of `depths` (1–14; only the blocks up to the deepest run): x
   * as forward's. After block 3 (conv32_3): [B, 32, 35, 35]; after 7 (conv64_3): [B, 64, 17, 17]. What a critic on a
   * fixed net's features reads (Projected GANs: Sauer et al., NeurIPS 2021). */
  features(x: Tensor, depths: readonly number[]): Tensor[] {
    if (!depths.length || depths.some((d) => !Number.isInteger(d) || d < 1 || d > this.blocks.length))
      throw new InvalidOptionError(`feature depths are residual blocks 1–${this.blocks.length}, not [${depths}]`);
    let out = this.stemOf(x);
    const maps: Tensor[] = [];
    for (let i = 0; i < Math.max(...depths); i++) {
      out = this.blocks[i]!.forward(out);
      if (depths.includes(i + 1)) maps.push(out);
    }
    return maps;
  }

  override to(device: string): this {
    super.to(device);
    return this.freeze(); // moving re-creates the parameters as trainable leaves
  }

  private freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }
}

/**
 * Generator images [B, 3, N, N] in [-1, 1] → the net's input, resized as face-api resizes an N×N crop:
 * tf.image.resizeBilinear without align-corners or half-pixel centres samples source pixel i·N/150,
 * clamped at the last row and column. Align-corners interpolation of the image with one replicated
 * row and column (N+1 pixels) onto 151 samples has exactly that spacing, N/150; the 151st is dropped.
 */
export function toRecognitionInput(images: Tensor): Tensor {
  const [, c, h, w] = images.shape;
  if (images.rank !== 4 || c !== 3 || h !== w)
    throw new InvalidOptionError(`toRecognitionInput takes square RGB images [B, 3, N, N], not [${images.shape}]`);
  const pixels = mul(add(images, 1), 127.5);
  if (h === RECOGNITION_INPUT_SIZE) return pixels;
  const n = RECOGNITION_INPUT_SIZE;
  const resized = interpolate(pad(pixels, [0, 1, 0, 1], 'replicate'), [n + 1, n + 1], 'bilinear', true);
  return slice(slice(resized, 2, 0, n), 3, 0, n);
}

/** face-api's weights as our state dict: filters HWIO → OIHW, with each conv's scale layer folded in. */
export function recognitionStateDict(weights: Map<string, NamedWeight>): Map<string, HostTensor> {
  const get = (name: string): NamedWeight => {
    const w = weights.get(name);
    if (!w)
      throw new WeightsMismatchError(
        `face-recognition weights lack ${name}; is this face_recognition_model-weights_manifest.json?`,
      );
    return w;
  };
  const state = new Map<string, HostTensor>();
  const convs = ['conv32_down', ...BLOCKS.flatMap(([b]) => [`${b}/conv1`, `${b}/conv2`])];
  for (const prefix of convs) {
    const filters = get(`${prefix}/conv/filters`);
    const [bias, scale, shift] = [
      get(`${prefix}/conv/bias`).data,
      get(`${prefix}/scale/weights`).data,
      get(`${prefix}/scale/biases`).data,
    ];
    const [kh, kw, ci, co] = filters.shape as [number, number, number, number];
    const weight = new Float32Array(filters.data.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < ci; i++)
          for (let o = 0; o < co; o++)
            weight[((o * ci + i) * kh + y) * kw + x] = filters.data[((y * kw + x) * ci + i) * co + o]! * scale[o]!;
    const name = prefix.replace('/', '.');
    state.set(`${name}.weight`, { shape: [co, ci, kh, kw], data: weight });
    // (conv + b) · s + t = conv · s + (b · s + t)
    state.set(`${name}.bias`, { shape: [co], data: bias.map((b, o) => b * scale[o]! + shift[o]!) });
  }
  const fc = get('fc');
  state.set('fc', { shape: fc.shape, data: fc.data });
  return state;
}

/** The net with face-api's shipped weights, frozen, on `device`. */
export function loadFaceRecognitionNet(o: { device?: string; modelDir?: string } = {}): FaceRecognitionNet {
  const net = new FaceRecognitionNet();
  net.loadStateDict(recognitionStateDict(readFaceRecognitionWeights(o.modelDir)), 'face_recognition_model');
  return o.device && o.device !== 'cpu' ? net.to(o.device) : net;
}
