// Critics of one part of an aligned face, the mouth and the eyes, beside the whole-face critic (as inpainting's local
// discriminator beside its global one): a whole-face critic averages a smeared mouth away over the rest of the face,
// which is what eval's part gate (metrics/part-realism.ts) and the sample sheets still see. No AU head: they judge
// looks. Judged on the pixels, they told nothing apart for hundreds of CPU iterations while a colour head painted
// bars; judged on the features of a fixed face network (face-api's recognition net, trained on millions of faces),
// only a small head learns (Projected GANs, Sauer et al. 2021: a critic on fixed pretrained features learns in far
// fewer images).
import { InvalidOptionError } from '../../../errors.js';
import { FACE_PARTS, partBox, type Box, type FacePart } from '../../../face/part-boxes.js';
import {
  type FaceRecognitionNet,
  RECOGNITION_INPUT_SIZE,
  toRecognitionInput,
} from '../../../networks/face-recognition/index.js';
import { Conv2d, LeakyReLU, Module, Sequential, type Layer } from '../../../nn/index.js';
import { copy_, div, leakyRelu, mean, mul, noGrad, select, slice, stack, type Tensor } from '../../../torch/index.js';

/** Stride-2 layers of a part critic: the 128-px mouth box (34 × 64) becomes 4 × 8 patch scores. */
const PART_LAYERS = 3;

/** The part's box cut out of aligned images [B, C, S, S] (a view: gradients flow back into the whole image). */
export function cropPart(image: Tensor, part: FacePart): Tensor {
  const b = partBox(part, image.shape[3]!);
  return slice(slice(image, 2, b.top, b.top + b.height), 3, b.left, b.left + b.width);
}

/** One part's critic: crop [B, 3, h, w] → patch scores [B, h/8, w/8]. */
export class PartCritic extends Module {
  readonly main: Sequential;
  readonly score: Conv2d;

  constructor(width: number) {
    super();
    const layers: Layer[] = [];
    let d = 3;
    for (let i = 0; i < PART_LAYERS; i++) {
      const next = width * 2 ** i;
      layers.push(new Conv2d(d, next, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.01));
      d = next;
    }
    this.main = this.child('main', new Sequential(...layers));
    this.score = this.child('score', new Conv2d(d, 1, 3, { padding: 1, bias: false }));
  }

  forward(crop: Tensor): Tensor {
    return select(this.score.forward(this.main.forward(crop)), 1, 0);
  }
}

/** What the part critics read: the crop's pixels, or the recognition net's feature maps over the crop. */
export type PartFeatures = 'pixels' | 'recognition';
export const PART_FEATURES: readonly PartFeatures[] = ['pixels', 'recognition'];

/** The recognition net's levels a feature critic reads: after `depth` residual blocks, `channels` maps whose cell m is
 * centred on pixel `offset + stride·m` of the net's 150-px input (the stem's 7 × 7 stride-2 convolution and 3 × 3
 * stride-2 pooling, then the 'valid' stride-2 convolution of conv64_down). */
export const RECOGNITION_LEVELS = [
  { depth: 3, channels: 32, stride: 4, offset: 5 },
  { depth: 7, channels: 64, stride: 8, offset: 9 },
] as const;
type Level = (typeof RECOGNITION_LEVELS)[number];

/** The cells of a level whose centres fall inside the part's box of an aligned crop of `size` pixels. */
export function featureCells(part: FacePart, size: number, level: Level): Box {
  const b = partBox(part, size);
  const k = RECOGNITION_INPUT_SIZE / size;
  const first = (px: number) => Math.ceil((px * k - level.offset) / level.stride);
  const [left, top] = [first(b.left), first(b.top)];
  return { left, top, width: first(b.left + b.width) - left, height: first(b.top + b.height) - top };
}

/** A head on one level's cells of one part: 1 × 1 convolution, LeakyReLU, 3 × 3 score → patch scores [B, h, w].
 * With a gain g, each layer's output is multiplied by g and its initial weights divided by g: the same function at the
 * start, and Adam's steps move it g times as far (ProGAN's equalised learning rate, used here to speed the heads up
 * alone). */
export class FeatureHead extends Module {
  readonly project: Conv2d;
  readonly score: Conv2d;
  constructor(
    channels: number,
    width: number,
    readonly gain = 1,
  ) {
    super();
    this.project = this.child('project', new Conv2d(channels, width, 1));
    this.score = this.child('score', new Conv2d(width, 1, 3, { padding: 1, bias: false }));
    if (gain !== 1)
      noGrad(() => {
        for (const p of this.parameters()) copy_(p, div(p, gain));
      });
  }
  forward(cells: Tensor): Tensor {
    const gained = (t: Tensor) => (this.gain === 1 ? t : mul(t, this.gain));
    const hidden = leakyRelu(gained(this.project.forward(cells)), 0.2);
    return select(gained(this.score.forward(hidden)), 1, 0);
  }
}

/** A critic per face part, each judging its box of the whole aligned image. */
export class PartCritics extends Module {
  readonly critics: Record<FacePart, PartCritic>;
  /** With recognition features: a head per part and level, `${part}${level index}`, e.g. mouth0 (no pixel critics). */
  readonly heads: Record<string, FeatureHead>;
  private recognition?: FaceRecognitionNet;

  constructor(
    width: number,
    readonly features: PartFeatures = 'pixels',
    headGain = 1,
  ) {
    super();
    if (!PART_FEATURES.includes(features))
      throw new InvalidOptionError(`part critics read ${PART_FEATURES.join(' or ')}, not ${features}`);
    const pixels = features === 'pixels';
    this.critics = Object.fromEntries(
      pixels ? FACE_PARTS.map((p) => [p, this.child(p, new PartCritic(width))]) : [],
    ) as Record<FacePart, PartCritic>;
    this.heads = Object.fromEntries(
      pixels
        ? []
        : FACE_PARTS.flatMap((p) =>
            RECOGNITION_LEVELS.map((l, i) => [
              `${p}${i}`,
              this.child(`${p}${i}`, new FeatureHead(l.channels, width, headGain)),
            ]),
          ),
    );
  }

  /** The fixed net whose features the heads read (not part of the critic's state: it is never trained or saved). */
  useRecognition(net: FaceRecognitionNet): this {
    this.recognition = net;
    return this;
  }

  /** Patch scores of `part` of aligned images [B, 3, S, S]: [B, h, w] from pixels; from features, each level's mean
   * score, [B, levels]. */
  judge(image: Tensor, part: FacePart): Tensor {
    return this.judgeAll(image, [part])[part]!;
  }

  /** Every part's scores of one batch, its features computed once. */
  judgeAll(image: Tensor, parts: readonly FacePart[] = FACE_PARTS): Partial<Record<FacePart, Tensor>> {
    if (this.features === 'pixels')
      return Object.fromEntries(parts.map((p) => [p, this.critics[p].forward(cropPart(image, p))]));
    if (!this.recognition)
      throw new InvalidOptionError(
        'part critics on recognition features need the face-recognition net: call useRecognition(loadFaceRecognitionNet())',
      );
    const size = image.shape[3]!;
    const maps = this.recognition.features(
      toRecognitionInput(image),
      RECOGNITION_LEVELS.map((l) => l.depth),
    );
    const out: Partial<Record<FacePart, Tensor>> = {};
    for (const p of parts) {
      const scores = RECOGNITION_LEVELS.map((l, i) => {
        const c = featureCells(p, size, l);
        const cells = slice(slice(maps[i]!, 2, c.top, c.top + c.height), 3, c.left, c.left + c.width);
        return mean(this.heads[`${p}${i}`]!.forward(cells), [1, 2]);
      });
      out[p] = stack(scores, 1);
    }
    return out;
  }
}
